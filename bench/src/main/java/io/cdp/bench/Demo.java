package io.cdp.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import io.cdp.bench.cli.Arguments;
import io.cdp.bench.data.CrmContact;
import io.cdp.bench.data.DataSetFacts;
import io.cdp.bench.data.DemoData;
import io.cdp.bench.data.DemoDataGenerator;
import io.cdp.bench.data.Source;
import io.cdp.bench.http.ElasticsearchHttp;
import io.cdp.bench.http.PlatformClient;
import io.cdp.bench.http.Replayer;
import io.cdp.bench.report.ProfileCensus;
import io.cdp.bench.report.ProgressBar;

/**
 * {@code ./cdp demo}: replays a seeded multi-channel data set through the public API of a
 * running platform and prints what the platform built from it, next to what a perfect
 * identity resolution would build (worked out independently from the data set).
 *
 * <p>Options: {@code --url} (http://127.0.0.1:8080), {@code --events} (20000), {@code --seed}
 * (42), {@code --admin-user} (admin), {@code --admin-password} ($CDP_ADMIN_PASSWORD or admin),
 * {@code --elasticsearch-url} ($CDP_ELASTICSEARCH_URL or http://127.0.0.1:$CDP_ES_PORT),
 * {@code --batch-size} (100), {@code --concurrency} (4), {@code --wait-seconds} (60: give up when
 * the event count stops growing that long).
 */
public final class Demo {

    static final String EVENTS_INDICES = "cdp-events-*";
    static final String PROFILES_INDEX = "cdp-profiles";

    private final Options options;
    private final PrintStream out;
    private final PlatformClient platform;
    private final ElasticsearchHttp elasticsearch;

    private Demo(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.platform = new PlatformClient(options.url(), options.adminUser(), options.adminPassword());
        this.elasticsearch = new ElasticsearchHttp(options.elasticsearchUrl());
    }

    public static void main(String[] args) throws Exception {
        new Demo(Arguments.parseOrExit("demo", args, Options::parse), System.out).run();
        System.exit(0);
    }

    /** What was sent and what the platform built from it. */
    record Outcome(DataSetFacts expected, ProfileCensus built, long accepted) {
    }

    static Outcome run(Options options, PrintStream out) throws IOException, InterruptedException {
        return new Demo(options, out).run();
    }

    record Options(String url, int events, long seed, String adminUser, String adminPassword, String elasticsearchUrl,
                   int batchSize, int concurrency, Duration patience) {

        static final Set<String> NAMES = Set.of("url", "events", "seed", "admin-user", "admin-password",
                "elasticsearch-url", "batch-size", "concurrency", "wait-seconds");

        static Options parse(String[] args) {
            Arguments arguments = Arguments.parse(args, NAMES);
            String defaultEs = Arguments.env("CDP_ELASTICSEARCH_URL",
                    "http://127.0.0.1:" + Arguments.env("CDP_ES_PORT", "9200"));
            return new Options(
                    arguments.text("url", "http://127.0.0.1:8080"),
                    (int) arguments.number("events", 20_000, 1),
                    arguments.number("seed", 42, Long.MIN_VALUE),
                    arguments.text("admin-user", "admin"),
                    arguments.text("admin-password", Arguments.env("CDP_ADMIN_PASSWORD", "admin")),
                    arguments.text("elasticsearch-url", defaultEs),
                    (int) arguments.number("batch-size", 100, 1),
                    (int) arguments.number("concurrency", 4, 1),
                    Duration.ofSeconds(arguments.number("wait-seconds", 60, 1)));
        }
    }

    private Outcome run() throws IOException, InterruptedException {
        // whole days keep the data set identical for the same seed across a day's runs
        Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS);
        DemoData data = DemoDataGenerator.generate(options.seed(), options.events(), end);
        DataSetFacts facts = DataSetFacts.of(data);
        out.printf(Locale.ROOT, "Generated %,d calls (web %,d, app %,d, store %,d) and %,d CRM contacts for %,d people, seed %d%n",
                data.calls().size(), facts.bySource().getOrDefault(Source.WEB, 0), facts.bySource().getOrDefault(Source.APP, 0),
                facts.bySource().getOrDefault(Source.POS, 0), data.contacts().size(), facts.people(), options.seed());

        awaitPlatform();
        Map<Source, String> writeKeys = new EnumMap<>(Source.class);
        for (Source source : Source.values()) {
            writeKeys.put(source, platform.createSource(source.sourceName()));
        }
        out.println("Created sources: web, app, pos, crm");
        JsonNode rates = platform.importRates(data.ratesCsv());
        out.printf(Locale.ROOT, "Imported exchange rates: 1 EUR = %s USD on %d days (the shop sells in EUR, the"
                + " platform reports in USD)%n", DemoData.EUR_USD.toPlainString(), rates.path("accepted").asLong());

        long eventsBefore = elasticsearch.count(EVENTS_INDICES);
        ProgressBar sending = ProgressBar.onConsole("sending", data.calls().size());
        long accepted = new Replayer(platform, writeKeys, options.batchSize(), options.concurrency())
                .replay(data.calls(), sending::update);
        sending.finish(accepted);

        JsonNode report = platform.importContacts(Source.CRM.sourceName(), CrmContact.toCsv(data.contacts()));
        out.printf(Locale.ROOT, "Imported the CRM export (%,d rows): %s%n", data.contacts().size(), counts(report));

        // each imported contact becomes an identify call on the same pipeline
        awaitProcessed(eventsBefore + accepted + report.path("accepted").asLong(0));
        ProfileCensus census = census();
        printSummary(census, facts);
        return new Outcome(facts, census, accepted);
    }

    /** Only the report's counters: its per-row details may quote contact data. */
    static String counts(JsonNode report) {
        StringBuilder counts = new StringBuilder();
        for (String name : report.propertyNames()) {
            if (report.path(name).isNumber()) {
                counts.append(counts.isEmpty() ? "" : ", ").append(name).append(' ').append(report.path(name).asString());
            }
        }
        return counts.isEmpty() ? "accepted" : counts.toString();
    }

    private void awaitPlatform() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!platform.isUp()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the platform at " + options.url() + " is not up (GET /actuator/health)");
            }
            Thread.sleep(1000);
        }
    }

    /**
     * Waits until the events index holds every accepted call, or stops growing for the wait
     * time: a replay of the same seed is absorbed by messageId deduplication and adds nothing.
     */
    private void awaitProcessed(long expected) throws IOException, InterruptedException {
        ProgressBar processing = ProgressBar.onConsole("processing", expected);
        long count = elasticsearch.awaitCount(EVENTS_INDICES, expected, options.patience(), processing::update);
        processing.finish(count);
        if (count < expected) {
            out.printf(Locale.ROOT, "Stopped waiting: %,d of %,d events stored (duplicates of an earlier run are"
                    + " dropped by messageId; see /api/admin/dead-letters for failures)%n", count, expected);
        }
    }

    private ProfileCensus census() throws IOException, InterruptedException {
        elasticsearch.refresh(PROFILES_INDEX);
        ProfileCensus census = new ProfileCensus();
        elasticsearch.scan(PROFILES_INDEX, Map.of("match_all", Map.of()), List.of("*"), hit -> census.add(hit.path("_source")));
        return census;
    }

    private void printSummary(ProfileCensus census, DataSetFacts facts) {
        BigDecimal expectedAov = facts.orders() == 0 ? BigDecimal.ZERO
                : facts.reportingRevenue().divide(BigDecimal.valueOf(facts.orders()), 2, RoundingMode.HALF_UP);
        out.println();
        out.println("What the platform built                     built     expected (union-find over the data set)");
        row("profiles", census.profiles(), facts.people());
        out.printf(Locale.ROOT, "  %-38s %,10d%n", "merges (profiles folded into another)", census.merged());
        row("known (userId, email or phone)", census.known(), facts.known());
        row("anonymous", census.anonymous(), facts.anonymous());
        row("orders", census.orders(), facts.orders());
        out.printf(Locale.ROOT, "  %-38s %,13.2f  %,13.2f%n", "revenue (USD)", census.revenue(), facts.reportingRevenue());
        out.printf(Locale.ROOT, "  %-38s %,13.2f  %,13.2f%n", "average order value (USD)", census.averageOrderValue(), expectedAov);
        out.println("  top traits (profiles having each):");
        for (Map.Entry<String, Long> trait : census.topTraits(8)) {
            out.printf(Locale.ROOT, "    %-36s %,10d%n", trait.getKey(), trait.getValue());
        }
        out.printf("Look one up: GET %s/api/profiles/lookup?type=email&value=...%n", options.url());
    }

    private void row(String label, long built, long expected) {
        out.printf(Locale.ROOT, "  %-38s %,10d  %,10d%n", label, built, expected);
    }
}
