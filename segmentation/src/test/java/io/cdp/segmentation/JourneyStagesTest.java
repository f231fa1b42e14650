package io.cdp.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.cdp.segmentation.definition.DefaultDefinitions;

/**
 * The shipped journey stages as the segmentation issue specifies them: only visits → awareness, product views or
 * searches → consideration, cart or checkout → decision, a recent order → service, a repeat buyer or an NPS
 * promoter → loyalty; the most advanced stage wins, whatever else the customer did.
 */
class JourneyStagesTest {

    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-06-15");
    private static final long DAY = 86_400;

    private final Evaluator evaluator = Evaluator.create(Clock.fixed(NOW, ZoneOffset.UTC), ZoneId.of("UTC"));

    /** A customer built up step by step. */
    private static final class Customer {
        long sessions;
        long orders;
        Long lastOrderDaysAgo;
        Integer nps;
        final Map<String, DayCount> today = new HashMap<>();

        Customer did(String event) {
            today.merge(event, DayCount.of(1), (a, b) -> DayCount.of(a.count() + 1));
            return this;
        }

        ProfileFacts facts() {
            Instant lastOrderAt = lastOrderDaysAgo == null ? null : NOW.minusSeconds(lastOrderDaysAgo * DAY);
            return new ProfileFacts("p", true, Map.of(), new ProfileFacts.Metrics(orders, BigDecimal.TEN,
                    BigDecimal.TEN, sessions, 0, NOW.minusSeconds(100 * DAY), NOW, lastOrderAt, nps,
                    nps == null ? null : NOW), false, Map.of(), Set.of(), Map.of(TODAY, Map.copyOf(today)));
        }
    }

    private JourneyStage stage(Customer customer) {
        return evaluator.evaluate(customer.facts()).stage().orElse(null);
    }

    @Test
    void theDefaultStagesAreOrderedMostAdvancedFirst() {
        assertThat(DefaultDefinitions.stages(LifecycleThresholds.DEFAULTS)).extracting(SegmentDefinition::id)
                .containsExactly("loyalty", "service", "decision", "consideration", "awareness");
        assertThat(Definitions.defaults(LifecycleThresholds.DEFAULTS).stages()).extracting(SegmentDefinition::id)
                .containsExactly("loyalty", "service", "decision", "consideration", "awareness");
    }

    @Test
    void aCustomerMovesThroughEveryStageInTheSpecifiedOrder() {
        evaluator.define(Definitions.defaults(LifecycleThresholds.DEFAULTS));
        Customer customer = new Customer();
        assertThat(stage(customer)).isNull();

        customer.sessions = 1;
        assertThat(stage(customer)).isEqualTo(JourneyStage.AWARENESS);
        customer.did("Product Viewed");
        assertThat(stage(customer)).isEqualTo(JourneyStage.CONSIDERATION);
        customer.did("Product Added");
        assertThat(stage(customer)).isEqualTo(JourneyStage.DECISION);
        customer.orders = 1;
        customer.lastOrderDaysAgo = 0L;
        assertThat(stage(customer)).isEqualTo(JourneyStage.SERVICE);
        customer.orders = 2;
        assertThat(stage(customer)).isEqualTo(JourneyStage.LOYALTY);
    }

    @Test
    void aCustomerWhoOrderedRecentlyIsInServiceHoweverManyProductsTheyViewed() {
        evaluator.define(Definitions.defaults(LifecycleThresholds.DEFAULTS));
        Customer customer = new Customer().did("Product Viewed").did("Product Viewed").did("Checkout Started");
        customer.sessions = 3;
        customer.orders = 1;
        customer.lastOrderDaysAgo = 3L;

        assertThat(stage(customer)).isEqualTo(JourneyStage.SERVICE);
    }

    @Test
    void searchesCartViewsAndStoreVisitsCountForTheirStages() {
        evaluator.define(Definitions.defaults(LifecycleThresholds.DEFAULTS));

        assertThat(stage(new Customer().did("Store Visited"))).isEqualTo(JourneyStage.AWARENESS);
        assertThat(stage(new Customer().did("Products Searched"))).isEqualTo(JourneyStage.CONSIDERATION);
        assertThat(stage(new Customer().did("Cart Viewed"))).isEqualTo(JourneyStage.DECISION);
        assertThat(stage(new Customer().did("Checkout Started"))).isEqualTo(JourneyStage.DECISION);
        // an identify alone is no visit
        assertThat(stage(new Customer().did("identify"))).isNull();
    }

    @Test
    void anNpsPromoterIsLoyalAPassiveOrDetractorIsNot() {
        evaluator.define(Definitions.defaults(LifecycleThresholds.DEFAULTS));
        Customer customer = new Customer();
        customer.sessions = 1;

        customer.nps = 9;
        assertThat(stage(customer)).isEqualTo(JourneyStage.LOYALTY);
        customer.nps = 8;
        assertThat(stage(customer)).isEqualTo(JourneyStage.AWARENESS);
        customer.nps = 0;
        assertThat(stage(customer)).isEqualTo(JourneyStage.AWARENESS);
    }

    @Test
    void serviceAndLoyaltyFollowTheLifecycleThresholds() {
        evaluator.define(Definitions.defaults(new LifecycleThresholds(30, 60, 90, 3, null)));
        Customer customer = new Customer();
        customer.sessions = 1;
        customer.orders = 2;
        customer.lastOrderDaysAgo = 45L;
        assertThat(stage(customer)).isEqualTo(JourneyStage.SERVICE);

        evaluator.define(Definitions.defaults(LifecycleThresholds.DEFAULTS));
        customer.orders = 1;
        assertThat(stage(customer)).as("an order older than the 30 active days").isEqualTo(JourneyStage.AWARENESS);
    }

    @Test
    void theStageReasonNamesTheMatchingRuleAndTheStagesBeforeIt() {
        evaluator.define(Definitions.defaults(LifecycleThresholds.DEFAULTS));
        Customer customer = new Customer().did("Product Viewed");
        customer.orders = 1;
        customer.lastOrderDaysAgo = 1L;

        assertThat(evaluator.evaluate(customer.facts()).stageMatch()).contains(new StageMatch(JourneyStage.SERVICE, 2,
                "matched stage #2 'service' (Service: ordered in the last 30 days); earlier stages not matched: loyalty"));
        customer.nps = 10;
        assertThat(evaluator.evaluate(customer.facts()).stageMatch().orElseThrow().reason()).isEqualTo(
                "matched stage #1 'loyalty' (Loyalty: repeat buyer (at least 2 orders) or NPS promoter"
                        + " (latest score 9–10))");
    }

    @Test
    void aMissingNpsScoreFailsEveryComparisonButNotEquals() {
        evaluator.define("""
                {"segments": [
                  {"id": "low", "condition": {"type": "metric", "metric": "npsScore", "op": "lt", "value": 7}},
                  {"id": "not-ten", "condition": {"type": "metric", "metric": "npsScore", "op": "notEquals", "value": 10}},
                  {"id": "answered", "condition": {"type": "metric", "metric": "npsAnsweredAt", "op": "exists"}}]}
                """);
        Customer customer = new Customer();
        assertThat(evaluator.evaluate(customer.facts()).segments()).containsExactly("not-ten");
        customer.nps = 3;
        assertThat(evaluator.evaluate(customer.facts()).segments())
                .containsExactlyInAnyOrder("low", "not-ten", "answered");
    }
}
