package io.cdp.bench.report;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU each process used in one phase of a run.
 *
 * @param byProcess process name → CPU time in the phase
 * @param wall      the phase's elapsed time
 * @param units     events (or documents) the phase handled
 */
public record CpuUse(Map<String, Duration> byProcess, Duration wall, long units) {

    public CpuUse {
        // in the meter's order, which the report keeps
        byProcess = Collections.unmodifiableMap(new LinkedHashMap<>(byProcess));
        if (units < 1 || wall.isNegative() || wall.isZero()) {
            throw new IllegalArgumentException("a phase needs units and elapsed time");
        }
    }

    /** CPU microseconds per unit of one process, 0 when it was not measured. */
    public double microsPerUnit(String process) {
        return byProcess.getOrDefault(process, Duration.ZERO).toNanos() / 1e3 / units;
    }

    public double totalMicrosPerUnit() {
        return total().toNanos() / 1e3 / units;
    }

    /** Cores kept busy on average: 2.0 is all of a 2-core machine. */
    public double coresBusy() {
        return cores(total());
    }

    private Duration total() {
        return byProcess.values().stream().reduce(Duration.ZERO, Duration::plus);
    }

    private double cores(Duration used) {
        return used.toNanos() / (double) wall.toNanos();
    }

    /** One line per process: µs per unit and cores busy, then the total. */
    public String render(String unit) {
        StringBuilder out = new StringBuilder();
        byProcess.forEach((process, used) -> out.append(String.format(Locale.ROOT, "  %-20s %8.0f µs/%-6s %5.2f cores%n",
                process, microsPerUnit(process), unit, cores(used))));
        out.append(String.format(Locale.ROOT, "  %-20s %8.0f µs/%-6s %5.2f cores%n", "all", totalMicrosPerUnit(), unit,
                coresBusy()));
        return out.toString();
    }
}
