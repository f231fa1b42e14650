package io.cdp.bench.report;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time the processes of a run have used, as the kernel counts it: each named process with its
 * descendants (Elasticsearch runs below {@code runuser} when started as root), except descendants
 * measured under a name of their own (the benchmark's JVM is the parent of Elasticsearch, Kafka
 * and the app). Two readings give what a phase of the benchmark cost each process: on a machine
 * they share, the reason a rate is what it is.
 */
public final class CpuMeter {

    private final Map<String, Long> pids;

    /** @param pids process name → pid, in the order a report lists them */
    public CpuMeter(Map<String, Long> pids) {
        this.pids = new LinkedHashMap<>(pids);
    }

    public Reading read() {
        Map<String, Duration> used = new LinkedHashMap<>();
        pids.keySet().forEach(name -> used.put(name, processesOf(name).stream()
                .map(p -> p.info().totalCpuDuration()).flatMap(Optional::stream).reduce(Duration.ZERO, Duration::plus)));
        return new Reading(System.nanoTime(), used);
    }

    /** The processes whose CPU counts for {@code name}: it and its descendants not measured under another name. */
    List<ProcessHandle> processesOf(String name) {
        Long pid = pids.get(name);
        Optional<ProcessHandle> root = pid == null ? Optional.empty() : ProcessHandle.of(pid);
        if (root.isEmpty()) {
            return List.of();
        }
        Set<Long> others = pids.values().stream().filter(other -> !other.equals(pid))
                .collect(Collectors.toSet());
        return Stream.concat(Stream.of(root.get()),
                root.get().descendants().filter(d -> !belowAnyOf(d, root.get(), others))).toList();
    }

    /** Whether {@code process} is one of {@code others}, or below one of them, on its way up to {@code root}. */
    private static boolean belowAnyOf(ProcessHandle process, ProcessHandle root, Set<Long> others) {
        for (Optional<ProcessHandle> p = Optional.of(process); p.isPresent() && !p.get().equals(root);
                p = p.get().parent()) {
            if (others.contains(p.get().pid())) {
                return true;
            }
        }
        return false;
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
