package io.cdp.profile.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;
import io.cdp.profile.ProductCosts;

class KpiMeasuresTest {

    private static final Instant AT = Instant.parse("2026-11-01T10:00:00Z");

    @Test
    void theChannelIsTheUtmMediumThenTheUtmSourceThenContextChannelThenThePropertyThenTheSource() {
        Map<String, Object> utm = Map.of("medium", "Email", "source", "newsletter", "name", "black-friday");

        assertThat(measures("web", EventType.PAGE, null, Map.of("channel", "store"),
                Map.of("campaign", utm, "channel", "browser"))).extracting(KpiMeasures::channel, KpiMeasures::campaign)
                .containsExactly("email", "black-friday");
        assertThat(measures("web", EventType.PAGE, null, Map.of(), Map.of("campaign", Map.of("source", "Google"))))
                .extracting(KpiMeasures::channel, KpiMeasures::campaign).containsExactly("google", null);
        assertThat(measures("app", EventType.SCREEN, null, Map.of(), Map.of("channel", "Mobile")).channel())
                .isEqualTo("mobile");
        assertThat(measures("pos", EventType.TRACK, "Order Completed", Map.of("order_id", "o-1", "revenue", 5,
                "channel", "store"), Map.of()).channel()).isEqualTo("store");
        assertThat(measures("CRM", EventType.IDENTIFY, null, Map.of(), Map.of()).channel()).isEqualTo("crm");
    }

    @Test
    void anOrderAddsItsNetInTheReportingCurrencyAndARefundTakesItsAmountAway() {
        KpiMeasures order = measures("web", EventType.TRACK, "Order Completed", Map.of("order_id", "o-1",
                "revenue", new BigDecimal("12.34"), "currency", "EUR", "fx_rate", new BigDecimal("1.1234")), Map.of());
        KpiMeasures lines = measures("pos", EventType.TRACK, "Order Completed", Map.of("order_id", "o-2",
                "currency", "USD", "fx_rate", 1, "products", List.of(
                        Map.of("line_id", "1", "price", new BigDecimal("2.50"), "quantity", 2),
                        Map.of("line_id", "2", "revenue", 1))), Map.of());
        KpiMeasures refund = measures("web", EventType.TRACK, "Order Refunded", Map.of("order_id", "o-1",
                "revenue", new BigDecimal("2.00"), "currency", "EUR", "fx_rate", new BigDecimal("1.1")), Map.of());
        KpiMeasures unconverted = measures("web", EventType.TRACK, "Order Completed", Map.of("order_id", "o-3",
                "revenue", 9, "currency", "GBP"), Map.of());

        assertThat(order.orderId()).isEqualTo("o-1");
        assertThat(order.amountMicros()).isEqualTo(13_862_756L);
        assertThat(lines.amountMicros()).isEqualTo(6_000_000L);
        assertThat(refund.orderId()).isNull();
        assertThat(refund.amountMicros()).isEqualTo(-2_200_000L);
        assertThat(unconverted.orderId()).isEqualTo("o-3");
        assertThat(unconverted.amountMicros()).isNull();
    }

    @Test
    void linesWithAUnitCostGiveTheCostOfGoodsAndTheRevenueItCoversAndAReturnTakesThemBack() {
        KpiMeasures order = measures("web", EventType.TRACK, "Order Completed", Map.of("order_id", "o-1",
                "revenue", 30, "currency", "EUR", "fx_rate", new BigDecimal("1.1"), "products", List.of(
                        Map.of("product_id", "a", "price", new BigDecimal("2.50"), "quantity", 4,
                                "cost", new BigDecimal("1.25")),
                        Map.of("product_id", "b", "revenue", 12, "cost", 7),
                        Map.of("product_id", "c", "price", 8))), Map.of());
        KpiMeasures returned = measures("web", EventType.TRACK, "Order Refunded", Map.of("order_id", "o-1",
                "revenue", 12, "currency", "EUR", "fx_rate", new BigDecimal("1.2"), "products", List.of(
                        Map.of("product_id", "b", "revenue", 12, "cost", 7))), Map.of());
        KpiMeasures uncosted = measures("web", EventType.TRACK, "Order Completed", Map.of("order_id", "o-2",
                "revenue", 8, "products", List.of(Map.of("product_id", "c", "price", 8))), Map.of());
        KpiMeasures unconverted = measures("web", EventType.TRACK, "Order Completed", Map.of("order_id", "o-3",
                "revenue", 9, "currency", "GBP", "products", List.of(Map.of("price", 9, "cost", 4))), Map.of());
        // as the CSV import writes an order: lines with line_id, quantity, unit cost and revenue
        KpiMeasures imported = measures("pos", EventType.TRACK, "Order Completed", Map.of("order_id", "o-4",
                "revenue", new BigDecimal("19.00"), "currency", "USD", "fx_rate", 1, "products", List.of(
                        Map.of("line_id", "1", "price", new BigDecimal("4.50"), "quantity", 2,
                                "cost", new BigDecimal("2.10"), "revenue", new BigDecimal("9.00")),
                        Map.of("line_id", "2", "price", 10, "quantity", 1, "revenue", 10))), Map.of());

        // (1.25 × 4 + 7) × 1.1 and (2.50 × 4 + 12) × 1.1: the line without a cost is left out of both
        assertThat(order.costMicros()).isEqualTo(13_200_000L);
        assertThat(order.costedMicros()).isEqualTo(24_200_000L);
        assertThat(order.amountMicros()).isEqualTo(33_000_000L);
        assertThat(returned.refundedOrderId()).isEqualTo("o-1");
        assertThat(returned.costMicros()).isEqualTo(-8_400_000L);
        assertThat(returned.costedMicros()).isEqualTo(-14_400_000L);
        assertThat(uncosted.costMicros()).isNull();
        assertThat(uncosted.costedMicros()).isNull();
        assertThat(uncosted.refundedOrderId()).isNull();
        assertThat(unconverted.costMicros()).isNull();
        assertThat(imported.costMicros()).isEqualTo(4_200_000L);
        assertThat(imported.costedMicros()).isEqualTo(9_000_000L);
        assertThat(imported.amountMicros()).isEqualTo(19_000_000L);
    }

    @Test
    void aLineWithoutItsOwnCostTakesTheImportedUnitCostOfItsProductAtTheEventsTimeAndALineWithOneKeepsIt() {
        Map<String, Instant> asked = new java.util.HashMap<>();
        // imported unit costs, already in the reporting currency
        ProductCosts imported = (productId, at) -> {
            asked.put(productId, at);
            return switch (productId) {
                case "a", "b" -> java.util.Optional.of(new BigDecimal("0.75"));
                default -> java.util.Optional.empty();
            };
        };
        KpiMeasures order = measures("web", EventType.TRACK, "Order Completed", Map.of("order_id", "o-1",
                "revenue", 40, "currency", "EUR", "fx_rate", new BigDecimal("1.1"), "products", List.of(
                        Map.of("product_id", "a", "price", 5, "quantity", 4),
                        Map.of("product_id", "b", "revenue", 12, "cost", 7),
                        Map.of("product_id", "c", "price", 8),
                        Map.of("price", 3))), Map.of(), imported);
        KpiMeasures returned = measures("web", EventType.TRACK, "Order Refunded", Map.of("order_id", "o-1",
                "revenue", 5, "currency", "EUR", "fx_rate", new BigDecimal("1.2"), "products", List.of(
                        Map.of("product_id", "a", "price", 5, "quantity", 1))), Map.of(), imported);
        KpiMeasures unconverted = measures("web", EventType.TRACK, "Order Completed", Map.of("order_id", "o-3",
                "revenue", 9, "currency", "GBP", "products", List.of(Map.of("product_id", "a", "price", 9))), Map.of(),
                imported);

        // a: 0.75 × 4 as imported (reporting currency), b: its own 7 in EUR × 1.1; c and the line without a product
        // id have no cost and are left out of the covered revenue: (5 × 4 + 12) × 1.1
        assertThat(order.costMicros()).isEqualTo(10_700_000L);
        assertThat(order.costedMicros()).isEqualTo(35_200_000L);
        assertThat(asked).containsEntry("a", AT).containsEntry("c", AT).doesNotContainKey("b");
        assertThat(returned.costMicros()).isEqualTo(-750_000L);
        assertThat(returned.costedMicros()).isEqualTo(-6_000_000L);
        assertThat(unconverted.costMicros()).isNull();
        assertThat(unconverted.costedMicros()).isNull();
    }

    @Test
    void anNpsAnswerNeedsSurveyNpsAndAWholeScoreFromZeroToTenAndAReviewANumericRating() {
        assertThat(measures("web", EventType.TRACK, "Survey Answered", Map.of("survey", "NPS", "score", 9), Map.of())
                .npsScore()).isEqualTo(9);
        assertThat(measures("web", EventType.TRACK, "Survey Answered", Map.of("survey", "csat", "score", 9), Map.of())
                .npsScore()).isNull();
        assertThat(measures("web", EventType.TRACK, "Survey Answered", Map.of("survey", "nps", "score", 11), Map.of())
                .npsScore()).isNull();
        assertThat(measures("web", EventType.TRACK, "Survey Answered", Map.of("survey", "nps", "score", 7.5), Map.of())
                .npsScore()).isNull();
        assertThat(measures("web", EventType.TRACK, "Product Reviewed", Map.of("rating", 4.5), Map.of())
                .ratingMicros()).isEqualTo(4_500_000L);
        assertThat(measures("web", EventType.TRACK, "Product Reviewed", Map.of("rating", "good"), Map.of())
                .ratingMicros()).isNull();
    }

    @Test
    void anOrderCarriesTheDistinctProductIdsOfItsLinesAndAProductViewTheViewedProduct() {
        KpiMeasures order = measures("pos", EventType.TRACK, "Order Completed", Map.of("order_id", "o-1",
                "revenue", 9, "products", List.of(Map.of("product_id", "p-2"), Map.of("product_id", "p-1"),
                        Map.of("product_id", "p-2"), Map.of("sku", "s-9"))), Map.of());
        KpiMeasures view = measures("web", EventType.TRACK, "Product Viewed", Map.of("product_id", " p-1 "), Map.of());

        assertThat(order.productIds()).containsExactly("p-1", "p-2");
        assertThat(view.productIds()).containsExactly("p-1");
        assertThat(measures("web", EventType.TRACK, "Order Completed", Map.of("order_id", "o-2", "revenue", 9),
                Map.of()).productIds()).isNull();
        assertThat(measures("web", EventType.TRACK, "Product Reviewed", Map.of("product_id", "p-1", "rating", 4),
                Map.of()).productIds()).isNull();
    }

    private static KpiMeasures measures(String source, EventType type, String event, Map<String, Object> properties,
            Map<String, Object> context) {
        return measures(source, type, event, properties, context, ProductCosts.NONE);
    }

    private static KpiMeasures measures(String source, EventType type, String event, Map<String, Object> properties,
            Map<String, Object> context, ProductCosts costs) {
        EventIngested e = new EventIngested("m-1", source, type, event, null, "u-1", null, null, null, AT, AT, null,
                properties, context, null);
        return KpiMeasures.of(EventDocument.of(e, "p-1", AT), costs);
    }
}
