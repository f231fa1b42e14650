package io.cdp.bench;

import io.cdp.platform.Topics;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;

import io.cdp.activation.domain.Delivery;
import io.cdp.bench.cli.Arguments;
import io.cdp.bench.data.SeedProfile;
import io.cdp.bench.http.BulkWriter;
import io.cdp.bench.http.ElasticsearchHttp;
import io.cdp.bench.http.PlatformClient;
import io.cdp.bench.report.HeapSampler;
import io.cdp.bench.report.Percentiles;
import io.cdp.bench.report.ProgressBar;
import io.cdp.bench.stack.BenchStack;
import io.cdp.localstack.Ports;
import io.cdp.profile.ProfileId;
import io.cdp.segmentation.MembershipEvent;
import io.cdp.segmentation.SegmentEntered;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Activation benchmark, a command: starts Elasticsearch, Kafka and the app (child processes), a
 * real SMTP server and a Meta-like HTTP server in this JVM, seeds {@code --members} profiles
 * (email, phone, consent) into {@code cdp-profiles} and as many current entries of one segment into
 * {@code cdp-act-entries} with {@code _bulk}, in the stores' own layouts (the event pipeline and
 * segmentation are not what is measured here), then measures
 * <ol>
 * <li>membership change published → email accepted by the SMTP server, for a burst of
 * {@code --emails} entries: p50/p99 and emails/s;</li>
 * <li>a full audience sync of the {@code --members} members to the Meta-like server: members/s,
 * against a raw baseline that posts the same recorded payloads, one call at a time as the sync
 * does, with a plain {@code java.net.http} client in the same run; and the app's peak heap.</li>
 * </ol>
 */
public final class ActivationBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String AUDIENCE_SEGMENT = "bench-audience";
    private final PrintStream out = System.out;

    record Options(int members, int emails, Path appJar, String appHeap, String appJfr) {

        static Options parse(String[] args) {
            Arguments arguments = Arguments.parse(args, Set.of("members", "emails", "app-jar", "app-heap", "app-jfr"));
            int members = (int) arguments.number("members", 100_000, 1);
            return new Options(members, (int) Math.min(members, arguments.number("emails", 500, 1)),
                    Path.of(arguments.text("app-jar", "app/target/cdp-app.jar")), arguments.text("app-heap", "512m"),
                    arguments.text("app-jfr", ""));
        }

        List<String> appJvmOptions() {
            return appJfr.isBlank() ? List.of()
                    : List.of("-XX:StartFlightRecording=filename=" + Path.of(appJfr).toAbsolutePath()
                            + ",settings=profile,dumponexit=true");
        }
    }

    public static void main(String[] args) throws Exception {
        new ActivationBenchmark().run(Options.parse(args));
        System.exit(0);
    }

    private void run(Options options) throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        // the SMTP and Meta-like servers listen on loopback, which destinations reach only when allowed
        List<String> jvmOptions = new ArrayList<>(options.appJvmOptions());
        jvmOptions.add("-Dcdp.activation.allowed-networks=127.0.0.1");
        try (BenchStack stack = BenchStack.start("cdp-activation-bench", options.appJar(), options.appHeap(),
                jvmOptions, this::step);
                RowCounter meta = new RowCounter();
                KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                        new StringSerializer(), new StringSerializer())) {
            ElasticsearchHttp es = new ElasticsearchHttp(stack.elasticsearchUrl());
            seed(es, options.members());
            HeapSampler heap = new HeapSampler(stack.platform());
            heap.start();
            emailPhase(options, stack.platform(), smtp, producer);
            long emailPeak = heap.peak();
            audiencePhase(options, stack.platform(), meta);
            heap.interrupt();
            out.printf(Locale.ROOT, "| app peak heap (sampled), email phase / whole run | %d MB / %d MB (-Xmx%s) |%n",
                    emailPeak >> 20, heap.peak() >> 20, options.appHeap());
        } finally {
            smtp.stop();
        }
    }

    /** Profile i's id: 28 hex digits, like the profile store's. */
    static String profileId(int i) {
        return String.format("%028x", i);
    }

    private void seed(ElasticsearchHttp es, int members) throws Exception {
        Instant now = Instant.now();
        step("seeding " + members + " profiles into cdp-profiles with _bulk (the profile store's layout)");
        try (BulkWriter bulk = new BulkWriter(es, 5_000, ProgressBar.onConsole("profiles", members))) {
            for (int i = 0; i < members; i++) {
                String email = "m" + i + "@example.com";
                bulk.index("cdp-profiles", profileId(i), new SeedProfile(profileId(i), "bench-" + i,
                        Map.of("email", email, "phone", String.format("+49151%08d", i)),
                        Map.of("email", email, "firstName", "B" + i), Map.of("email", true, "ads", true),
                        now, now, 0, BigDecimal.ZERO, 1, 0, Map.of()).document(now));
            }
        }
        step("seeding " + members + " current spells of " + AUDIENCE_SEGMENT
                + " into cdp-act-entries with _bulk (activation's membership store layout)");
        try (BulkWriter bulk = new BulkWriter(es, 5_000, ProgressBar.onConsole("spells", members))) {
            for (int i = 0; i < members; i++) {
                String entryId = "a-" + profileId(i);
                bulk.index("cdp-act-entries", entryId, Map.of("entryId", entryId, "segmentId", AUDIENCE_SEGMENT,
                        "profileId", profileId(i), "enteredAt", now.toString()));
            }
        }
        es.refresh("cdp-profiles");
        es.refresh("cdp-act-entries");
    }

    private void emailPhase(Options options, PlatformClient platform, GreenMail smtp,
            KafkaProducer<String, String> producer) throws Exception {
        String destination = create(platform, "/api/destinations", Map.of("name", "bench smtp", "kind", "EMAIL",
                "settings", Map.of("host", "127.0.0.1", "port", String.valueOf(smtp.getSmtp().getPort()),
                        "from", "bench@example.com")));
        String activation = create(platform, "/api/activations", Map.of("name", "bench email", "segmentId",
                "bench-email", "destinationId", destination, "mode", "TRIGGER",
                "template", Map.of("subject", "Hi {{firstName}}", "body", "Hello {{firstName}}")));
        step("email: " + options.emails() + " segment entries published at once");
        Map<String, Long> publishedAt = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < options.emails(); i++) {
            String id = profileId(i);
            String entry = "e-" + id;
            publishedAt.put("<" + Delivery.key(id, activation, entry, "entered") + "@cdp.activation>", System.nanoTime());
            producer.send(new ProducerRecord<>(Topics.MEMBERSHIPS, id, JSON.writeValueAsString(
                    new SegmentEntered(ProfileId.of(id), "bench-email", entry, "bench", Instant.now()))));
        }
        producer.flush();
        Map<String, Long> receivedAt = new ConcurrentHashMap<>();
        ProgressBar bar = ProgressBar.onConsole("emails", options.emails());
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (receivedAt.size() < options.emails() && System.nanoTime() < deadline) {
            MimeMessage[] messages = smtp.getReceivedMessages();
            long now = System.nanoTime();
            for (int i = receivedAt.size(); i < messages.length; i++) {
                receivedAt.putIfAbsent(messageId(messages[i]), now);
            }
            bar.update(receivedAt.size());
            // reading the server's inbox copies every message: polling it tightly would steal the CPU
            // being measured; 20 ms is the resolution of the latencies
            Thread.sleep(20);
        }
        bar.finish(receivedAt.size());
        long end = receivedAt.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
        Percentiles latency = new Percentiles(receivedAt.entrySet().stream()
                .mapToLong(e -> (e.getValue() - publishedAt.get(e.getKey())) / 1_000_000).toArray());
        out.printf("%n| email measure | value |%n|---|---|%n");
        out.printf("| emails accepted by the SMTP server | %d of %d |%n", receivedAt.size(), options.emails());
        out.printf(Locale.ROOT, "| throughput (first publish → last accepted) | %.1f emails/s |%n",
                receivedAt.size() / ((end - start) / 1e9));
        out.printf("| latency membership published → accepted, p50 / p99 / max | %d / %d / %d ms |%n%n",
                latency.at(50), latency.at(99), latency.max());
    }

    private void audiencePhase(Options options, PlatformClient platform, RowCounter meta) throws Exception {
        String destination = create(platform, "/api/destinations", Map.of("name", "bench meta", "kind", "META",
                "settings", Map.of("baseUrl", meta.url(), "audienceId", "aud"), "secrets", Map.of("accessToken", "t")));
        step("audience: full sync of " + options.members() + " members to the Meta-like server");
        HeapSampler heap = new HeapSampler(platform);
        heap.start();
        long start = System.nanoTime();
        String activation = create(platform, "/api/activations", Map.of("name", "bench sync",
                "segmentId", AUDIENCE_SEGMENT, "destinationId", destination, "mode", "AUDIENCE_SYNC"));
        ProgressBar bar = ProgressBar.onConsole("synced", options.members());
        JsonNode status;
        do {
            Thread.sleep(500);
            status = platform.get("/api/activations/" + activation + "/sync");
            bar.update(status.path("scanned").asLong());
        } while ("RUNNING".equals(status.path("state").asString()));
        double syncSeconds = (System.nanoTime() - start) / 1e9;
        bar.finish(status.path("scanned").asLong());
        heap.interrupt();
        meta.keepBodies = false;
        List<String> bodies = List.copyOf(meta.bodies);
        long rows = meta.rows.getAndSet(0);

        step("baseline: the same " + bodies.size() + " payloads posted one at a time by a plain java.net.http client");
        long baselineStart = System.nanoTime();
        for (String body : bodies) {
            HTTP.send(HttpRequest.newBuilder(URI.create(meta.url() + "/aud/users"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        double baselineSeconds = (System.nanoTime() - baselineStart) / 1e9;
        double syncRate = rows / syncSeconds;
        double rawRate = meta.rows.get() / baselineSeconds;
        out.printf("%n| audience measure | value |%n|---|---|%n");
        out.printf("| sync state / pages / added / reason | %s / %d / %d / %s |%n", status.path("state").asString(),
                status.path("pages").asLong(), status.path("added").asLong(), status.path("reason").asString("-"));
        out.printf("| members received (rows: email + phone hash) / calls | %d / %d |%n", rows, bodies.size());
        out.printf(Locale.ROOT, "| full sync, activation created → DONE | %.1f s = %.0f members/s |%n", syncSeconds,
                syncRate);
        out.printf(Locale.ROOT, "| raw baseline: same payloads, plain HTTP client, one call at a time | %.1f s = %.0f members/s |%n",
                baselineSeconds, rawRate);
        out.printf(Locale.ROOT, "| ratio sync / raw | %.3f |%n", syncRate / rawRate);
        out.printf(Locale.ROOT, "| app peak heap (sampled) during the sync | %d MB |%n", heap.peak() >> 20);
    }

    /** A Meta-like endpoint that counts the rows it receives and keeps the bodies for the baseline. */
    private static final class RowCounter implements AutoCloseable {

        final AtomicLong rows = new AtomicLong();
        final List<String> bodies = new CopyOnWriteArrayList<>();
        /** Off during the baseline, which posts the kept bodies again. */
        volatile boolean keepBodies = true;
        private final HttpServer server;

        RowCounter() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                rows.addAndGet(JSON.readTree(body).path("payload").path("data").size());
                if (keepBodies) {
                    bodies.add(body);
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static String create(PlatformClient platform, String path, Object body) throws Exception {
        return platform.call("POST", path, JSON.writeValueAsString(body)).path("id").asString();
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void step(String message) {
        out.println("[" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message);
    }
}
