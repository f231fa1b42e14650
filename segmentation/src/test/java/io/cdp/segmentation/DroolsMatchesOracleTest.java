package io.cdp.segmentation;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DroolsMatchesOracleTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final Instant NOW = Instant.parse("2026-03-29T22:30:00Z");
    private static final LocalDate TODAY = LocalDate.ofInstant(NOW, ZONE);
    private static final List<String> EVENTS = List.of("Order Completed", "Product Viewed", "Page \"Viewed\"");
    private static final List<String> KEYS = List.of("country", "age", "tags", "signup", "vip", "score");

    @Test
    void droolsMembershipEqualsPlainEvaluatorOnRandomDefinitionsAndProfiles() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Evaluator evaluator = Evaluator.create(Clock.fixed(NOW, ZONE), ZONE);
        PlainEvaluator oracle = new PlainEvaluator(NOW, ZONE);
        int compared = 0;
        int memberships = 0;
        for (int round = 0; round < 15; round++) {
            Definitions definitions = definitions(random);
            evaluator.define(definitions);
            for (int i = 0; i < 60; i++) {
                ProfileFacts profile = profile(random, "p" + i);
                Set<String> expected = oracle.segments(definitions, profile);
                assertThat(evaluator.evaluate(profile).segments())
                        .as("seed %d, round %d, definitions %s, profile %s", seed, round, definitions, profile)
                        .containsExactlyInAnyOrderElementsOf(expected);
                compared++;
                memberships += expected.size();
            }
        }
        assertThat(compared).isEqualTo(900);
        assertThat(memberships).as("random data should put profiles into some segments").isGreaterThan(100);
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
        if (random.nextBoolean()) {
            return new Condition.Event(event, frequency, count, random.nextInt(30), null, null);
        }
        LocalDate from = TODAY.minusDays(random.nextInt(30));
        return new Condition.Event(event, frequency, count, null, from, from.plusDays(random.nextInt(10)));
    }

    private static ProfileFacts profile(Random random, String id) {
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
                random.nextBoolean() ? 0.5 : 0.25, seen(random), seen(random), seen(random));
        return new ProfileFacts(id, random.nextBoolean(), traits, metrics, random.nextBoolean(),
                Map.of("email", random.nextBoolean(), "sms", random.nextBoolean()), Set.of(), rollups);
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
