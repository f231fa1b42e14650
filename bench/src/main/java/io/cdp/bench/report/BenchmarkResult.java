package io.cdp.bench.report;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * The figures of one ingest benchmark run, rendered next to the targets they are judged by.
 *
 * @param events             events of the throughput phase
 * @param eventsPerProfile   the throughput phase's events per profile written in one consumer batch (the profile
 *                           store's {@code cdp.profile.batch.events-per-profile}), -1 when the app does not say
 * @param acceptedPerSecond  HTTP acceptance rate (202/200 answers) of the throughput phase
 * @param pipelinePerSecond  from the first request to the last event document stored
 * @param bulkPerSecond      raw {@code _bulk} of the same documents into a scratch index
 * @param offeredRate        the latency phase's open-loop rate
 * @param latencySamples     events measured in the latency phase
 * @param p50Millis          median of processedAt - receivedAt
 * @param p99Millis          99th percentile of processedAt - receivedAt
 * @param peakHeapBytes      highest sampled {@code jvm.memory.used{area=heap}}, -1 when unknown
 * @param peakRssBytes       VmHWM of the app process
 * @param pipelineCpu        CPU per process from the first request to the last event stored
 * @param bulkCpu            CPU per process during the raw {@code _bulk}
 */
public record BenchmarkResult(long events, double eventsPerProfile, double acceptedPerSecond, double pipelinePerSecond, double bulkPerSecond,
                              int offeredRate, long latencySamples, long p50Millis, long p99Millis,
                              long peakHeapBytes, OptionalLong peakRssBytes, CpuUse pipelineCpu, CpuUse bulkCpu) {

    /** The name {@link CpuMeter} readings give Elasticsearch's processes. */
    public static final String ELASTICSEARCH = "Elasticsearch";

    public static final double TARGET_EVENTS_PER_SECOND = 5_000;
    public static final double TARGET_RATIO = 0.4;
    public static final long TARGET_P99_MILLIS = 1_000;
    public static final long TARGET_HEAP_BYTES = 512L * 1024 * 1024;

    public double ratio() {
        return bulkPerSecond <= 0 ? 0 : pipelinePerSecond / bulkPerSecond;
    }

    /**
     * The ratio the pipeline could reach if everything but Elasticsearch cost nothing and the machine
     * were as busy as in the baseline: the baseline's whole CPU per document over Elasticsearch's
     * CPU per event in the pipeline.
     */
    public double ratioCeiling() {
        double elasticsearchPerEvent = pipelineCpu.microsPerUnit(ELASTICSEARCH);
        return elasticsearchPerEvent <= 0 ? 0 : bulkCpu.totalMicrosPerUnit() / elasticsearchPerEvent;
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-44s %14s   %-12s %s%n", "measure", "value", "target", "verdict"));
        line(out, "events (throughput phase)", String.format(Locale.ROOT, "%,d", events), "", "");
        line(out, "events per profile per consumer batch", eventsPerProfile < 0 ? "unknown"
                : String.format(Locale.ROOT, "%.2f", eventsPerProfile), "", "");
        line(out, "HTTP accepted, events/s", rate(acceptedPerSecond), "", "");
        line(out, "accepted -> stored in ES, events/s", rate(pipelinePerSecond), ">= 5,000",
                verdict(pipelinePerSecond >= TARGET_EVENTS_PER_SECOND));
        line(out, "raw ES _bulk of the same documents, docs/s", rate(bulkPerSecond), "", "");
        line(out, "ratio pipeline / raw bulk", String.format(Locale.ROOT, "%.2f", ratio()), ">= 0.40",
                verdict(ratio() >= TARGET_RATIO));
        line(out, String.format(Locale.ROOT, "latency p50 at %,d events/s (n=%,d)", offeredRate, latencySamples),
                p50Millis + " ms", "", "");
        line(out, String.format(Locale.ROOT, "latency p99 at %,d events/s", offeredRate), p99Millis + " ms", "<= 1,000 ms",
                verdict(p99Millis <= TARGET_P99_MILLIS));
        line(out, "app peak heap used (sampled)", peakHeapBytes < 0 ? "unknown" : megabytes(peakHeapBytes), "<= 512 MB",
                peakHeapBytes < 0 ? "unknown" : verdict(peakHeapBytes <= TARGET_HEAP_BYTES));
        line(out, "app peak RSS (VmHWM)", peakRssBytes.isPresent() ? megabytes(peakRssBytes.getAsLong()) : "unknown", "", "");
        out.append(String.format(Locale.ROOT, "%nCPU per event, accepted -> stored (%.0f s):%n",
                pipelineCpu.wall().toMillis() / 1e3));
        out.append(pipelineCpu.render("event"));
        out.append(String.format(Locale.ROOT, "CPU per document, raw _bulk (%.0f s):%n", bulkCpu.wall().toMillis() / 1e3));
        out.append(bulkCpu.render("doc"));
        out.append(String.format(Locale.ROOT, "ratio ceiling set by Elasticsearch's CPU alone: %.2f%n", ratioCeiling()));
        return out.toString();
    }

    private static void line(StringBuilder out, String measure, String value, String target, String verdict) {
        out.append(String.format(Locale.ROOT, "%-44s %14s   %-12s %s%n", measure, value, target, verdict).stripTrailing())
                .append('\n');
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%,d MB", bytes / (1024 * 1024));
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }
}
