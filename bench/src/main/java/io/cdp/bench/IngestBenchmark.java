package io.cdp.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;


import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import tools.jackson.databind.JsonNode;

import io.cdp.bench.cli.Arguments;
import io.cdp.bench.data.Call;
import io.cdp.bench.data.DemoDataGenerator;
import io.cdp.bench.data.SessionOrder;
import io.cdp.bench.data.Source;
import io.cdp.bench.http.ElasticsearchHttp;
import io.cdp.bench.http.OpenLoopSender;
import io.cdp.bench.http.PlatformClient;
import io.cdp.bench.http.RawBulkBaseline;
import io.cdp.bench.http.Replayer;
import io.cdp.bench.report.BenchmarkResult;
import io.cdp.bench.report.CpuMeter;
import io.cdp.bench.report.CpuUse;
import io.cdp.bench.report.Percentiles;
import io.cdp.bench.report.ProcessMemory;
import io.cdp.bench.report.ProgressBar;
import io.cdp.bench.report.HeapSampler;
import io.cdp.bench.report.IndexOperations;
import io.cdp.bench.stack.BenchStack;
import io.cdp.bench.stack.ConsumerProgress;
import io.cdp.platform.Topics;

/**
 * End-to-end ingest benchmark on one machine: real Elasticsearch and Kafka, the app jar as a
 * child process with a 512 MB heap, seeded events through the public HTTP API.
 *
 * <ol>
 * <li>warm-up: {@code --warmup-events} calls of other people, sent and stored like the throughput
 * phase but not measured (default 750,000), so that the rates are those of warm JVMs rather than of
 * the JIT compilers, which otherwise take a third of the machine's CPU for the first minutes;</li>
 * <li>throughput: {@code --events} calls as fast as the app accepts them; the rate runs from the
 * first request until the profile store has committed every event (stored, see {@link ConsumerProgress});</li>
 * <li>latency: {@code --rate} calls/s offered open-loop for {@code --latency-seconds}; p50/p99
 * of {@code processedAt - receivedAt} read from the stored event documents;</li>
 * <li>baseline: the throughput phase's stored documents {@code _bulk}-indexed into a scratch
 * index with the same mappings, to put the pipeline's rate in proportion.</li>
 * </ol>
 * The app's heap is sampled from {@code /actuator/metrics} throughout; its peak RSS is VmHWM.
 * See {@code bench/README.md}; {@code bench/run-ingest.sh} builds and runs it.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class IngestBenchmark {

    private static final String EVENTS = "cdp-events-*";
    /** The profile store's consumer group (its default {@code cdp.profile.consumer-group}). */
    private static final String PROFILE_STORE_GROUP = "cdp-profile-store";

    private final Options options;
    private final PrintStream out = System.out;
    /** Elasticsearch's operations of the throughput phase. */
    private IndexOperations operations;

    public static void main(String[] args) throws Exception {
        new IngestBenchmark(Arguments.parseOrExit("ingest benchmark", args, Options::parse)).run();
        // the HTTP client's selector threads must not keep the JVM alive
        System.exit(0);
    }

    /** The warm-up's people are numbered from here, far from the throughput phase's (see DemoDataGenerator). */
    private static final int WARMUP_FIRST_PERSON = 70_000;
    private static final int WARMUP_CHUNK = 100_000;

    /** The profile store's meter of events per profile written in one consumer batch. */
    private static final String EVENTS_PER_PROFILE = "cdp.profile.batch.events-per-profile";

    /** In which order the calls reach the app. */
    enum Mix {
        /** Each device's session in one burst, as client libraries flush their queues ({@link SessionOrder}). */
        SESSIONS,
        /** Everybody's calls interleaved in timestamp order over the 90 days of history. */
        TIMESTAMPS;

        List<Call> order(List<Call> calls) {
            return this == SESSIONS ? SessionOrder.of(calls) : calls;
        }

        static Mix parse(String text) {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--mix must be sessions or timestamps, was " + text);
            }
        }
    }

    record Options(int events, int warmupEvents, long seed, int rate, int latencySeconds, Path appJar, String appHeap, int batchSize,
                   int concurrency, int latencyBatchSize, int bulkBatchSize, boolean keepData, Mix mix) {

        static final Set<String> NAMES = Set.of("events", "warmup-events", "seed", "rate", "latency-seconds", "app-jar", "app-heap",
                "batch-size", "concurrency", "latency-batch-size", "bulk-batch-size", "keep-data", "mix");

        static Options parse(String[] args) {
            Arguments arguments = Arguments.parse(args, NAMES);
            return new Options(
                    (int) arguments.number("events", 100_000, 1),
                    (int) arguments.number("warmup-events", 750_000, 0),
                    arguments.number("seed", 42, Long.MIN_VALUE),
                    (int) arguments.number("rate", 1_000, 1),
                    (int) arguments.number("latency-seconds", 30, 1),
                    Path.of(arguments.text("app-jar", "app/target/cdp-app.jar")),
                    arguments.text("app-heap", "512m"),
                    (int) arguments.number("batch-size", 100, 1),
                    (int) arguments.number("concurrency", 8, 1),
                    (int) arguments.number("latency-batch-size", 10, 1),
                    (int) arguments.number("bulk-batch-size", 1_000, 1),
                    Boolean.parseBoolean(arguments.text("keep-data", "false")),
                    Mix.parse(arguments.text("mix", "sessions")));
        }
    }

    private void run() throws Exception {
        try (BenchStack stack = BenchStack.start("cdp-ingest-bench", options.appJar(), options.appHeap(), this::step)) {
            if (options.keepData()) {
                stack.keepData();
            }
            HeapSampler heap = new HeapSampler(stack.platform());
            heap.start();
            BenchmarkResult result;
            try (ConsumerProgress progress = new ConsumerProgress(stack.kafkaBootstrapServers(), PROFILE_STORE_GROUP,
                    Topics.EVENTS)) {
                result = measure(stack.platform(), new ElasticsearchHttp(stack.elasticsearchUrl()), progress,
                        stack.appPid(), heap, stack.cpuMeter());
            }
            heap.interrupt();
            out.println();
            out.print(result.render());
            out.printf(Locale.ROOT, "Elasticsearch operations, accepted -> stored (the app's and this benchmark's):%n");
            out.print(operations.render(result.events(), "event"));
        }
    }

    private BenchmarkResult measure(PlatformClient platform, ElasticsearchHttp elasticsearch, ConsumerProgress progress,
            long appPid, HeapSampler heap, CpuMeter cpu) throws Exception {
        Map<Source, String> writeKeys = new EnumMap<>(Source.class);
        for (Source source : List.of(Source.WEB, Source.APP, Source.POS)) {
            writeKeys.put(source, platform.createSource("bench-" + source.sourceName()));
        }
        Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS);
        Replayer replayer = new Replayer(platform, writeKeys, options.batchSize(), options.concurrency());
        long warmedUp = 0;
        if (options.warmupEvents() > 0) {
            step(String.format(Locale.ROOT, "warm-up: %,d events of other people, not measured", options.warmupEvents()));
            warmUp(replayer, end);
            warmedUp = awaitStored(progress, elasticsearch);
        }

        Instant throughputStart = Instant.now();
        step(String.format(Locale.ROOT, "throughput phase: %,d events in %s order, %d senders x %d per batch",
                options.events(), options.mix().name().toLowerCase(Locale.ROOT), options.concurrency(), options.batchSize()));
        List<Replayer.Request> requests = replayer.prepare(options.mix().order(
                DemoDataGenerator.generate(options.seed(), options.events(), end).calls()));
        double[] perProfileAtStart = platform.summaryCountAndTotal(EVENTS_PER_PROFILE);
        IndexOperations operationsAtStart = IndexOperations.read(elasticsearch);
        CpuMeter.Reading cpuAtStart = cpu.read();
        long start = System.nanoTime();
        long accepted = replay(replayer, "accepted", requests);
        long acceptedNanos = System.nanoTime() - start;
        long stored = awaitStored(progress, elasticsearch) - warmedUp;
        long pipelineNanos = System.nanoTime() - start;
        CpuUse pipelineCpu = cpu.read().since(cpuAtStart, stored);
        double eventsPerProfile = eventsPerProfileSince(platform, perProfileAtStart);
        operations = IndexOperations.read(elasticsearch).since(operationsAtStart);
        if (stored < accepted) {
            out.printf(Locale.ROOT, "only %,d of %,d events were stored; rates below count stored events%n", stored, accepted);
        }

        int latencyEvents = options.rate() * options.latencySeconds();
        step(String.format(Locale.ROOT, "latency phase: %,d events/s open-loop for %d s", options.rate(),
                options.latencySeconds()));
        List<Call> paced = options.mix().order(DemoDataGenerator.generate(options.seed() + 1, latencyEvents, end).calls());
        Instant latencyStart = Instant.now();
        ProgressBar offering = ProgressBar.onConsole("offered", paced.size());
        OpenLoopSender.Outcome outcome = new OpenLoopSender(platform, writeKeys, options.rate(), options.latencyBatchSize())
                .send(paced, offering::update);
        offering.finish(outcome.calls());
        out.printf(Locale.ROOT, "offered %,.0f events/s, %,d failed, most delayed batch left %d ms late%n",
                outcome.achievedPerSecond(), outcome.failedCalls(), outcome.maxLagMillis());
        awaitStored(progress, elasticsearch);
        Percentiles latency = latencies(elasticsearch, latencyStart);

        step(String.format(Locale.ROOT, "baseline: raw _bulk of the %,d stored throughput-phase documents", stored));
        RawBulkBaseline.Result bulk = RawBulkBaseline.run(elasticsearch, throughputStart, latencyStart,
                options.bulkBatchSize(), options.concurrency(), cpu);

        return new BenchmarkResult(stored, eventsPerProfile, accepted * 1e9 / acceptedNanos, stored * 1e9 / pipelineNanos, bulk.perSecond(),
                options.rate(), latency.count(), latency.at(50), latency.at(99), heap.peak(),
                ProcessMemory.peakRssBytes(appPid), pipelineCpu, bulk.cpu());
    }

    /** Sends the warm-up a chunk at a time: a million calls held at once would exhaust this client's heap. */
    private void warmUp(Replayer replayer, Instant end) throws IOException, InterruptedException {
        ProgressBar progress = ProgressBar.onConsole("warm-up", options.warmupEvents());
        long sent = 0;
        Iterator<List<Call>> chunks = DemoDataGenerator.inChunks(options.seed() + 2, options.warmupEvents(),
                WARMUP_CHUNK, end, WARMUP_FIRST_PERSON);
        while (chunks.hasNext()) {
            long before = sent;
            sent += replayer.replay(options.mix().order(chunks.next()), accepted -> progress.update(before + accepted));
        }
        progress.finish(sent);
    }

    /** The mean of the profile store's events per profile per batch since {@code before}; -1 when unknown. */
    private static double eventsPerProfileSince(PlatformClient platform, double[] before)
            throws IOException, InterruptedException {
        double[] now = platform.summaryCountAndTotal(EVENTS_PER_PROFILE);
        if (before == null || now == null || now[0] <= before[0]) {
            return -1;
        }
        return (now[1] - before[1]) / (now[0] - before[0]);
    }

    /** Sends the requests as fast as the app accepts them, with a progress bar; how many calls it accepted. */
    private static long replay(Replayer replayer, String label, List<Replayer.Request> requests)
            throws IOException, InterruptedException {
        ProgressBar progress = ProgressBar.onConsole(label, requests.stream().mapToLong(Replayer.Request::calls).sum());
        long accepted = replayer.replayPrepared(requests, progress::update);
        progress.finish(accepted);
        return accepted;
    }

    /**
     * Waits until the profile store has consumed every event appended so far (its committed offsets reach
     * the events topic's end), or until it stops moving for two minutes; then counts the stored event
     * documents, once. Returns that count.
     */
    private long awaitStored(ConsumerProgress progress, ElasticsearchHttp elasticsearch)
            throws IOException, InterruptedException {
        ProgressBar bar = ProgressBar.onConsole("stored", progress.appended());
        progress.awaitEnd(Duration.ofMinutes(2), bar::update);
        elasticsearch.refresh(EVENTS);
        long count = elasticsearch.count(EVENTS);
        bar.finish(count);
        return count;
    }

    private Percentiles latencies(ElasticsearchHttp elasticsearch, Instant since) throws IOException, InterruptedException {
        List<Long> millis = new ArrayList<>();
        elasticsearch.scan(EVENTS, Map.of("range", Map.of("receivedAt", Map.of("gte", since.toString()))),
                List.of("receivedAt", "processedAt"), hit -> {
                    JsonNode source = hit.path("_source");
                    if (source.path("receivedAt").isString() && source.path("processedAt").isString()) {
                        millis.add(Duration.between(Instant.parse(source.path("receivedAt").asString()),
                                Instant.parse(source.path("processedAt").asString())).toMillis());
                    }
                });
        if (millis.isEmpty()) {
            throw new IllegalStateException("no event documents with receivedAt and processedAt since " + since);
        }
        return new Percentiles(millis.stream().mapToLong(Long::longValue).toArray());
    }

    private void step(String message) {
        out.println("[bench] " + message);
    }
}
