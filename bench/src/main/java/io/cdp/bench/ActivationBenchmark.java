package io.cdp.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
import io.cdp.bench.http.PlatformClient;
import io.cdp.bench.report.Percentiles;
import io.cdp.bench.stack.AppProcess;
import io.cdp.localstack.LocalElasticsearch;
import io.cdp.localstack.LocalKafka;
import io.cdp.localstack.Ports;
import io.cdp.profile.EventIngested;
import io.cdp.profile.EventType;
import io.cdp.profile.Topics;
import io.cdp.segmentation.MembershipEvent;
import io.cdp.segmentation.SegmentEntered;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Activation benchmark, a command: starts Elasticsearch, Kafka and the app (child processes), a
 * real SMTP server and a Meta-like HTTP server in this JVM, then measures
 * <ol>
 * <li>membership change published → email accepted by the SMTP server, for a burst of
 * {@code --emails} entries: p50/p99 and emails/s;</li>
 * <li>a full audience sync of {@code --members} members to the HTTP server: identifiers/s, against
 * a raw baseline that posts the same recorded payloads with a plain HTTP client in the same run.</li>
 * </ol>
 */
public final class ActivationBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final PrintStream out = System.out;

    record Options(int members, int emails, Path appJar, String appHeap) {

        static Options parse(String[] args) {
            Arguments arguments = Arguments.parse(args, Set.of("members", "emails", "app-jar", "app-heap"));
            int members = (int) arguments.number("members", 2_000, 1);
            return new Options(members, (int) Math.min(members, arguments.number("emails", 500, 1)),
                    Path.of(arguments.text("app-jar", "app/target/cdp-app.jar")), arguments.text("app-heap", "512m"));
        }
    }

    public static void main(String[] args) throws Exception {
        new ActivationBenchmark().run(Options.parse(args));
        System.exit(0);
    }

    private void run(Options options) throws Exception {
        Path dataDir = Files.createTempDirectory("cdp-activation-bench");
        List<AutoCloseable> started = new ArrayList<>();
        GreenMail smtp = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        RowCounter meta = new RowCounter();
        try {
            step("starting Elasticsearch, Kafka, the SMTP and HTTP servers");
            LocalElasticsearch elasticsearch = LocalElasticsearch.start(dataDir, Ports.free(), "1g");
            started.add(0, elasticsearch);
            LocalKafka kafka = LocalKafka.start(dataDir, Ports.free(), "512m");
            started.add(0, kafka);
            smtp.start();
            started.add(0, smtp::stop);
            started.add(0, meta);
            int port = Ports.free();
            String password = UUID.randomUUID().toString();
            step("starting the app (-Xmx" + options.appHeap() + ")");
            AppProcess app = AppProcess.start(options.appJar(), options.appHeap(), elasticsearch.url(),
                    kafka.bootstrapServers(), port, password, dataDir);
            started.add(0, app);
            app.awaitUp(new PlatformClient(app.url(), "admin", password), Duration.ofMinutes(3));
            String auth = PlatformClient.basic("admin", password);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
                List<String> profileIds = seedProfiles(options.members(), producer, elasticsearch.url());
                emailPhase(options, app.url(), auth, smtp, producer, profileIds);
                audiencePhase(options, app.url(), auth, meta, producer, profileIds, elasticsearch.url());
            }
        } finally {
            for (AutoCloseable c : started) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("stopping failed: " + e);
                }
            }
            IngestBenchmark.deleteQuietly(dataDir);
        }
    }

    private List<String> seedProfiles(int members, KafkaProducer<String, String> producer, String es) throws Exception {
        step("seeding " + members + " profiles with consent through cdp.events");
        Instant now = Instant.now();
        for (int i = 0; i < members; i++) {
            String userId = "bench-" + i;
            EventIngested identify = new EventIngested(UUID.randomUUID().toString(), "bench", EventType.IDENTIFY, null,
                    null, userId, null, null, null, now, now, Map.of("email", userId + "@example.com", "firstName", "B" + i),
                    Map.of(), Map.of("consent", Map.of("categoryPreferences", Map.of("email", true, "ads", true))), Map.of());
            producer.send(new ProducerRecord<>(Topics.EVENTS, userId, JSON.writeValueAsString(identify)));
        }
        producer.flush();
        List<String> ids = new ArrayList<>();
        while (ids.size() < members) {
            Thread.sleep(1000);
            ids = searchIds(es, "cdp-profiles", members);
        }
        return ids;
    }

    private void emailPhase(Options options, String app, String auth, GreenMail smtp,
            KafkaProducer<String, String> producer, List<String> profileIds) throws Exception {
        String destination = create(app, auth, "/api/destinations", Map.of("name", "bench smtp", "kind", "EMAIL",
                "settings", Map.of("host", "127.0.0.1", "port", String.valueOf(smtp.getSmtp().getPort()),
                        "from", "bench@example.com")));
        String activation = create(app, auth, "/api/activations", Map.of("name", "bench email", "segmentId",
                "bench-email", "destinationId", destination, "mode", "TRIGGER",
                "template", Map.of("subject", "Hi {{firstName}}", "body", "Hello {{firstName}}")));
        step("email: " + options.emails() + " segment entries published at once");
        Map<String, Long> publishedAt = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        for (String id : profileIds.subList(0, options.emails())) {
            String entry = "e-" + id;
            publishedAt.put("<" + Delivery.key(id, activation, entry, "entered") + "@cdp.activation>", System.nanoTime());
            producer.send(new ProducerRecord<>(MembershipEvent.TOPIC, id, JSON.writeValueAsString(
                    new SegmentEntered(io.cdp.profile.ProfileId.of(id), "bench-email", entry, "bench", Instant.now()))));
        }
        producer.flush();
        Map<String, Long> receivedAt = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (receivedAt.size() < options.emails() && System.nanoTime() < deadline) {
            MimeMessage[] messages = smtp.getReceivedMessages();
            long now = System.nanoTime();
            for (int i = receivedAt.size(); i < messages.length; i++) {
                receivedAt.putIfAbsent(messageId(messages[i]), now);
            }
            // reading the server's inbox copies every message: polling it tightly would steal the CPU
            // being measured; 20 ms is the resolution of the latencies
            Thread.sleep(20);
        }
        long end = receivedAt.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
        Percentiles latency = new Percentiles(receivedAt.entrySet().stream()
                .mapToLong(e -> (e.getValue() - publishedAt.get(e.getKey())) / 1_000_000).toArray());
        out.printf("%n| email measure | value |%n|---|---|%n");
        out.printf("| emails accepted by the SMTP server | %d of %d |%n", receivedAt.size(), options.emails());
        out.printf("| throughput (first publish → last accepted) | %.1f emails/s |%n",
                receivedAt.size() / ((end - start) / 1e9));
        out.printf("| latency membership published → accepted, p50 / p99 / max | %d / %d / %d ms |%n",
                latency.at(50), latency.at(99), latency.max());
    }

    private void audiencePhase(Options options, String app, String auth, RowCounter meta,
            KafkaProducer<String, String> producer, List<String> profileIds, String es) throws Exception {
        step("audience: " + profileIds.size() + " members enter; then a full sync to the Meta-like server");
        for (String id : profileIds) {
            producer.send(new ProducerRecord<>(MembershipEvent.TOPIC, id, JSON.writeValueAsString(
                    new SegmentEntered(io.cdp.profile.ProfileId.of(id), "bench-audience", "a-" + id, "bench", Instant.now()))));
        }
        producer.flush();
        while (count(es, "cdp-act-entries", "bench-audience") < profileIds.size()) {
            Thread.sleep(500);
        }
        String destination = create(app, auth, "/api/destinations", Map.of("name", "bench meta", "kind", "META",
                "settings", Map.of("baseUrl", meta.url(), "audienceId", "aud"), "secrets", Map.of("accessToken", "t")));
        long start = System.nanoTime();
        create(app, auth, "/api/activations", Map.of("name", "bench sync", "segmentId", "bench-audience",
                "destinationId", destination, "mode", "AUDIENCE_SYNC"));
        while (meta.rows.get() < profileIds.size()) {
            Thread.sleep(2);
        }
        double syncSeconds = (System.nanoTime() - start) / 1e9;
        List<String> bodies = List.copyOf(meta.bodies);
        long rows = meta.rows.get();
        meta.rows.set(0);
        long baselineStart = System.nanoTime();
        for (String body : bodies) {
            HTTP.send(HttpRequest.newBuilder(URI.create(meta.url() + "/aud/users"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        double baselineSeconds = (System.nanoTime() - baselineStart) / 1e9;
        out.printf("%n| audience measure | value |%n|---|---|%n");
        out.printf("| members synced (rows received) / requests | %d / %d |%n", rows, bodies.size());
        out.printf("| full sync, activation created → last row received | %.2f s = %.0f identifiers/s |%n",
                syncSeconds, rows / syncSeconds);
        out.printf("| raw baseline: the same %d payloads posted by a plain HTTP client | %.3f s = %.0f identifiers/s |%n",
                bodies.size(), baselineSeconds, meta.rows.get() / baselineSeconds);
    }

    /** A Meta-like endpoint that counts the rows it receives and keeps the bodies for the baseline. */
    private static final class RowCounter implements AutoCloseable {

        final AtomicLong rows = new AtomicLong();
        final List<String> bodies = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        RowCounter() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                rows.addAndGet(JSON.readTree(body).path("payload").path("data").size());
                bodies.add(body);
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

    private static String create(String app, String auth, String path, Object body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(app + path))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json").header("Authorization", auth).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body()).path("id").asString();
    }

    private static List<String> searchIds(String es, String index, int size) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(es + "/" + index
                + "/_search?size=" + size + "&_source=false")).GET().build(), HttpResponse.BodyHandlers.ofString());
        List<String> ids = new ArrayList<>();
        if (response.statusCode() == 200) {
            for (JsonNode hit : JSON.readTree(response.body()).path("hits").path("hits")) {
                ids.add(hit.path("_id").asString());
            }
        }
        return ids;
    }

    private static long count(String es, String index, String segment) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(es + "/" + index + "/_count"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":{\"term\":{\"segmentId\":\"" + segment + "\"}}}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()).path("count").asLong() : 0;
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void step(String message) {
        out.println("[bench] " + message);
    }
}
