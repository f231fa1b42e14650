package io.cdp.bench;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import io.cdp.bench.cli.Arguments;
import io.cdp.bench.data.SeedProfile;
import io.cdp.bench.http.BulkWriter;
import io.cdp.bench.http.ElasticsearchHttp;
import io.cdp.bench.http.PlatformClient;
import io.cdp.bench.report.CpuMeter;
import io.cdp.bench.report.CpuUse;
import io.cdp.bench.report.HeapSampler;
import io.cdp.bench.report.IndexOperations;
import io.cdp.bench.report.ProgressBar;
import io.cdp.bench.stack.BenchStack;
import io.cdp.bench.stack.PlatformConsumers;
import io.cdp.segmentation.DayCount;
import io.cdp.segmentation.Evaluator;
import io.cdp.segmentation.ProfileFacts;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scheduled-evaluation benchmark: seeds N profiles straight into {@code cdp-profiles} (the profile
 * store's layout, via {@code _bulk}), saves 20 segments (trait, metric and windowed-event
 * conditions) through the API, starts a run and follows it to the end, then waits until the platform's consumers
 * have consumed what it published, so that the next run starts from a steady state. Baselines in the same run:
 * a raw PIT scan of the profiles index, and Drools evaluating the same facts in memory.
 * Before the runs it times the size preview of four drafts (three calls each) and checks each
 * estimate's 95% interval against the exact count of the same facts in memory.
 *
 * <pre>bench/run-segmentation.sh --profiles 200000
 * bench/run-segmentation.sh --profiles 300000 --runs 4   # run 1, then the nightly run three times
 * BENCH_HEAP=4g bench/run-segmentation.sh --profiles 1000000 --runs 0   # preview and baselines on 1M</pre>
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class SegmentationBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] COUNTRIES = {"DE", "FR", "US", "GB", "ES", "IT"};
    private static final String[] PLANS = {"free", "pro", "team"};
    private static final String[] EVENTS = {"Order Completed", "Product Viewed", "Page Viewed", "Signed Up"};

    private final PrintStream out = System.out;
    private final int profiles;
    private final long seed;
    private final Path appJar;
    private final String appHeap;
    private final int runs;

    /** The drafts previewed, by the saved segment whose condition they take: one of each condition kind. */
    private static final List<String> PREVIEWED = List.of("germans", "big-spenders", "recent-buyers", "window-shoppers");
    private static final int PREVIEW_CALLS = 3;

    public static void main(String[] args) throws Exception {
        Arguments a = Arguments.parse(args, Set.of("profiles", "seed", "app-jar", "app-heap", "runs"));
        int runs = (int) a.number("runs", 2, 0);
        new SegmentationBenchmark((int) a.number("profiles", 100_000, 1), a.number("seed", 42, Long.MIN_VALUE),
                Path.of(a.text("app-jar", "app/target/cdp-app.jar")), a.text("app-heap", "512m"), runs).run();
        System.exit(0);
    }

    static String segments() {
        List<String> s = new ArrayList<>();
        s.add(seg("germans", trait("country", "equals", "\"DE\"")));
        s.add(seg("europeans", trait("country", "in", "[\"DE\",\"FR\",\"ES\",\"IT\"]")));
        s.add(seg("paying", trait("plan", "notEquals", "\"free\"")));
        s.add(seg("adults-40", trait("age", "gte", "40")));
        s.add(seg("buyers", metric("orders", "gte", "1")));
        s.add(seg("repeat", metric("orders", "gte", "3")));
        s.add(seg("big-spenders", metric("revenue", "gte", "500")));
        s.add(seg("high-aov", metric("aov", "gt", "120")));
        s.add(seg("bouncers", metric("bounceRate", "gte", "0.5")));
        s.add(seg("active-7d", metric("lastSeen", "withinLastDays", "7")));
        s.add(seg("dormant-30d", metric("lastSeen", "moreThanDaysAgo", "30")));
        s.add(seg("recent-buyers", event("Order Completed", "atLeast", 1, 30)));
        s.add(seg("twice-30d", event("Order Completed", "atLeast", 2, 30)));
        s.add(seg("browsers-7d", event("Product Viewed", "atLeast", 3, 7)));
        s.add(seg("no-pages-14d", "{\"type\":\"event\",\"event\":\"Page Viewed\",\"frequency\":\"never\",\"withinDays\":14}"));
        s.add(seg("signed-up-60d", event("Signed Up", "exactly", 1, 60)));
        s.add(seg("de-buyers", and(trait("country", "equals", "\"DE\""), metric("orders", "gte", "1"))));
        s.add(seg("email-reachable", "{\"type\":\"consent\",\"channel\":\"email\"}"));
        s.add(seg("vip-europeans", and("{\"type\":\"segment\",\"segment\":\"europeans\"}",
                metric("revenue", "gte", "1000"))));
        s.add(seg("window-shoppers", and(event("Product Viewed", "atLeast", 5, 30),
                "{\"type\":\"not\",\"condition\":" + event("Order Completed", "atLeast", 1, 30) + "}")));
        return "[" + String.join(",", s) + "]";
    }

    private void run() throws Exception {
        try (BenchStack stack = BenchStack.start("cdp-segmentation-bench", appJar, appHeap, this::step)) {
            PlatformClient platform = stack.platform();
            ElasticsearchHttp es = new ElasticsearchHttp(stack.elasticsearchUrl());

            step("saving 20 segments");
            for (JsonNode segment : JSON.readTree(segments())) {
                platform.call("PUT", "/api/segments/" + segment.get("id").asString(), segment.toString());
            }
            awaitIdle(platform);

            step("seeding " + profiles + " profiles with _bulk");
            List<ProfileFacts> facts = seed(es);

            CpuMeter cpu = stack.cpuMeter();
            HeapSampler heap = new HeapSampler(platform);
            heap.start();
            step("preview: " + PREVIEWED.size() + " drafts, " + PREVIEW_CALLS + " calls each");
            List<Previewed> previews = preview(platform);
            List<Timed> timed = new ArrayList<>();
            if (runs >= 1) {
                step("scheduled evaluation run 1: every profile enters its segments (worst case: all written)");
                timed.add(timedRun(stack, es, cpu));
            }
            for (int run = 2; run <= runs; run++) {
                step("scheduled evaluation run " + run + ": nothing changed (the nightly case: read and evaluate only)");
                timed.add(timedRun(stack, es, cpu));
            }
            heap.interrupt();

            step("baseline: raw PIT scan of cdp-profiles");
            AtomicLong scanned = new AtomicLong();
            long s0 = System.nanoTime();
            es.scan("cdp-profiles", Map.of("match_all", Map.of()), List.of("*"), hit -> scanned.incrementAndGet());
            double scanSeconds = (System.nanoTime() - s0) / 1e9;

            step("baseline: Drools on the same facts in memory");
            Evaluator evaluator = Evaluator.create(Clock.systemUTC(), ZoneOffset.UTC);
            evaluator.define("{\"segments\":" + segments() + "}");
            long d0 = System.nanoTime();
            long memberships = 0;
            Map<String, Long> exact = new HashMap<>();
            for (ProfileFacts f : facts) {
                Set<String> in = evaluator.evaluate(f).segments();
                memberships += in.size();
                in.forEach(segment -> exact.merge(segment, 1L, Long::sum));
            }
            double droolsSeconds = (System.nanoTime() - d0) / 1e9;

            out.println();
            for (Previewed p : previews) {
                long truth = exact.getOrDefault(p.segment(), 0L);
                StringBuilder estimates = new StringBuilder();
                int inside = 0;
                for (JsonNode e : p.estimates()) {
                    estimates.append(String.format(Locale.ROOT, "%s%,d ± %,d", estimates.isEmpty() ? "" : ", ",
                            e.get("estimate").asLong(), e.get("margin").asLong()));
                    inside += truth >= e.get("low").asLong() && truth <= e.get("high").asLong() ? 1 : 0;
                }
                JsonNode last = p.estimates().get(p.estimates().size() - 1);
                out.printf(Locale.ROOT, "preview %-16s  %5d ms median, %5d ms max of %d  target <= 2,000 ms;"
                                + "  %s (samples of %,d in %,d), exact %,d: inside the 95%% interval %d of %d times%n",
                        p.segment(), p.medianMillis(), p.maxMillis(), PREVIEW_CALLS, estimates,
                        last.get("sampleSize").asLong(), last.get("totalProfiles").asLong(), truth, inside,
                        p.estimates().size());
            }
            if (!timed.isEmpty()) {
                for (String segment : PREVIEWED) {
                    long size = platform.get("/api/segments/" + segment + "/size").get("size").asLong();
                    long truth = exact.getOrDefault(segment, 0L);
                    out.printf(Locale.ROOT, "saved %-18s  size after the runs %,d, in memory %,d: %s%n", segment, size,
                            truth, size == truth ? "equal" : "DIFFERENT");
                }
            }
            for (Timed t : timed) {
                long processed = t.state().get("processed").asLong();
                out.printf(Locale.ROOT, "scheduled run                    %.1f s  (%.0f profiles/s, %d profiles, %s, %d changed)"
                        + "  target 1M <= 60 s; 1M linear: %.0f s%n", t.seconds(), processed / t.seconds(), processed,
                        t.state().get("status").asString(), t.state().get("changed").asLong(),
                        t.seconds() * 1_000_000 / processed);
                out.printf(Locale.ROOT, "  every platform consumer caught up %.1f s after the run; from the run's start"
                        + " until then:%n", t.caughtUp());
                out.print(t.cpu().render("profile"));
                out.print(t.operations().render(processed, "profile"));
            }
            out.printf(Locale.ROOT, "app peak heap (sampled)          %d MB  target <= 512 MB%n", heap.peak() >> 20);
            out.printf(Locale.ROOT, "baseline raw PIT scan            %.1f s  (%.0f profiles/s, %d docs)%n", scanSeconds,
                    scanned.get() / scanSeconds, scanned.get());
            out.printf(Locale.ROOT, "baseline Drools in memory        %.1f s  (%.0f profiles/s, %d memberships)%n",
                    droolsSeconds, facts.size() / droolsSeconds, memberships);
        }
    }

    /**
     * @param caughtUp   seconds from the run's end until every platform consumer had consumed what it published
     * @param cpu        from the run's start until then: the run and the work its changes caused downstream
     * @param operations Elasticsearch's operations over the same time
     */
    private record Timed(double seconds, double caughtUp, JsonNode state, CpuUse cpu, IndexOperations operations) {
    }

    private record Previewed(String segment, long medianMillis, long maxMillis, List<JsonNode> estimates) {
    }

    /**
     * Previews each draft (a saved segment's condition under a new id) a few times, each call with a
     * new random sample; the first call of the first draft also pays for warming the code paths.
     */
    private List<Previewed> preview(PlatformClient platform) throws Exception {
        Map<String, JsonNode> saved = new HashMap<>();
        for (JsonNode segment : JSON.readTree(segments())) {
            saved.put(segment.get("id").asString(), segment);
        }
        List<Previewed> result = new ArrayList<>();
        for (String segment : PREVIEWED) {
            String draft = seg("draft-" + segment, saved.get(segment).get("condition").toString());
            long[] millis = new long[PREVIEW_CALLS];
            List<JsonNode> estimates = new ArrayList<>();
            for (int call = 0; call < PREVIEW_CALLS; call++) {
                long t0 = System.nanoTime();
                estimates.add(platform.call("POST", "/api/segments/preview", draft));
                millis[call] = (System.nanoTime() - t0) / 1_000_000;
            }
            Arrays.sort(millis);
            result.add(new Previewed(segment, millis[PREVIEW_CALLS / 2], millis[PREVIEW_CALLS - 1], estimates));
        }
        return result;
    }

    /**
     * A run followed to its end, then the platform's consumers until they have consumed what it published (activation
     * stores an entry per segment entered): the next run starts from a steady state, and the CPU and Elasticsearch
     * operations read then are the run's and those of the work it caused.
     */
    private Timed timedRun(BenchStack stack, ElasticsearchHttp es, CpuMeter cpu) throws Exception {
        PlatformClient platform = stack.platform();
        CpuMeter.Reading cpuAtStart = cpu.read();
        IndexOperations operationsAtStart = IndexOperations.read(es);
        String id = platform.call("POST", "/api/segmentation/runs", null).get("id").asString();
        ProgressBar bar = ProgressBar.onConsole("evaluated", profiles);
        long t0 = System.nanoTime();
        JsonNode state;
        do {
            Thread.sleep(250);
            state = platform.get("/api/segmentation/runs/" + id);
            bar.update(state.get("processed").asLong());
        } while ("RUNNING".equals(state.get("status").asString()));
        double seconds = (System.nanoTime() - t0) / 1e9;
        bar.finish(state.get("processed").asLong());
        double caughtUp = PlatformConsumers.awaitCaughtUp(stack.kafkaBootstrapServers());
        long processed = Math.max(1, state.get("processed").asLong());
        return new Timed(seconds, caughtUp, state, cpu.read().since(cpuAtStart, processed),
                IndexOperations.read(es).since(operationsAtStart));
    }

    private void awaitIdle(PlatformClient platform) throws Exception {
        while (true) {
            boolean running = false;
            for (JsonNode r : platform.get("/api/segmentation/runs")) {
                running |= "RUNNING".equals(r.get("status").asString());
            }
            if (!running) {
                return;
            }
            Thread.sleep(500);
        }
    }

    /** Writes the profile documents and returns the same profiles as facts for the in-memory baseline. */
    private List<ProfileFacts> seed(ElasticsearchHttp es) throws Exception {
        Random random = new Random(seed);
        Instant now = Instant.now();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<ProfileFacts> facts = new ArrayList<>(profiles);
        try (BulkWriter bulk = new BulkWriter(es, 2_000, ProgressBar.onConsole("seeded", profiles))) {
            for (int i = 0; i < profiles; i++) {
                String id = String.format("%012x%016x", now.toEpochMilli() - profiles + i, random.nextLong());
                Instant firstSeen = now.minus(random.nextInt(400), ChronoUnit.DAYS);
                Instant lastSeen = now.minus(random.nextInt(60), ChronoUnit.DAYS);
                Map<String, Object> traits = Map.of("country", COUNTRIES[random.nextInt(COUNTRIES.length)],
                        "plan", PLANS[random.nextInt(PLANS.length)], "age", 18 + random.nextInt(60));
                long orders = random.nextInt(6);
                BigDecimal revenue = BigDecimal.valueOf(orders * (20 + random.nextInt(300)));
                long sessions = 1 + random.nextInt(20);
                long bounces = random.nextInt((int) sessions + 1);
                boolean email = random.nextBoolean();
                Map<LocalDate, Map<String, DayCount>> rollups = new HashMap<>();
                for (int d = 0; d < 1 + random.nextInt(6); d++) {
                    LocalDate day = today.minusDays(random.nextInt(60));
                    rollups.computeIfAbsent(day, k -> new HashMap<>()).merge(EVENTS[random.nextInt(EVENTS.length)],
                            DayCount.of(1 + random.nextInt(3)), (x, y) -> DayCount.of(x.count() + y.count()));
                }
                facts.add(new ProfileFacts(id, true, traits, new ProfileFacts.Metrics(orders, revenue,
                        orders == 0 ? BigDecimal.ZERO : revenue.divide(BigDecimal.valueOf(orders), 2,
                                RoundingMode.HALF_UP), sessions, (double) bounces / sessions, firstSeen,
                        lastSeen, orders == 0 ? null : lastSeen), email, Map.of("email", email), Set.of(), rollups));
                Map<LocalDate, Map<String, Long>> counts = new HashMap<>();
                rollups.forEach((day, events) -> events.forEach((name, c) ->
                        counts.computeIfAbsent(day, k -> new LinkedHashMap<>()).put(name, c.count())));
                bulk.index("cdp-profiles", id, new SeedProfile(id, "u-" + id, Map.of(), traits, Map.of("email", email),
                        firstSeen, lastSeen, orders, revenue, sessions, bounces, counts).document(now));
            }
        }
        es.refresh("cdp-profiles");
        return facts;
    }

    private static String seg(String id, String condition) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"condition\":" + condition + "}";
    }

    private static String trait(String key, String op, String value) {
        return "{\"type\":\"trait\",\"key\":\"" + key + "\",\"op\":\"" + op + "\",\"value\":" + value + "}";
    }

    private static String metric(String metric, String op, String value) {
        return "{\"type\":\"metric\",\"metric\":\"" + metric + "\",\"op\":\"" + op + "\",\"value\":" + value + "}";
    }

    private static String event(String event, String frequency, int count, int days) {
        return "{\"type\":\"event\",\"event\":\"" + event + "\",\"frequency\":\"" + frequency + "\",\"count\":" + count
                + ",\"withinDays\":" + days + "}";
    }

    private static String and(String a, String b) {
        return "{\"type\":\"and\",\"conditions\":[" + a + "," + b + "]}";
    }

    private void step(String what) {
        out.println("[" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + what);
    }
}
