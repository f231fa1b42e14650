package io.cdp.segmentation;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.cdp.platform.PlatformDefaults;
import io.cdp.segmentation.definition.DefinitionJson;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefaultsAndPersonasTest {

    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-06-15");
    private static final long DAY = 86_400;

    private final Evaluator evaluator = Evaluator.create(Clock.fixed(NOW, ZoneOffset.UTC), ZoneId.of("UTC"));

    private static ProfileFacts profile(long orders, String revenue, long firstSeenDaysAgo, long lastSeenDaysAgo,
                                        Map<LocalDate, Map<String, DayCount>> rollups) {
        return new ProfileFacts("p", orders > 0, Map.of(), new ProfileFacts.Metrics(orders, new BigDecimal(revenue),
                BigDecimal.ZERO, 1, 0, NOW.minusSeconds(firstSeenDaysAgo * DAY), NOW.minusSeconds(lastSeenDaysAgo * DAY),
                orders > 0 ? NOW.minusSeconds(lastSeenDaysAgo * DAY) : null), true, Map.of(), Set.of(), rollups);
    }

    private static ProfileFacts scored(long orders, String revenue, int predictedClvDecile) {
        ProfileFacts.Metrics m = profile(orders, revenue, 400, 91, Map.of()).metrics();
        return new ProfileFacts("p", true, Map.of(), new ProfileFacts.Metrics(m.orders(), m.revenue(), m.aov(),
                m.sessions(), m.bounceRate(), m.firstSeen(), m.lastSeen(), m.lastOrderAt(), null, null, 120.0, 0.4, 1.5,
                predictedClvDecile), true, Map.of(), Set.of(), Map.of());
    }

    @Test
    void lifecycleSegmentsFollowConfiguredThresholds() {
        evaluator.define(Definitions.defaults(new LifecycleThresholds(30, 30, 90, 3)));

        assertThat(evaluator.evaluate(profile(0, "0", 3, 1, Map.of())).segments())
                .containsExactlyInAnyOrder("lifecycle-new", "lifecycle-active");
        assertThat(evaluator.evaluate(profile(2, "120", 200, 31, Map.of())).segments())
                .containsExactlyInAnyOrder("lifecycle-at-risk");
        assertThat(evaluator.evaluate(profile(9, "900", 400, 91, Map.of())).segments())
                .containsExactlyInAnyOrder("lifecycle-churned", "repeat-buyer");
    }

    @Test
    void vipIsTheTopDecileOfPredictedClvNotRevenue() {
        evaluator.define(Definitions.defaults(LifecycleThresholds.DEFAULTS));

        assertThat(evaluator.evaluate(scored(2, "40", 10)).segments()).contains("vip");
        assertThat(evaluator.evaluate(scored(30, "90000", 9)).segments()).doesNotContain("vip");
        assertThat(evaluator.evaluate(profile(30, "90000", 400, 91, Map.of())).segments()).doesNotContain("vip");
    }

    @Test
    void firstMatchingPersonaWinsAndRecordsWhy() {
        evaluator.define("""
                {"segments": [{"id": "buyers", "condition": {"type": "metric", "metric": "orders", "op": "gte", "value": 1}}],
                 "personas": [
                   {"id": "big-spender", "condition": {"type": "metric", "metric": "revenue", "op": "gte", "value": 1000}},
                   {"id": "shopper", "condition": {"type": "segment", "segment": "buyers"}},
                   {"id": "visitor", "condition": {"type": "identity", "state": "anonymous"}}
                 ]}
                """);

        Evaluation shopper = evaluator.evaluate(profile(2, "80", 50, 2, Map.of()));
        assertThat(shopper.persona()).contains(new PersonaMatch("shopper", 2,
                "matched persona #2 'shopper'; earlier personas not matched: big-spender"));
        assertThat(shopper.segments()).containsExactly("buyers");
        assertThat(evaluator.evaluate(profile(3, "5000", 50, 2, Map.of())).persona().orElseThrow().personaId())
                .isEqualTo("big-spender");
        assertThat(evaluator.evaluate(profile(0, "0", 50, 2, Map.of())).persona().orElseThrow().personaId())
                .isEqualTo("visitor");
    }

    @Test
    void definitionsSurviveAJsonRoundTrip() {
        Definitions defaults = Definitions.defaults(LifecycleThresholds.DEFAULTS).plus(new Definitions(List.of(
                SegmentDefinition.of("may", "May buyers", new Condition.Event("Order Completed", null,
                        Condition.Frequency.AT_LEAST, 1, null, LocalDate.parse("2026-05-01"), LocalDate.parse("2026-05-31"))),
                SegmentDefinition.of("shoes", "Shoe buyers", new Condition.Event("Order Completed",
                        List.of(new Condition.PropertyFilter("category", Condition.Op.EQUALS, "shoes"),
                                new Condition.PropertyFilter("revenue", Condition.Op.GT, 100)),
                        Condition.Frequency.AT_LEAST, 2, 30, null, null))),
                List.of(), List.of()));

        String json = DefinitionJson.write(defaults);

        assertThat(json).contains("\"type\":\"metric\"", "\"op\":\"withinLastDays\"", "\"from\":\"2026-05-01\"",
                "\"where\":[{\"property\":\"category\",\"op\":\"equals\",\"value\":\"shoes\"}");
        assertThat(DefinitionJson.read(json, Definitions.class)).isEqualTo(defaults);
    }

    @Test
    void configurationStartsWithDefaultsAndRawDrlOff() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PlatformDefaults.class))
                .withUserConfiguration(SegmentationConfiguration.class)
                .withPropertyValues("cdp.segmentation.lifecycle.repeat-orders=3", "cdp.segmentation.zone=Europe/Berlin")
                .run(context -> {
                    Evaluator configured = context.getBean(Evaluator.class);
                    assertThat(configured.definitions().segments()).extracting(SegmentDefinition::id)
                            .contains("lifecycle-active", "vip");
                    assertThatThrownBy(() -> configured.define("""
                            {"segments": [{"id": "raw", "drl": "ProfileFacts()"}]}"""))
                            .isInstanceOf(InvalidDefinitionsException.class)
                            .hasMessage("$.segments[0].drl: raw DRL segments are disabled");
                });
    }
}
