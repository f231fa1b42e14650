package io.cdp.bench.report;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time the processes of a run have used, as the kernel counts it: each process with all its
 * descendants (Elasticsearch runs below {@code runuser} when started as root). Two readings give
 * what a phase of the benchmark cost each process: on a machine they share, the reason a rate is
 * what it is.
 */
public final class CpuMeter {

    private final Map<String, Long> pids;

    /** @param pids process name → pid, in the order a report lists them */
    public CpuMeter(Map<String, Long> pids) {
        this.pids = new LinkedHashMap<>(pids);
    }

    public Reading read() {
        Map<String, Duration> used = new LinkedHashMap<>();
        pids.forEach((name, pid) -> used.put(name, ProcessHandle.of(pid).map(CpuMeter::withDescendants)
                .orElse(Duration.ZERO)));
        return new Reading(System.nanoTime(), used);
    }

    private static Duration withDescendants(ProcessHandle process) {
        return Stream.concat(Stream.of(process), process.descendants()).map(p -> p.info().totalCpuDuration())
                .flatMap(Optional::stream).reduce(Duration.ZERO, Duration::plus);
    }

    /** CPU used per process up to {@code nanoTime}. */
    public record Reading(long nanoTime, Map<String, Duration> used) {

        /** What each process used from {@code before} to this reading, for {@code units} events or documents. */
        public CpuUse since(Reading before, long units) {
            Map<String, Duration> used = new LinkedHashMap<>();
            this.used.forEach((name, total) -> used.put(name, total.minus(before.used.getOrDefault(name, Duration.ZERO))));
            return new CpuUse(used, Duration.ofNanos(nanoTime - before.nanoTime), units);
        }
    }
}
