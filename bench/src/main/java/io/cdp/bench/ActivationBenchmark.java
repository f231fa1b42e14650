package io.cdp.bench;

import io.cdp.platform.Topics;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
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
import jakarta.mail.Session;
import jakarta.mail.Transport;
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
 * {@code --emails} entries: p50/p99 and emails/s, against plain Jakarta Mail sending the very
 * messages the server received to the same server over reused connections, in the same run;</li>
 * <li>the same at {@code --rate} entries a second offered open loop for {@code --latency-seconds}:
 * p50/p99 entry published → accepted;</li>
 * <li>a full audience sync of the {@code --members} members to the Meta-like server: members/s,
 * against a raw baseline that posts the same recorded payloads, one call at a time as the sync
 * does, with a plain {@code java.net.http} client in the same run; and the app's peak heap.</li>
 * </ol>
 */
public final class ActivationBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String AUDIENCE_SEGMENT = "bench-audience";
    /** The app's default {@code cdp.activation.limits.sync-page}. */
    private static final int SYNC_PAGE = 10_000;
    /** What the sync reads of a person (the profile store's {@code findIdentities}). */
    private static final List<String> IDENTITY_FIELDS = List.of("id", "userId", "mergedInto", "erased", "identities",
            "consent", "absorbedProfiles");
    private final PrintStream out = System.out;

    /**
     * @param emails              entries published at once (the burst)
     * @param rate                entries a second of the open-loop latency phase
     * @param latencySeconds      how long that phase offers them (0: no such phase)
     * @param baselineConnections SMTP connections the plain Jakarta Mail baseline sends over, side by side
     */
    record Options(int members, int emails, int warmupEmails, int rate, int latencySeconds, int baselineConnections,
            Path appJar, String appHeap, String appJfr) {

        static Options parse(String[] args) {
            Arguments arguments = Arguments.parse(args, Set.of("members", "emails", "warmup-emails", "rate",
                    "latency-seconds", "baseline-connections", "app-jar", "app-heap", "app-jfr"));
            int members = (int) arguments.number("members", 100_000, 1);
            int emails = (int) Math.min(members, arguments.number("emails", 500, 1));
            int rate = (int) arguments.number("rate", 100, 1);
            // the latency phase writes to people the burst did not, so that no frequency cap is reached
            int latencySeconds = (int) Math.min((members - emails) / rate, arguments.number("latency-seconds", 20, 0));
            // the warm-up writes to people neither the burst nor the latency phase writes to
            int warmupEmails = (int) Math.min(members - emails - rate * latencySeconds,
                    arguments.number("warmup-emails", emails, 0));
            return new Options(members, emails, warmupEmails, rate, latencySeconds,
                    (int) arguments.number("baseline-connections", 4, 1),
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
        // as the app does (EmailSender): the baseline and the SMTP server spared the per-call ServiceLoader scan
        // of Jakarta Mail's stream provider (jakartaee/mail-api#861), so that the baseline is Jakarta Mail at its best
        System.getProperties().putIfAbsent("jakarta.mail.util.StreamProvider",
                "org.eclipse.angus.mail.util.MailStreamProvider");
        new ActivationBenchmark().run(Options.parse(args));
        System.exit(0);
    }

    private void run(Options options) throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        SmtpInbox inbox = new SmtpInbox(smtp);
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
            emailPhase(options, stack.platform(), smtp, inbox, producer);
            long emailPeak = heap.peak();
            audiencePhase(options, stack.platform(), meta, es);
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
        step("seeding " + members + " current entries of " + AUDIENCE_SEGMENT
                + " into cdp-act-entries with _bulk (activation's membership store layout)");
        try (BulkWriter bulk = new BulkWriter(es, 5_000, ProgressBar.onConsole("entries", members))) {
            for (int i = 0; i < members; i++) {
                String entryId = "a-" + profileId(i);
                bulk.index("cdp-act-entries", entryId, Map.of("entryId", entryId, "segmentId", AUDIENCE_SEGMENT,
                        "profileId", profileId(i), "enteredAt", now.toString()));
            }
        }
        es.refresh("cdp-profiles");
        es.refresh("cdp-act-entries");
    }

    private void emailPhase(Options options, PlatformClient platform, GreenMail smtp, SmtpInbox inbox,
            KafkaProducer<String, String> producer) throws Exception {
        String destination = create(platform, "/api/destinations", Map.of("name", "bench smtp", "kind", "EMAIL",
                "settings", Map.of("host", "127.0.0.1", "port", String.valueOf(smtp.getSmtp().getPort()),
                        "from", "bench@example.com")));
        String activation = create(platform, "/api/activations", Map.of("name", "bench email", "segmentId",
                "bench-email", "destinationId", destination, "mode", "TRIGGER",
                "template", Map.of("subject", "Hi {{firstName}}", "body", "Hello {{firstName}}")));
        if (options.warmupEmails() > 0) {
            // the first emails of a fresh app pay one-time costs (the SMTP session and Jakarta Activation's command
            // map set up, JSON deserialisers built, code not compiled yet); the burst measures the platform warm, as
            // the ingest and real-time benchmarks do
            step("email warm-up: " + options.warmupEmails() + " segment entries of other people, not measured");
            entries(producer, activation, "w-", options.emails() + options.rate() * options.latencySeconds(),
                    options.warmupEmails(), 0, inbox);
            smtp.purgeEmailFromAllMailboxes();
        }
        step("email: " + options.emails() + " segment entries published at once");
        inbox.keep = true;
        Burst burst = entries(producer, activation, "e-", 0, options.emails(), 0, inbox);
        inbox.keep = false;
        List<MimeMessage> sent = List.copyOf(inbox.kept);
        inbox.kept.clear();
        out.printf("%n| email measure | value |%n|---|---|%n");
        out.printf("| burst: emails accepted by the SMTP server | %d of %d |%n", burst.accepted(), options.emails());
        double appRate = burst.accepted() / burst.seconds();
        out.printf(Locale.ROOT, "| burst: throughput (first publish → last accepted) | %.1f emails/s |%n", appRate);
        out.printf("| burst: latency membership published → accepted, p50 / p99 / max | %s |%n", burst.latency());

        step("baseline: the same " + sent.size() + " messages sent by plain Jakarta Mail over "
                + options.baselineConnections() + " reused connections");
        smtp.purgeEmailFromAllMailboxes();
        double rawRate = plainJakartaMail(smtp.getSmtp().getPort(), sent, options.baselineConnections());
        out.printf(Locale.ROOT, "| baseline: plain Jakarta Mail, same messages, %d reused connections | %.1f emails/s |%n",
                options.baselineConnections(), rawRate);
        out.printf(Locale.ROOT, "| ratio app / plain Jakarta Mail | %.3f |%n", appRate / rawRate);
        smtp.purgeEmailFromAllMailboxes();

        if (options.latencySeconds() > 0) {
            int count = options.rate() * options.latencySeconds();
            step("email latency: " + count + " segment entries offered at " + options.rate() + "/s (open loop)");
            Burst paced = entries(producer, activation, "r-", options.emails(), count, options.rate(), inbox);
            out.printf(Locale.ROOT, "| %d entries/s for %d s: emails accepted | %d of %d |%n", options.rate(),
                    options.latencySeconds(), paced.accepted(), count);
            out.printf("| %d entries/s: latency entry published → accepted, p50 / p99 / max | %s |%n",
                    options.rate(), paced.latency());
            smtp.purgeEmailFromAllMailboxes();
        }
        out.println();
    }

    /** What a set of entries became: emails accepted, the seconds from first publish to last accepted, latencies. */
    private record Burst(int accepted, double seconds, String latency) {
    }

    /**
     * Publishes {@code count} SegmentEntered for profiles from {@code first} on, all at once ({@code rate} 0) or
     * {@code rate} a second whatever the platform does (open loop), and waits until the SMTP server accepted
     * their emails (at most 10 minutes).
     */
    private Burst entries(KafkaProducer<String, String> producer, String activation, String entryPrefix, int first,
            int count, int rate, SmtpInbox inbox) throws Exception {
        Map<String, Long> publishedAt = new ConcurrentHashMap<>();
        List<String> ids = new ArrayList<>(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (rate > 0) {
                long due = start + i * 1_000_000_000L / rate;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            String id = profileId(first + i);
            String entry = entryPrefix + id;
            String messageId = "<" + Delivery.key(id, activation, entry, "entered") + "@cdp.activation>";
            ids.add(messageId);
            publishedAt.put(messageId, System.nanoTime());
            producer.send(new ProducerRecord<>(Topics.MEMBERSHIPS, id, JSON.writeValueAsString(
                    new SegmentEntered(ProfileId.of(id), "bench-email", entry, "bench", Instant.now()))));
            if (rate > 0) {
                producer.flush();
            }
        }
        producer.flush();
        ProgressBar bar = ProgressBar.onConsole("emails", count);
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        int accepted;
        while ((accepted = inbox.acceptedAmong(ids)) < count && System.nanoTime() < deadline) {
            bar.update(accepted);
            Thread.sleep(200);
        }
        bar.finish(accepted);
        long[] latencies = ids.stream().filter(inbox.acceptedAt::containsKey)
                .mapToLong(id -> (inbox.acceptedAt.get(id) - publishedAt.get(id)) / 1_000_000).toArray();
        long end = ids.stream().filter(inbox.acceptedAt::containsKey).mapToLong(inbox.acceptedAt::get).max()
                .orElse(System.nanoTime());
        String latency = latencies.length == 0 ? "-" : new Percentiles(latencies).at(50) + " / "
                + new Percentiles(latencies).at(99) + " / " + new Percentiles(latencies).max() + " ms";
        return new Burst(latencies.length, (end - start) / 1e9, latency);
    }

    /**
     * The baseline: the very messages the app sent, sent again by plain Jakarta Mail, each of
     * {@code connections} threads over one SMTP connection it keeps open; emails/s until the last is accepted.
     */
    private static double plainJakartaMail(int port, List<MimeMessage> messages, int connections) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(port));
        Session session = Session.getInstance(properties);
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            Thread thread = new Thread(() -> {
                try (Transport transport = session.getTransport("smtp")) {
                    transport.connect();
                    for (int i; (i = next.getAndIncrement()) < messages.size();) {
                        MimeMessage message = messages.get(i);
                        transport.sendMessage(message, message.getAllRecipients());
                    }
                } catch (MessagingException e) {
                    failures.add(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("the plain Jakarta Mail baseline failed", failures.get(0));
        }
        return messages.size() / seconds;
    }

    /**
     * When the SMTP server accepted each message (by Message-ID), taken as it is delivered, before the
     * server answers the DATA command; and, while {@code keep} is on, the messages themselves.
     */
    private static final class SmtpInbox {

        final Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
        final List<MimeMessage> kept = new CopyOnWriteArrayList<>();
        volatile boolean keep;

        SmtpInbox(GreenMail smtp) {
            MessageDeliveryHandler store = smtp.getUserManager().getMessageDeliveryHandler();
            smtp.getUserManager().setMessageDeliveryHandler((message, to) -> {
                MimeMessage mime = message.getMessage();
                if (acceptedAt.putIfAbsent(mime.getMessageID(), System.nanoTime()) == null && keep) {
                    kept.add(mime);
                }
                return store.handle(message, to);
            });
        }

        int acceptedAmong(List<String> messageIds) {
            return (int) messageIds.stream().filter(acceptedAt::containsKey).count();
        }
    }

    private void audiencePhase(Options options, PlatformClient platform, RowCounter meta, ElasticsearchHttp es)
            throws Exception {
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

        step("baseline: raw PIT scan of the segment's entries and _mget of their people's identifiers and consent");
        long readStart = System.nanoTime();
        long read = rawSyncRead(es);
        double readSeconds = (System.nanoTime() - readStart) / 1e9;
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
        out.printf(Locale.ROOT, "| raw read: PIT scan of the entries + _mget of identifiers and consent, pages of %d | %.1f s = %.0f members/s (%d people) |%n",
                SYNC_PAGE, readSeconds, read / readSeconds, read);
        out.printf(Locale.ROOT, "| ratio sync / raw read (members/s) | %.3f |%n", (status.path("scanned").asLong()
                / syncSeconds) / (read / readSeconds));
        out.printf(Locale.ROOT, "| app peak heap (sampled) during the sync | %d MB |%n", heap.peak() >> 20);
    }

    /**
     * What a full sync must read, read raw: the segment's entries by a point-in-time scan in entryId order and, per
     * page, the people's documents with only what the sync reads of them (identifiers, consent, merge and erasure
     * marks), as one {@code _mget}: the sync's own page size and index layouts, one page after the other.
     *
     * @return the people read
     */
    private static long rawSyncRead(ElasticsearchHttp es) throws IOException, InterruptedException {
        AtomicLong people = new AtomicLong();
        es.scan("cdp-act-entries", Map.of("term", Map.of("segmentId", AUDIENCE_SEGMENT)),
                List.of("entryId", "segmentId", "profileId", "enteredAt", "exitedAt"), "entryId", SYNC_PAGE, page -> {
                    List<String> ids = new ArrayList<>();
                    page.forEach(hit -> ids.add(hit.path("_source").path("profileId").asString()));
                    try {
                        people.addAndGet(es.mget("cdp-profiles", ids, IDENTITY_FIELDS).path("docs").size());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                });
        return people.get();
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

    private void step(String message) {
        out.println("[" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message);
    }
}
