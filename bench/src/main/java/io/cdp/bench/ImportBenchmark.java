package io.cdp.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import io.cdp.bench.cli.Arguments;
import io.cdp.bench.data.OrderFile;
import io.cdp.bench.http.ElasticsearchHttp;
import io.cdp.bench.http.RawBulkBaseline;
import io.cdp.bench.report.CpuMeter;
import io.cdp.bench.report.CpuUse;
import io.cdp.bench.report.IndexTime;
import io.cdp.bench.report.ProcessMemory;
import io.cdp.bench.report.ProgressBar;
import io.cdp.bench.stack.BenchStack;
import io.cdp.bench.stack.ConsumerProgress;
import io.cdp.platform.Topics;

/**
 * End-to-end import benchmark: a seeded line-level orders file ({@link OrderFile}) imported by
 * {@code java -jar cdp-app.jar import orders} (what {@code ./cdp import} runs) in its own JVM with a
 * small heap, against a real Elasticsearch, Kafka and the app, whose profile store turns the events
 * into profiles. The clock runs from the import JVM's start until the profile store has committed
 * every event (profiles updated); the importing JVM's heap is read from its GC log (peak, and the
 * most still live after a collection: flat when the file is streamed). The baseline is a raw
 * {@code _bulk} of the stored event documents. See {@code bench/README.md}; {@code bench/run-import.sh}.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class ImportBenchmark {

    private static final String SOURCE = "bench-import";
    private static final String PROFILE_STORE_GROUP = "cdp-profile-store";
    private static final Pattern GC_PAUSE = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    private final Options options;
    private final PrintStream out = System.out;

    record Options(long lines, long seed, Path appJar, String appHeap, String importHeap, int bulkBatchSize,
                   int concurrency, boolean keepData) {

        static final Set<String> NAMES = Set.of("lines", "seed", "app-jar", "app-heap", "import-heap",
                "bulk-batch-size", "concurrency", "keep-data");

        static Options parse(String[] args) {
            Arguments arguments = Arguments.parse(args, NAMES);
            return new Options(
                    arguments.number("lines", 1_000_000, 1),
                    arguments.number("seed", 42, Long.MIN_VALUE),
                    Path.of(arguments.text("app-jar", "app/target/cdp-app.jar")),
                    arguments.text("app-heap", "512m"),
                    arguments.text("import-heap", "256m"),
                    (int) arguments.number("bulk-batch-size", 1_000, 1),
                    (int) arguments.number("concurrency", 8, 1),
                    Boolean.parseBoolean(arguments.text("keep-data", "false")));
        }
    }

    /** The importing JVM's heap from its GC log: the largest heap before and after a collection, in bytes. */
    record HeapUse(long peakBytes, long peakAfterGcBytes, long collections) {

        static HeapUse fromGcLog(List<String> lines) {
            long peak = 0;
            long afterGc = 0;
            long collections = 0;
            for (String line : lines) {
                Matcher pause = GC_PAUSE.matcher(line);
                if (line.contains("Pause") && pause.find()) {
                    collections++;
                    peak = Math.max(peak, bytes(pause.group(1), pause.group(2)));
                    afterGc = Math.max(afterGc, bytes(pause.group(3), pause.group(4)));
                }
            }
            return new HeapUse(peak, afterGc, collections);
        }

        private static long bytes(String amount, String unit) {
            long shift = switch (unit) {
                case "K" -> 10;
                case "M" -> 20;
                default -> 30;
            };
            return Long.parseLong(amount) << shift;
        }
    }

    public static void main(String[] args) throws Exception {
        new ImportBenchmark(Arguments.parseOrExit("import benchmark", args, Options::parse)).run();
        System.exit(0);
    }

    private void run() throws Exception {
        try (BenchStack stack = BenchStack.start("cdp-import-bench", options.appJar(), options.appHeap(), this::step)) {
            if (options.keepData()) {
                stack.keepData();
            }
            Path files = Files.createTempDirectory("cdp-import-bench-files");
            try {
                measure(stack, files);
            } finally {
                if (!options.keepData()) {
                    BenchStack.deleteDirectory(files);
                }
            }
        }
    }

    private void measure(BenchStack stack, Path files) throws Exception {
        Path file = files.resolve("orders.csv");
        step(String.format(Locale.ROOT, "writing %,d order lines (seed %d) to %s", options.lines(), options.seed(), file));
        OrderFile.Written written = OrderFile.write(file, options.seed(), options.lines(),
                Instant.now().truncatedTo(ChronoUnit.DAYS));
        out.printf(Locale.ROOT, "%,d lines, %,d orders, %,d bytes%n", written.lines(), written.orders(), Files.size(file));
        stack.platform().createSource(SOURCE);
        ElasticsearchHttp elasticsearch = new ElasticsearchHttp(stack.elasticsearchUrl());
        CpuMeter cpu = stack.cpuMeter();

        step("importing with java -Xmx" + options.importHeap() + " -jar " + options.appJar() + " import orders");
        Path gcLog = files.resolve("import-gc.log");
        Path importLog = files.resolve("import.log");
        Instant since = Instant.now();
        IndexTime indexTimeAtStart = IndexTime.of(elasticsearch.stats());
        CpuMeter.Reading cpuAtStart = cpu.read();
        long start = System.nanoTime();
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + options.importHeap(), "-Xlog:gc:file=" + gcLog));
        String importJavaOpts = System.getenv().getOrDefault("IMPORT_JAVA_OPTS", "").trim();
        if (!importJavaOpts.isEmpty()) {
            java.addAll(List.of(importJavaOpts.split("\\s+")));
        }
        java.addAll(List.of("-jar", options.appJar().toAbsolutePath().toString(), "import", "orders", file.toString(),
                "--source", SOURCE));
        ProcessBuilder command = new ProcessBuilder(java)
                .redirectErrorStream(true).redirectOutput(importLog.toFile())
                .directory(files.toFile());
        command.environment().putAll(Map.of(
                "CDP_ELASTICSEARCH_URL", stack.elasticsearchUrl(),
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers(),
                "CDP_DATA_DIR", files.toString()));
        Process importer = command.start();
        long peakRss = 0;
        // an exited process's CPU and memory can no longer be read, nor counted among the benchmark's descendants
        Duration importCpu = Duration.ZERO;
        while (importer.isAlive()) {
            OptionalLong rss = ProcessMemory.peakRssBytes(importer.pid());
            peakRss = Math.max(peakRss, rss.orElse(0));
            importCpu = importer.toHandle().info().totalCpuDuration().orElse(importCpu);
            Thread.sleep(500);
        }
        long importNanos = System.nanoTime() - start;
        List<String> summary = Files.readAllLines(importLog);
        out.println(String.join("\n", summary.subList(Math.max(0, summary.size() - 16), summary.size())));
        if (importer.exitValue() != 0) {
            throw new IllegalStateException("the import exited with " + importer.exitValue() + "; see " + importLog);
        }

        long consumed;
        try (ConsumerProgress progress = new ConsumerProgress(stack.kafkaBootstrapServers(), PROFILE_STORE_GROUP,
                Topics.EVENTS)) {
            ProgressBar bar = ProgressBar.onConsole("profiles updated", progress.appended());
            consumed = progress.awaitEnd(Duration.ofMinutes(2), bar::update);
            bar.finish(consumed);
        }
        long pipelineNanos = System.nanoTime() - start;
        CpuUse pipelineCpu = cpu.read().since(cpuAtStart, written.lines());
        String indexTime = IndexTime.of(elasticsearch.stats()).renderSince(indexTimeAtStart);
        Instant before = Instant.now().plusSeconds(1);
        elasticsearch.refresh("cdp-events-*,cdp-profiles*");
        long events = elasticsearch.count("cdp-events-*");
        long profileOrders = elasticsearch.search("cdp-profiles*", Map.of("size", 0, "aggs",
                Map.of("orders", Map.of("sum", Map.of("field", "commerce.orders"))))).path("aggregations")
                .path("orders").path("value").asLong();
        HeapUse heap = HeapUse.fromGcLog(Files.readAllLines(gcLog));

        step(String.format(Locale.ROOT, "baseline: raw _bulk of the %,d stored event documents", events));
        RawBulkBaseline.Result bulk = RawBulkBaseline.run(elasticsearch, since, before, options.bulkBatchSize(),
                options.concurrency(), cpu);

        double seconds = pipelineNanos / 1e9;
        out.println();
        out.printf(Locale.ROOT, "import benchmark: %,d lines, %,d orders (seed %d)%n", written.lines(), written.orders(),
                options.seed());
        out.printf(Locale.ROOT, "  import JVM (start to exit)     %8.1f s%n", importNanos / 1e9);
        out.printf(Locale.ROOT, "  file read -> profiles updated  %8.1f s%n", seconds);
        out.printf(Locale.ROOT, "  lines/s end to end             %,8.0f%n", written.lines() / seconds);
        out.printf(Locale.ROOT, "  orders/s end to end            %,8.0f%n", written.orders() / seconds);
        out.printf(Locale.ROOT, "  events consumed / stored       %,d / %,d%n", consumed, events);
        out.printf(Locale.ROOT, "  orders on profiles             %,d (file: %,d)%n", profileOrders, written.orders());
        out.printf(Locale.ROOT, "  import JVM heap -Xmx%s: peak %d MB, largest after a collection %d MB (%d GCs; young"
                + " collections leave old garbage, so an upper bound of what is live), peak RSS %d MB%n",
                options.importHeap(), heap.peakBytes() >> 20, heap.peakAfterGcBytes() >> 20, heap.collections(),
                peakRss >> 20);
        out.printf(Locale.ROOT, "  raw _bulk of the event documents %,8.0f docs/s (pipeline %,.0f events/s, ratio %.2f)%n",
                bulk.perSecond(), events / seconds, events / seconds / bulk.perSecond());
        out.printf(Locale.ROOT, "  CPU end to end:%n%s", pipelineCpu.render("line"));
        out.printf(Locale.ROOT, "  import JVM (sampled until it exited) %8.0f µs/line%n",
                importCpu.toNanos() / 1e3 / written.lines());
        out.printf(Locale.ROOT, "  Elasticsearch's time by index, end to end (thread time, not CPU):%n%s", indexTime);
        out.printf(Locale.ROOT, "  load average at the end: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private void step(String message) {
        out.println("[bench] " + message);
    }
}
