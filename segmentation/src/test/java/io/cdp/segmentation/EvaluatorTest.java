package io.cdp.segmentation;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvaluatorTest {

    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
    private final Evaluator evaluator = Evaluator.create(Clock.fixed(NOW, ZoneOffset.UTC), ZoneId.of("UTC"));

    private static ProfileFacts buyer() {
        return new ProfileFacts("p1", true,
                Map.of("country", "DE", "age", 41, "tags", java.util.List.of("vip", "newsletter")),
                new ProfileFacts.Metrics(3, new BigDecimal("250.00"), new BigDecimal("83.33"), 10, 0.2,
                        NOW.minusSeconds(86_400 * 100), NOW.minusSeconds(3600), NOW.minusSeconds(86_400 * 5)),
                true, Map.of("email", true), Set.of(),
                Map.of(LocalDate.parse("2026-06-10"), Map.of("Order Completed", DayCount.of(2)),
                        LocalDate.parse("2026-05-01"), Map.of("Order Completed", DayCount.of(1))));
    }

    @Test
    void putsProfileIntoSegmentsWhoseJsonConditionsMatch() {
        evaluator.define("""
                {"segments": [
                  {"id": "german-buyers", "name": "German buyers", "condition": {"type": "and", "conditions": [
                    {"type": "trait", "key": "country", "op": "equals", "value": "DE"},
                    {"type": "metric", "metric": "revenue", "op": "gte", "value": 100},
                    {"type": "event", "event": "Order Completed", "frequency": "atLeast", "count": 2, "withinDays": 30}
                  ]}},
                  {"id": "reachable", "condition": {"type": "and", "conditions": [
                    {"type": "hasEmail"}, {"type": "consent", "channel": "email"}, {"type": "identity", "state": "known"}]}},
                  {"id": "not-german-buyers", "condition": {"type": "not", "condition": {"type": "segment", "segment": "german-buyers"}}},
                  {"id": "tagged-vip", "condition": {"type": "trait", "key": "tags", "op": "contains", "value": "vip"}},
                  {"id": "french", "condition": {"type": "trait", "key": "country", "op": "in", "value": ["FR", "BE"]}}
                ]}
                """);

        assertThat(evaluator.evaluate(buyer()).segments())
                .containsExactlyInAnyOrder("german-buyers", "reachable", "tagged-vip");
    }

    @Test
    void refusesCyclicSegmentReferences() {
        assertThatThrownBy(() -> evaluator.define("""
                {"segments": [
                  {"id": "a", "condition": {"type": "segment", "segment": "b"}},
                  {"id": "b", "condition": {"type": "not", "condition": {"type": "segment", "segment": "a"}}}
                ]}
                """))
                .isInstanceOf(InvalidDefinitionsException.class)
                .hasMessageContaining("$.segments[0].condition: cyclic segment reference a -> b -> a");
    }
}
