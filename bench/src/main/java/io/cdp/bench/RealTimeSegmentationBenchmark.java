package io.cdp.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.cdp.bench.cli.Arguments;
import io.cdp.bench.data.Call;
import io.cdp.bench.data.Source;
import io.cdp.bench.http.ElasticsearchHttp;
import io.cdp.bench.http.OpenLoopSender;
import io.cdp.bench.report.CpuMeter;
import io.cdp.bench.report.GrowingCount;
import io.cdp.bench.report.CpuUse;
import io.cdp.bench.report.IndexOperations;
import io.cdp.bench.report.Percentiles;
import io.cdp.bench.report.ProgressBar;
import io.cdp.bench.stack.BenchStack;
import io.cdp.bench.stack.PlatformConsumers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real-time segmentation latency: track events offered open-loop through {@code POST /v1/batch},
 * each from a new user, each making that user enter the segment "performed Bench Signal at least
 * once in the last day". Latency of an event = the Kafka timestamp of its SegmentEntered on
 * {@code cdp.memberships} minus the moment its HTTP request was handed to the network; the
 * ProfileChanged on {@code cdp.profile-changes} splits it into profile store and segmentation.
 * Baseline in the same run: raw Kafka produce → consume latency at the same rate. It measures after
 * {@code --warmup-seconds} (default 180) at the same rate: at 1,000 events/s on two cores the JIT compilers
 * of the four JVMs keep a fifth of the CPU busy for about three minutes, and the latency of those minutes is
 * that of the compilers.
 *
 * <pre>bench/run-realtime.sh --rate 1000 --seconds 30</pre>
 */
public final class RealTimeSegmentationBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SEGMENT = "bench-signal";
    private static final String EVENT = "Bench Signal";
    private static final String MEMBERSHIPS = "cdp.memberships";
    private static final String PROFILE_CHANGES = "cdp.profile-changes";
    private static final String BASELINE_TOPIC = "bench.kafka-latency";
    private final PrintStream out = System.out;
    private final int rate;
    private final int seconds;
    private final int warmupSeconds;
    private final int batchSize;
    private final Path appJar;
    private final String appHeap;

    private RealTimeSegmentationBenchmark(Arguments a) {
        this.rate = (int) a.number("rate", 1_000, 1);
        this.seconds = (int) a.number("seconds", 30, 1);
        this.warmupSeconds = (int) a.number("warmup-seconds", 180, 0);
        this.batchSize = (int) a.number("batch-size", 10, 1);
        this.appJar = Path.of(a.text("app-jar", "app/target/cdp-app.jar"));
        this.appHeap = a.text("app-heap", "512m");
    }

    public static void main(String[] args) throws Exception {
        new RealTimeSegmentationBenchmark(Arguments.parse(args,
                Set.of("rate", "seconds", "warmup-seconds", "batch-size", "app-jar", "app-heap"))).run();
        System.exit(0);
    }

    private void run() throws Exception {
        try (BenchStack stack = BenchStack.start("cdp-realtime-bench", appJar, appHeap, this::step)) {
            step("saving segment " + SEGMENT + ": performed '" + EVENT + "' at least once in the last day");
            stack.platform().call("PUT", "/api/segments/" + SEGMENT, """
                    {"name": "Bench signal", "condition": {"type": "event", "event": "%s", "frequency": "atLeast",
                     "count": 1, "withinDays": 1}}""".formatted(EVENT));
            Map<Source, String> writeKeys = Map.of(Source.WEB, stack.platform().createSource("bench-realtime"));
            OpenLoopSender sender = new OpenLoopSender(stack.platform(), writeKeys, rate, batchSize);

            try (Watch watch = new Watch(stack.kafkaBootstrapServers())) {
                if (warmupSeconds > 0) {
                    step("warm-up: " + rate + " events/s for " + warmupSeconds + " s (not measured)");
                    Map<String, Long> warmup = offer(sender, rate * warmupSeconds, "warm-up");
                    await(watch, warmup.keySet(), "entered");
                    caughtUp(stack, "after the warm-up");
                }
                step("measured: " + rate + " events/s open-loop for " + seconds + " s");
                ElasticsearchHttp elasticsearch = new ElasticsearchHttp(stack.elasticsearchUrl());
                IndexOperations operationsAtStart = IndexOperations.read(elasticsearch);
                CpuMeter.Reading cpuAtStart = stack.cpuMeter().read();
                Map<String, Long> sent = offer(sender, rate * seconds, "measured");
                long entered = await(watch, sent.keySet(), "entered");
                // what the measured events cause downstream of the segment entries counts too
                caughtUp(stack, "after the measured events");
                CpuUse cpu = stack.cpuMeter().read().since(cpuAtStart, sent.size());
                IndexOperations operations = IndexOperations.read(elasticsearch).since(operationsAtStart);

                step("baseline: raw Kafka produce -> consume, " + rate + " records/s for " + Math.min(seconds, 10) + " s");
                Percentiles kafka = kafkaBaseline(stack.kafkaBootstrapServers(), Math.min(seconds, 10));

                out.println();
                out.printf(Locale.ROOT, "events offered / SegmentEntered seen   %,d / %,d%n", sent.size(), entered);
                report("event sent -> SegmentEntered (Kafka ts)", latencies(sent, watch.entered));
                report("event sent -> ProfileChanged (Kafka ts)", latencies(sent, watch.changed));
                report("ProfileChanged -> SegmentEntered", latencies(measured(watch.changed, sent.keySet()),
                        watch.entered));
                report("baseline raw Kafka produce -> consume", kafka);
                out.println("target: p99 event -> SegmentEntered <= 500 ms at 1,000 events/s");
                out.printf(Locale.ROOT, "%nCPU per event while measured (%.0f s; target: the platform <= 1 of the 2 cores):%n",
                        cpu.wall().toMillis() / 1e3);
                out.print(cpu.render("event"));
                out.printf(Locale.ROOT, "  the platform's load at %,d events/s (µs per event without the client × rate): %.2f cores%n",
                        rate, (cpu.totalMicrosPerUnit() - cpu.microsPerUnit("benchmark client")) * rate / 1e6);
                out.printf(Locale.ROOT, "Elasticsearch operations while measured:%n");
                out.print(operations.render(sent.size(), "event"));
            }
        }
    }

    /**
     * Waits until every consumer group of the platform has consumed its topic to the end: the steady state the
     * measured events start from, and all the work they caused counted. Segmentation publishes a change before
     * activation stores its entry, so activation can still be catching up when every SegmentEntered is seen: measured
     * then, its backlog from the warm-up would be billed to the measured events.
     */
    private void caughtUp(BenchStack stack, String when) throws InterruptedException {
        out.printf(Locale.ROOT, "every consumer group caught up %s within %.1f s%n", when,
                PlatformConsumers.awaitCaughtUp(stack.kafkaBootstrapServers()));
    }

    /** Sends {@code count} events, each from a new user; returns messageId -> epoch millis it was sent. */
    private Map<String, Long> offer(OpenLoopSender sender, int count, String label) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Call> calls = new ArrayList<>(count);
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("type", "track");
            message.put("event", EVENT);
            message.put("userId", "rt-" + run + "-" + i);
            message.put("messageId", "rt-" + run + "-" + i);
            message.put("timestamp", now.toString());
            calls.add(new Call(Source.WEB, now, message));
        }
        Map<String, Long> sentAt = new LinkedHashMap<>();
        ProgressBar bar = ProgressBar.onConsole(label, count);
        int[] recorded = {0};
        OpenLoopSender.Outcome outcome = sender.send(calls, sentSoFar -> {
            long millis = System.currentTimeMillis();
            for (; recorded[0] < sentSoFar; recorded[0]++) {
                sentAt.put(calls.get(recorded[0]).messageId(), millis);
            }
            bar.update(sentSoFar);
        });
        bar.finish(outcome.calls());
        out.printf(Locale.ROOT, "offered %,.0f events/s, %,d failed, most delayed batch left %d ms late%n",
                outcome.achievedPerSecond(), outcome.failedCalls(), outcome.maxLagMillis());
        return sentAt;
    }

    /** Waits until every message made its user enter, or nothing more arrived for two minutes. */
    private long await(Watch watch, Set<String> messageIds, String label) throws InterruptedException {
        ProgressBar bar = ProgressBar.onConsole(label, messageIds.size());
        long seen = GrowingCount.await(messageIds.size(), Duration.ofMinutes(2), Duration.ofMillis(250),
                last -> messageIds.stream().filter(watch.entered::containsKey).count(), bar::update);
        bar.finish(seen);
        return seen;
    }

    private static Map<String, Long> measured(Map<String, Long> timestamps, Set<String> messageIds) {
        Map<String, Long> kept = new LinkedHashMap<>(timestamps);
        kept.keySet().retainAll(messageIds);
        return kept;
    }

    /** For each key in both: {@code to - from}, in milliseconds. */
    private static Percentiles latencies(Map<String, Long> from, Map<String, Long> to) {
        long[] millis = from.entrySet().stream().filter(e -> to.containsKey(e.getKey()))
                .mapToLong(e -> to.get(e.getKey()) - e.getValue()).toArray();
        return millis.length == 0 ? null : new Percentiles(millis);
    }

    private void report(String what, Percentiles p) {
        if (p == null) {
            out.printf(Locale.ROOT, "%-42s no samples%n", what);
            return;
        }
        out.printf(Locale.ROOT, "%-42s p50 %,d ms  p99 %,d ms  max %,d ms  (%,d samples)%n", what, p.at(50), p.at(99),
                p.max(), p.count());
    }

    /** Open-loop records on a scratch topic with the app's producer settings; receive time minus CreateTime. */
    private Percentiles kafkaBaseline(String bootstrap, int durationSeconds) throws InterruptedException {
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Map<String, Long> received = new ConcurrentHashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap);
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5),
                     new StringSerializer(), new StringSerializer())) {
            consumer.subscribe(List.of(BASELINE_TOPIC));
            producer.send(new ProducerRecord<>(BASELINE_TOPIC, "warm", "warm"));
            producer.flush();
            AtomicBoolean stop = new AtomicBoolean();
            Thread reader = daemon("bench-kafka-baseline", () -> {
                while (!stop.get()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                        received.put(r.key(), System.currentTimeMillis() - r.timestamp());
                    }
                }
            });
            long start = System.nanoTime();
            int total = rate * durationSeconds;
            for (int i = 0; i < total; i++) {
                long due = start + i * 1_000_000_000L / rate;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                String key = "k" + i;
                sent.put(key, 0L);
                producer.send(new ProducerRecord<>(BASELINE_TOPIC, key, "{\"i\":" + i + "}"));
            }
            producer.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < total + 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            stop.set(true);
            reader.join();
        }
        received.remove("warm");
        return received.isEmpty() ? null : new Percentiles(received.values().stream().mapToLong(Long::longValue).toArray());
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
    }

    /** Reads cdp.profile-changes and cdp.memberships in the background: messageId -> Kafka timestamp. */
    private static final class Watch implements AutoCloseable {

        final Map<String, Long> changed = new ConcurrentHashMap<>();
        final Map<String, Long> entered = new ConcurrentHashMap<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread reader;

        Watch(String bootstrap) {
            KafkaConsumer<String, String> consumer = consumer(bootstrap);
            consumer.subscribe(List.of(MEMBERSHIPS, PROFILE_CHANGES));
            reader = daemon("bench-watch", () -> {
                try (consumer) {
                    while (!stop.get()) {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                            record(r);
                        }
                    }
                }
            });
        }

        private void record(ConsumerRecord<String, String> r) {
            JsonNode value = JSON.readTree(r.value());
            if (MEMBERSHIPS.equals(r.topic())) {
                if ("SegmentEntered".equals(value.path("type").asString(""))
                        && SEGMENT.equals(value.path("segmentId").asString(""))) {
                    entered.putIfAbsent(value.path("cause").asString(""), r.timestamp());
                }
            } else if (value.path("causeMessageId").isString()) {
                changed.putIfAbsent(value.path("causeMessageId").asString(), r.timestamp());
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            reader.join();
        }
    }

    private void step(String what) {
        out.println("[" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + what);
    }
}
