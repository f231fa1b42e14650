package io.cdp.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import io.cdp.bench.cli.Arguments;
import io.cdp.bench.data.DemoData;
import io.cdp.bench.data.DemoDataGenerator;
import io.cdp.bench.data.Source;
import io.cdp.bench.http.BulkWriter;
import io.cdp.bench.http.ConsoleSession;
import io.cdp.bench.http.ElasticsearchHttp;
import io.cdp.bench.http.PlatformClient;
import io.cdp.bench.http.Replayer;
import io.cdp.bench.report.Percentiles;
import io.cdp.bench.report.ProgressBar;
import io.cdp.bench.stack.BenchStack;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Console and KPI benchmark: how long a marketer waits for each console page, and for
 * {@code GET /api/kpis}, on a large store.
 * <p>
 * The store is built in two steps. First a seeded data set goes through the public API, so that
 * every profile and timeline document is one the pipeline wrote (identity resolution, order book,
 * {@code kpi.*} fields). Then those documents are copied with {@code _bulk} until the store holds
 * {@code --profiles} profiles: each copy is a new person (new profile id, event keys, message ids
 * and order ids), its events moved back by a whole number of weeks so that the copies spread over
 * the past year. A scheduled segmentation run then gives the copies their memberships.
 * <p>
 * Each view (a page and the parts htmx loads with it) is requested {@code --requests} times in a
 * row after two warm-up requests, signed in through the sign-in form in the role the page is for (a viewer,
 * the builder as a marketer, the admin pages as an admin); p50, p95 and max are of the whole view. The baseline, in the same run, is Elasticsearch answering the raw
 * searches a page needs at the least: a page of 20 profiles, and the daily event count of the
 * last 30 days.
 *
 * <pre>bench/run-console.sh --profiles 100000
 * BENCH_HEAP=2g bench/run-console.sh --profiles 1000000 --app-heap 1g</pre>
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class ConsoleBenchmark {

    private static final String BUILDER = "/segments/new";
    private static final String PROFILES = "cdp-profiles";
    private static final String EVENTS = "cdp-events-*";
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy.MM").withZone(ZoneOffset.UTC);
    private static final int WARM_UP = 2;
    private static final int WEEKS_SPREAD = 52;
    private static final long TARGET_P95_MILLIS = 300;
    private static final long TARGET_KPI_MILLIS = 1_000;

    private final PrintStream out = System.out;
    private final int profiles;
    private final int seedEvents;
    private final long seed;
    private final int requests;
    private final Path appJar;
    private final String appHeap;

    public static void main(String[] args) throws Exception {
        Arguments a = Arguments.parse(args, Set.of("profiles", "seed-events", "seed", "requests", "app-jar", "app-heap"));
        new ConsoleBenchmark((int) a.number("profiles", 100_000, 1), (int) a.number("seed-events", 20_000, 100),
                a.number("seed", 42, Long.MIN_VALUE), (int) a.number("requests", 20, 1),
                Path.of(a.text("app-jar", "app/target/cdp-app.jar")), a.text("app-heap", "1g")).run();
        System.exit(0);
    }

    /** A page as the marketer waits for it: the page and the parts htmx loads right after it. */
    /**
     * @param figures where the view's page asks for the figures the console computes in the background (null: it
     *                shows none); timed views must show them, not the note that they are being computed
     */
    /** Who requests a view: the console's roles, each signed in through the form. */
    private enum Role {
        VIEWER, MARKETER, ADMIN
    }

    private record View(String name, Role role, String page, List<String> fragments, String figures) {

        View(String name, String page, List<String> fragments, String figures) {
            this(name, Role.VIEWER, page, fragments, figures);
        }

        View(String name, String page, List<String> fragments) {
            this(name, Role.VIEWER, page, fragments, null);
        }

        /** A page of one role's, without fragments or figures. */
        static View of(Role role, String name, String page) {
            return new View(name, role, page, List.of(), null);
        }
    }

    /** @param report the KPI report's own target (1 s) rather than a page's (300 ms) */
    private record Timing(String name, Percentiles millis, boolean report) {
    }

    /** What the store holds after copying, and one of its people. */
    private record Store(long profiles, long events, String someone) {
    }

    private void run() throws Exception {
        try (BenchStack stack = BenchStack.start("cdp-console-bench", appJar, appHeap, this::step)) {
            PlatformClient admin = stack.platform();
            ElasticsearchHttp es = new ElasticsearchHttp(stack.elasticsearchUrl());

            step("replaying " + seedEvents + " seeded events through the API");
            Instant now = Instant.now().truncatedTo(ChronoUnit.DAYS);
            DemoData data = new DemoData(DemoDataGenerator.generate(seed, seedEvents, now).calls(), List.of());
            Map<Source, String> writeKeys = new EnumMap<>(Source.class);
            for (Source source : List.of(Source.WEB, Source.APP, Source.POS)) {
                writeKeys.put(source, admin.createSource(source.sourceName()));
            }
            admin.importRates(data.ratesCsv());
            ProgressBar replay = ProgressBar.onConsole("accepted", data.calls().size());
            long accepted = new Replayer(admin, writeKeys, 100, 4).replay(data.calls(), replay::update);
            replay.finish(accepted);
            ProgressBar stored = ProgressBar.onConsole("stored", accepted);
            stored.finish(es.awaitCount(EVENTS, accepted, Duration.ofMinutes(2), stored::update));

            step("copying the pipeline's documents with _bulk up to " + profiles + " profiles");
            Store copied = copy(es);
            es.refresh("cdp-*");
            step("scheduled segmentation run over all " + copied.profiles() + " profiles");
            awaitRun(admin);

            Map<Role, ConsoleSession> sessions = new EnumMap<>(Role.class);
            for (Role role : Role.values()) {
                String user = "console-" + role.name().toLowerCase(Locale.ROOT);
                String password = UUID.randomUUID().toString();
                admin.call("POST", "/api/admin/users", "{\"username\":\"" + user + "\",\"password\":\"" + password
                        + "\",\"role\":\"" + role + "\"}");
                sessions.put(role, ConsoleSession.signIn(stack.platform().baseUrl(), user, password));
            }
            List<View> views = views(admin, copied.someone());
            step("first views: the builder's vocabulary, the figures the console computes in the background");
            long builderStarted = System.nanoTime();
            sessions.get(Role.MARKETER).get(BUILDER);
            long builderFirst = (System.nanoTime() - builderStarted) / 1_000_000;
            Map<String, Long> firstFigures = new LinkedHashMap<>();
            for (View view : views) {
                if (view.figures() != null) {
                    firstFigures.put(view.name(), firstFigures(sessions.get(view.role()), view));
                }
            }
            step("timing " + requests + " requests of each view");
            List<Timing> timings = new ArrayList<>();
            for (View view : views) {
                ConsoleSession console = sessions.get(view.role());
                timings.add(new Timing(view.name(), time(() -> {
                    StringBuilder shown = new StringBuilder(console.get(view.page()).body());
                    for (String fragment : view.fragments()) {
                        shown.append(console.fragment(fragment).body());
                    }
                    if (view.figures() != null && !shown.toString().contains("id=\"figures-age\"")) {
                        throw new IllegalStateException(view.page() + " showed no figures");
                    }
                }), false));
            }
            // the API takes a token, not the console's session
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            String kpis = "/api/kpis?from=" + today.minusDays(29) + "&to=" + today.plusDays(1) + "&interval=day";
            timings.add(1, new Timing("GET /api/kpis (last 30 days by day, token)", time(() -> admin.get(kpis)), true));
            step("baseline: the raw searches in Elasticsearch");
            Percentiles rawProfiles = time(() -> es.search(PROFILES, Map.of("size", 20, "query", Map.of("match_all", Map.of()))));
            Percentiles rawDaily = time(() -> es.search(EVENTS, Map.of("size", 0,
                    "query", Map.of("range", Map.of("timestamp", Map.of("gte", "now-30d/d"))),
                    "aggs", Map.of("days", Map.of("date_histogram", Map.of("field", "timestamp", "calendar_interval", "day"))))));
            report(copied, timings, builderFirst, firstFigures, rawProfiles, rawDaily);
        }
    }

    /**
     * Reads the live profiles and their events as the pipeline stored them, then writes copies
     * until there are {@code --profiles} profiles.
     *
     */
    private Store copy(ElasticsearchHttp es) throws IOException, InterruptedException {
        es.refresh("cdp-*");
        Map<String, ObjectNode> people = new LinkedHashMap<>();
        es.scan(PROFILES, Map.of("bool", Map.of("must_not", List.of(Map.of("exists", Map.of("field", "mergedInto"))))),
                List.of("*"), hit -> people.put(hit.path("_id").asString(), (ObjectNode) hit.path("_source")));
        Map<String, List<ObjectNode>> timelines = new HashMap<>();
        es.scan(EVENTS, Map.of("match_all", Map.of()), List.of("*"), hit -> timelines
                .computeIfAbsent(hit.path("_source").path("profileId").asString(), id -> new ArrayList<>())
                .add((ObjectNode) hit.path("_source")));
        long events = timelines.values().stream().mapToLong(List::size).sum();
        // the originals count as the first of each person: enough copies to reach --profiles, rounded up
        int copies = (profiles - 1) / people.size();
        ProgressBar progress = ProgressBar.onConsole("copied documents", copies * (people.size() + events));
        try (BulkWriter bulk = new BulkWriter(es, 2_000, progress)) {
            for (int copy = 1; copy <= copies; copy++) {
                for (Map.Entry<String, ObjectNode> person : people.entrySet()) {
                    String profileId = copiedHex(person.getKey(), copy);
                    bulk.index(PROFILES, profileId, person.getValue().deepCopy().put("id", profileId));
                    for (ObjectNode event : timelines.getOrDefault(person.getKey(), List.of())) {
                        ObjectNode moved = movedCopy(event, profileId, copy);
                        bulk.index("cdp-events-" + MONTH.format(Instant.parse(moved.path("timestamp").asString())),
                                moved.path("key").asString(), moved);
                    }
                }
            }
        }
        String someone = copiedHex(people.keySet().iterator().next(), copies);
        return new Store(people.size() * (copies + 1L), events * (copies + 1L), someone);
    }

    /**
     * A new id of the same shape as a hex id the platform made (a profile id is 12 hex digits of creation
     * time and 16 random ones; an event key 32 hex digits): the last 16 digits mixed with the copy's number.
     */
    private static String copiedHex(String id, int copyNumber) {
        int split = id.length() - 16;
        long mixed = Long.parseUnsignedLong(id.substring(split), 16) ^ (copyNumber * 0x9E3779B97F4A7C15L);
        return id.substring(0, split) + String.format("%016x", mixed);
    }

    /** The event as the copy's person had it: new key, message and order ids, moved back by whole weeks. */
    private static ObjectNode movedCopy(ObjectNode event, String profileId, int copyNumber) {
        String suffix = "-c" + copyNumber;
        Duration back = Duration.ofDays(7L * (copyNumber % WEEKS_SPREAD));
        ObjectNode copy = event.deepCopy();
        copy.put("profileId", profileId).put("key", copiedHex(event.path("key").asString(), copyNumber))
                .put("messageId", event.path("messageId").asString() + suffix);
        for (String time : List.of("timestamp", "receivedAt", "processedAt")) {
            if (event.hasNonNull(time)) {
                copy.put(time, Instant.parse(event.path(time).asString()).minus(back).toString());
            }
        }
        JsonNode kpi = event.path("kpi");
        if (kpi.hasNonNull("orderId")) {
            ((ObjectNode) copy.path("kpi")).put("orderId", kpi.path("orderId").asString() + suffix);
        }
        return copy;
    }

    private void awaitRun(PlatformClient admin) throws IOException, InterruptedException {
        String id = admin.call("POST", "/api/segmentation/runs", null).get("id").asString();
        JsonNode state;
        ProgressBar bar = ProgressBar.onConsole("evaluated", profiles);
        do {
            Thread.sleep(1_000);
            state = admin.get("/api/segmentation/runs/" + id);
            bar.update(state.path("processed").asLong());
        } while (!"COMPLETED".equals(state.path("status").asString()) && !"FAILED".equals(state.path("status").asString()));
        bar.finish(state.path("processed").asLong());
        if (!"COMPLETED".equals(state.path("status").asString())) {
            throw new IllegalStateException("the segmentation run ended " + state);
        }
    }

    /** The views of a marketer's day, on a segment and a profile that exist in the store. */
    private List<View> views(PlatformClient admin, String profileId) throws IOException, InterruptedException {
        String segment = admin.get("/api/segments").path(0).path("definition").path("id").asString();
        long members = admin.get("/api/segments/" + segment + "/size").path("size").asLong();
        return List.of(
                new View("overview with its figures (KPIs of the last 30 days)", "/overview", List.of(),
                        "/overview/figures?period=30d&after=0"),
                new View("segments list", "/segments", List.of()),
                new View("segment page with its KPI and CLV panels (" + String.format("%,d", members) + " members)",
                        "/segments/" + segment,
                        List.of("/segments/" + segment + "/measurement", "/segments/" + segment + "/clv"),
                        "/segments/" + segment + "/measurement?period=30d&after=0"),
                new View("profiles search (first page)", "/profiles", List.of()),
                new View("profile with memberships", "/profiles/" + profileId,
                        List.of("/profiles/" + profileId + "/memberships")),
                new View("stages", "/stages", List.of()),
                new View("sources", "/sources", List.of()),
                new View("activations", "/activations", List.of()),
                new View("destinations", "/destinations", List.of()),
                View.of(Role.MARKETER, "segment builder, new segment (marketer)", BUILDER),
                View.of(Role.MARKETER, "segment builder, editing the segment (marketer)", "/segments/" + segment + "/edit"),
                View.of(Role.ADMIN, "users (admin)", "/admin"),
                View.of(Role.ADMIN, "imports (admin)", "/admin/imports"),
                View.of(Role.ADMIN, "dead letters (admin)", "/admin/dead-letters"),
                View.of(Role.ADMIN, "health (admin)", "/admin/health"));
    }

    /**
     * How long a view's first request takes to show its figures: the page and its fragments, then the polls for the
     * figures the console computes in the background, every 250 ms (the browser polls every second).
     */
    private long firstFigures(ConsoleSession console, View view) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        console.get(view.page());
        for (String fragment : view.fragments()) {
            console.fragment(fragment);
        }
        while (console.fragmentWhenReady(view.figures()).isEmpty()) {
            Thread.sleep(250);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private interface Request {
        void send() throws IOException, InterruptedException;
    }

    private Percentiles time(Request request) throws IOException, InterruptedException {
        for (int i = 0; i < WARM_UP; i++) {
            request.send();
        }
        long[] millis = new long[requests];
        for (int i = 0; i < requests; i++) {
            long t0 = System.nanoTime();
            request.send();
            millis[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        return new Percentiles(millis);
    }

    private void report(Store store, List<Timing> timings, long builderFirst, Map<String, Long> firstFigures,
            Percentiles rawProfiles, Percentiles rawDaily) {
        out.println();
        out.printf(Locale.ROOT, "Store: %,d profiles, %,d events; %d requests per view after %d warm-up%n",
                store.profiles(), store.events(), requests, WARM_UP);
        out.printf(Locale.ROOT, "  %-42s %8s %8s %8s  %s%n", "view", "p50 ms", "p95 ms", "max ms", "target");
        for (Timing t : timings) {
            long target = t.report() ? TARGET_KPI_MILLIS : TARGET_P95_MILLIS;
            out.printf(Locale.ROOT, "  %-42s %8d %8d %8d  p95 ≤ %,d ms: %s%n", t.name(), t.millis().at(50),
                    t.millis().at(95), t.millis().max(), target, t.millis().at(95) <= target ? "met" : "missed");
        }
        out.printf(Locale.ROOT, "First view of the segment builder on this store (its vocabulary of seen traits, event"
                + " names and properties is read in the background, see SeenVocabulary): %,d ms%n", builderFirst);
        out.println("First views: figures computed in the background, shown at once by the views above and computed"
                + " again in the background after cdp.reporting.console-fresh-for (or, when cheaper than"
                + " cdp.reporting.console-recompute-below, on views once ten times as old as they took)");
        firstFigures.forEach((view, millis) -> out.printf(Locale.ROOT, "  %-42s first figures after %,d ms%n", view,
                millis));
        out.printf(Locale.ROOT, "Baseline, same run: raw search of 20 profiles p50 %d / p95 %d ms; raw daily event"
                + " count of 30 days p50 %d / p95 %d ms%n", rawProfiles.at(50), rawProfiles.at(95), rawDaily.at(50),
                rawDaily.at(95));
    }

    private void step(String what) {
        out.printf(Locale.ROOT, "[%tT] %s%n", System.currentTimeMillis(), what);
    }
}
