package io.cdp.segmentation;

import org.junit.jupiter.api.Test;

import io.cdp.profile.EventCounts;
import io.cdp.profile.EventQuery;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.segmentation.PlainEvaluator.TimelineEvent;
import io.cdp.segmentation.membership.FilteredEventCounts;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drools with the production fact loading (filtered event conditions counted through
 * {@link FilteredEventCounts}) against the plain oracle reading raw timeline events. The timeline
 * stands in for Elasticsearch with the oracle's filter semantics; EventCountsIT in the profile store
 * checks Elasticsearch's counting against those semantics.
 */
class DroolsMatchesOracleTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final Instant NOW = Instant.parse("2026-03-29T22:30:00Z");
    private static final LocalDate TODAY = LocalDate.ofInstant(NOW, ZONE);
    private static final List<String> EVENTS = List.of("Order Completed", "Product Viewed", "Page \"Viewed\"");
    private static final List<String> KEYS = List.of("country", "age", "tags", "signup", "vip", "score");
    private static final List<String> PROPERTIES =
            List.of("category", "revenue", "tags", "shipping.country", "products.sku", "gift", "missing");
    private static final List<Condition.Op> PROPERTY_OPS = List.of(Condition.Op.EQUALS, Condition.Op.NOT_EQUALS,
            Condition.Op.IN, Condition.Op.CONTAINS, Condition.Op.EXISTS, Condition.Op.GT, Condition.Op.GTE,
            Condition.Op.LT, Condition.Op.LTE);
    private static final int PROFILES_PER_ROUND = 60;
    private static final int MIN_ROUNDS = 15;
    private static final int MAX_ROUNDS = 200;
    private static final int MIN_MEMBERSHIPS = 100;
    private static final long MIN_COUNTED_EVENTS = 50;
    private static final int THREADS = 8;
    private static final int CONCURRENT_ROUNDS = 40;
    /** Passes over the profiles per thread: Drools starts compiling a constraint after 20 evaluations of it. */
    private static final int PASSES = 10;

    @Test
    void droolsMembershipEqualsPlainEvaluatorOnRandomDefinitionsAndProfiles() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Clock clock = Clock.fixed(NOW, ZONE);
        Evaluator evaluator = Evaluator.create(clock, ZONE);
        PlainEvaluator oracle = new PlainEvaluator(NOW, ZONE);
        Map<ProfileId, List<TimelineEvent>> timelines = new LinkedHashMap<>();
        FilteredEventCounts eventCounts = new FilteredEventCounts(new Timeline(timelines, oracle), clock, ZONE);
        int compared = 0;
        int memberships = 0;
        long countedEvents = 0;
        // Rounds go on until the random data has exercised both memberships and filtered event counts:
        // a fixed round count let an unlucky seed compare almost nothing but zeros.
        int round = 0;
        for (; round < MIN_ROUNDS || (round < MAX_ROUNDS
                && (memberships <= MIN_MEMBERSHIPS || countedEvents <= MIN_COUNTED_EVENTS)); round++) {
            Definitions definitions = definitions(random);
            evaluator.define(definitions);
            Evaluator.Rules rules = evaluator.rules();
            timelines.clear();
            for (int i = 0; i < PROFILES_PER_ROUND; i++) {
                timelines.put(ProfileId.newId(NOW), timeline(random));
            }
            Map<String, Map<Condition.EventSelection, Long>> counts =
                    eventCounts.load(rules, ProfileSnapshots.of(timelines.keySet()), false);
            for (Map.Entry<ProfileId, List<TimelineEvent>> timeline : timelines.entrySet()) {
                String id = timeline.getKey().value();
                ProfileFacts profile = profile(random, id, counts.get(id));
                Set<String> expected = oracle.segments(definitions, profile, timeline.getValue());
                assertThat(rules.evaluate(profile).segments())
                        .as("seed %d, round %d, definitions %s, profile %s, timeline %s", seed, round, definitions,
                                profile, timeline.getValue())
                        .containsExactlyInAnyOrderElementsOf(expected);
                compared++;
                memberships += expected.size();
                countedEvents += profile.eventCounts().values().stream().mapToLong(Long::longValue).sum();
            }
        }
        assertThat(compared).isEqualTo(round * PROFILES_PER_ROUND);
        assertThat(memberships).as("seed %d: random data should put profiles into some segments", seed)
                .isGreaterThan(MIN_MEMBERSHIPS);
        assertThat(countedEvents).as("seed %d: filtered event conditions should count some events", seed)
                .isGreaterThan(MIN_COUNTED_EVENTS);
    }

    /**
     * Real-time consumers and a scheduled run's page workers evaluate one rule set at once, from its first
     * evaluation on. With constraints interpreted by MVEL ({@code DrlCompiler.Threads.ONE}) an evaluation failed
     * here in two of seven runs ("not a statement, or badly formed structure"), which left a profile out of its
     * segments until it was evaluated again.
     */
    @Test
    void eightThreadsEvaluatingAFreshRuleSetAtOnceEachGetTheOraclesMemberships() throws Exception {
        Clock clock = Clock.fixed(NOW, ZONE);
        PlainEvaluator oracle = new PlainEvaluator(NOW, ZONE);
        Map<ProfileId, List<TimelineEvent>> timelines = new LinkedHashMap<>();
        FilteredEventCounts eventCounts = new FilteredEventCounts(new Timeline(timelines, oracle), clock, ZONE);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < CONCURRENT_ROUNDS; round++) {
                Random random = new Random(round);
                Definitions definitions = definitions(random);
                timelines.clear();
                for (int i = 0; i < PROFILES_PER_ROUND; i++) {
                    timelines.put(ProfileId.newId(NOW), timeline(random));
                }
                Evaluator shared = Evaluator.create(clock, ZONE);
                shared.define(definitions);
                Evaluator.Rules fresh = shared.rules();
                // counting the filtered events reads the rule set's selections, never evaluates a constraint
                Map<String, Map<Condition.EventSelection, Long>> counts =
                        eventCounts.load(fresh, ProfileSnapshots.of(timelines.keySet()), false);
                List<ProfileFacts> profiles = new ArrayList<>();
                List<Set<String>> expected = new ArrayList<>();
                timelines.forEach((id, timeline) -> {
                    ProfileFacts profile = profile(random, id.value(), counts.get(id.value()));
                    profiles.add(profile);
                    expected.add(oracle.segments(definitions, profile, timeline));
                });
                CyclicBarrier start = new CyclicBarrier(THREADS);
                List<Future<List<Set<String>>>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    results.add(threads.submit(() -> {
                        start.await();
                        List<Set<String>> segments = new ArrayList<>();
                        for (int pass = 0; pass < PASSES; pass++) {
                            segments = profiles.stream().map(p -> fresh.evaluate(p).segments()).toList();
                        }
                        return segments;
                    }));
                }
                for (Future<List<Set<String>>> result : results) {
                    assertThat(result.get()).as("round %d, definitions %s", round, definitions).isEqualTo(expected);
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** The events timeline in memory, counting with the oracle's filter semantics. */
    private record Timeline(Map<ProfileId, List<TimelineEvent>> timelines, PlainEvaluator oracle)
            implements EventCounts {

        @Override
        public Map<ProfileId, long[]> countEvents(Collection<ProfileSnapshot> profiles, List<EventQuery> queries,
                boolean refreshFirst) {
            Map<ProfileId, long[]> counts = new HashMap<>();
            for (ProfileId id : profiles.stream().map(ProfileSnapshot::id).toList()) {
                long[] n = new long[queries.size()];
                for (int q = 0; q < n.length; q++) {
                    EventQuery query = queries.get(q);
                    n[q] = timelines.get(id).stream().filter(e -> e.event().equals(query.event())
                            && !e.at().isBefore(query.from()) && e.at().isBefore(query.to())
                            && query.where().stream().allMatch(f -> oracle.where(e.properties(), f.property(),
                                    Condition.Op.valueOf(f.op().name()), f.value()))).count();
                }
                counts.put(id, n);
            }
            return counts;
        }
    }

    private static Definitions definitions(Random random) {
        List<SegmentDefinition> segments = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            List<String> earlier = segments.stream().map(SegmentDefinition::id).toList();
            segments.add(SegmentDefinition.of("s" + s, "segment " + s, condition(random, 0, earlier)));
        }
        // Definition order must not matter: rules reading a membership fire after it is final.
        Collections.shuffle(segments, random);
        return new Definitions(segments, List.of(), List.of());
    }

    private static Condition condition(Random random, int depth, List<String> earlier) {
        int kind = random.nextInt(depth >= 3 ? 7 : 10);
        switch (kind) {
            case 0: return trait(random);
            case 1: return trait(random);
            case 2: return metric(random);
            case 3: return event(random);
            case 4: return event(random);
            case 5:
                if (!earlier.isEmpty()) {
                    return new Condition.InSegment(earlier.get(random.nextInt(earlier.size())));
                }
                return new Condition.HasEmail();
            case 6:
                return switch (random.nextInt(3)) {
                    case 0 -> new Condition.HasEmail();
                    case 1 -> new Condition.Consent(random.nextBoolean() ? "email" : "sms");
                    default -> new Condition.Identity(random.nextBoolean()
                            ? Condition.IdentityState.KNOWN : Condition.IdentityState.ANONYMOUS);
                };
            case 7: return new Condition.Not(condition(random, depth + 1, earlier));
            default: {
                List<Condition> children = new ArrayList<>();
                int n = 1 + random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    children.add(condition(random, depth + 1, earlier));
                }
                return kind == 8 ? new Condition.And(children) : new Condition.Or(children);
            }
        }
    }

    private static Condition trait(Random random) {
        String key = KEYS.get(random.nextInt(KEYS.size()));
        Condition.Op op = Condition.Op.values()[random.nextInt(Condition.Op.values().length)];
        Object value = switch (op) {
            case EXISTS -> null;
            case EQUALS, NOT_EQUALS, CONTAINS -> scalar(random);
            case IN -> List.of(scalar(random), scalar(random));
            case GT, GTE, LT, LTE -> random.nextBoolean() ? random.nextInt(60) : new BigDecimal("30.5");
            case BEFORE, AFTER -> TODAY.minusDays(random.nextInt(40)).toString();
            case WITHIN_LAST_DAYS, MORE_THAN_DAYS_AGO -> random.nextInt(40);
        };
        return new Condition.Trait(key, op, value);
    }

    private static Object scalar(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> "DE";
            case 1 -> "vip";
            case 2 -> 30;
            case 3 -> true;
            default -> new BigDecimal("30.0");
        };
    }

    private static Condition metric(Random random) {
        Condition.MetricName metric = Condition.MetricName.values()[random.nextInt(Condition.MetricName.values().length)];
        if (metric.isDate()) {
            Condition.Op op = List.of(Condition.Op.EXISTS, Condition.Op.BEFORE, Condition.Op.AFTER,
                    Condition.Op.WITHIN_LAST_DAYS, Condition.Op.MORE_THAN_DAYS_AGO).get(random.nextInt(5));
            Object value = switch (op) {
                case EXISTS -> null;
                case BEFORE, AFTER -> TODAY.minusDays(random.nextInt(40)).toString();
                default -> random.nextInt(40);
            };
            return new Condition.Metric(metric, op, value);
        }
        Condition.Op op = List.of(Condition.Op.EQUALS, Condition.Op.NOT_EQUALS, Condition.Op.GT,
                Condition.Op.GTE, Condition.Op.LT, Condition.Op.LTE).get(random.nextInt(6));
        Object value = random.nextBoolean() ? (Object) random.nextInt(6) : new BigDecimal("0.5");
        return new Condition.Metric(metric, op, value);
    }

    private static Condition event(Random random) {
        String event = EVENTS.get(random.nextInt(EVENTS.size()));
        Condition.Frequency frequency = Condition.Frequency.values()[random.nextInt(4)];
        Integer count = frequency == Condition.Frequency.NEVER ? null : random.nextInt(5);
        List<Condition.PropertyFilter> where = random.nextInt(3) == 0 ? null : where(random);
        if (random.nextBoolean()) {
            return new Condition.Event(event, where, frequency, count, random.nextInt(30), null, null);
        }
        LocalDate from = TODAY.minusDays(random.nextInt(30));
        return new Condition.Event(event, where, frequency, count, null, from, from.plusDays(random.nextInt(10)));
    }

    private static List<Condition.PropertyFilter> where(Random random) {
        List<Condition.PropertyFilter> filters = new ArrayList<>();
        for (int i = random.nextInt(3) == 0 ? 2 : 1; i > 0; i--) {
            String property = PROPERTIES.get(random.nextInt(PROPERTIES.size()));
            Condition.Op op = PROPERTY_OPS.get(random.nextInt(PROPERTY_OPS.size()));
            Object value = switch (op) {
                case EXISTS -> null;
                case IN -> List.of(propertyValue(random, property), propertyValue(random, property));
                case GT, GTE, LT, LTE -> random.nextBoolean() ? random.nextInt(200) : new BigDecimal("99.5");
                default -> propertyValue(random, property);
            };
            filters.add(new Condition.PropertyFilter(property, op, value));
        }
        return filters;
    }

    /** Values the property has in the timeline, of the same type or, to tell types apart, another one. */
    private static Object propertyValue(Random random, String property) {
        return switch (property) {
            case "category" -> pick(random, "shoes", "Shoes", "boots", "hoe");
            case "revenue" -> pick(random, 150, new BigDecimal("150.0"), "150", new BigDecimal("99.5"), 30);
            case "tags" -> pick(random, "sale", "sal", 150, true);
            case "shipping.country" -> pick(random, "DE", "FR");
            case "products.sku" -> pick(random, "a", "b", "shoes");
            case "gift" -> pick(random, true, "true", false);
            default -> "x";
        };
    }

    private static List<TimelineEvent> timeline(Random random) {
        List<TimelineEvent> events = new ArrayList<>();
        for (int i = random.nextInt(13); i > 0; i--) {
            Map<String, Object> properties = new HashMap<>();
            maybe(random, properties, "category", pick(random, "shoes", "boots", "Shoes"));
            maybe(random, properties, "revenue", pick(random, 150, new BigDecimal("99.5"), "150", 30,
                    new BigDecimal("150.0")));
            maybe(random, properties, "tags", pick(random, List.of("sale", "new"), List.of(), List.of(150, true)));
            maybe(random, properties, "shipping", Map.of("country", pick(random, "DE", "FR")));
            maybe(random, properties, "products",
                    List.of(Map.of("sku", "a"), Map.of("sku", pick(random, "b", "shoes"))));
            maybe(random, properties, "gift", pick(random, true, "true", false));
            // from 40 days ago to 2 days ahead: window edges, today's later hours and the future
            Instant at = NOW.plusSeconds(2 * 86_400 - random.nextInt(42 * 86_400));
            events.add(new TimelineEvent(EVENTS.get(random.nextInt(EVENTS.size())), at, properties));
        }
        return events;
    }

    private static Object pick(Random random, Object... values) {
        return values[random.nextInt(values.length)];
    }

    private static ProfileFacts profile(Random random, String id, Map<Condition.EventSelection, Long> eventCounts) {
        Map<String, Object> traits = new HashMap<>();
        maybe(random, traits, "country", random.nextBoolean() ? "DE" : "FR");
        maybe(random, traits, "age", random.nextInt(60));
        maybe(random, traits, "score", random.nextBoolean() ? 30.0 : new BigDecimal("12.25"));
        maybe(random, traits, "tags", random.nextBoolean() ? List.of("vip", "x") : List.of(30, true));
        maybe(random, traits, "vip", random.nextBoolean() ? true : "vip tier");
        maybe(random, traits, "signup", random.nextBoolean()
                ? TODAY.minusDays(random.nextInt(40)).toString()
                : NOW.minusSeconds(random.nextInt(40 * 86_400)).toString());
        Map<LocalDate, Map<String, DayCount>> rollups = new HashMap<>();
        for (int d = 0; d < 35; d++) {
            if (random.nextInt(3) == 0) {
                Map<String, DayCount> day = new HashMap<>();
                for (String event : EVENTS) {
                    if (random.nextBoolean()) {
                        day.put(event, DayCount.of(1 + random.nextInt(2)));
                    }
                }
                rollups.put(TODAY.minusDays(d), day);
            }
        }
        ProfileFacts.Metrics metrics = new ProfileFacts.Metrics(random.nextInt(6),
                BigDecimal.valueOf(random.nextInt(600), 2), new BigDecimal("0.5"), random.nextInt(6),
                random.nextBoolean() ? 0.5 : 0.25, seen(random), seen(random), seen(random),
                random.nextBoolean() ? null : random.nextInt(11), seen(random),
                random.nextBoolean() ? null : random.nextInt(6) + 0.5, random.nextBoolean() ? null : 0.5,
                random.nextBoolean() ? null : random.nextInt(4) * 0.25, random.nextBoolean() ? null : 1 + random.nextInt(10));
        return new ProfileFacts(id, random.nextBoolean(), traits, metrics, random.nextBoolean(),
                Map.of("email", random.nextBoolean(), "sms", random.nextBoolean()), Set.of(), rollups, eventCounts);
    }

    private static Instant seen(Random random) {
        return random.nextInt(4) == 0 ? null : NOW.minusSeconds(random.nextInt(40 * 86_400));
    }

    private static void maybe(Random random, Map<String, Object> traits, String key, Object value) {
        if (random.nextInt(4) != 0) {
            traits.put(key, value);
        }
    }
}
