package io.cdp.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;

class OrderAmountsTest {

    private static final Instant AT = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void anOrderIsWorthItsRevenueElseItsTotal() {
        assertThat(OrderAmounts.completed(order(Map.of("revenue", 40, "total", 45)))).contains(new BigDecimal("40"));
        assertThat(OrderAmounts.completed(order(Map.of("total", "45.50")))).contains(new BigDecimal("45.50"));
        assertThat(OrderAmounts.completed(order(Map.of()))).contains(BigDecimal.ZERO);
    }

    @Test
    void linesAddUpAndAStatedOrderTotalWins() {
        List<Map<String, Object>> lines = List.of(Map.of("line_id", "1", "price", 10, "quantity", 2),
                Map.of("line_id", "2", "revenue", "5.25"));
        assertThat(OrderAmounts.completed(order(Map.of("revenue", 99, "products", lines))))
                .contains(new BigDecimal("25.25"));
        assertThat(OrderAmounts.completed(order(Map.of("products", lines, "order_total", "24.00"))))
                .contains(new BigDecimal("24.00"));
    }

    @Test
    void anotherCurrencyCountsAtTheRateIngestionStampedAndWithoutOneNotAtAll() {
        assertThat(OrderAmounts.completed(order(Map.of("revenue", 10, "currency", "EUR", "fx_rate", "1.10")))
                .map(BigDecimal::stripTrailingZeros)).contains(new BigDecimal("11"));
        assertThat(OrderAmounts.completed(order(Map.of("revenue", 10, "currency", "XYZ")))).isEmpty();
    }

    @Test
    void aLineWithoutAmountLeavesTheOrderWithoutValue() {
        assertThat(OrderAmounts.completed(order(Map.of("products", List.of(Map.of("line_id", "1", "sku", "x"))))))
                .isEmpty();
    }

    private static EventIngested order(Map<String, Object> properties) {
        return new EventIngested("m-1", "web", EventType.TRACK, "Order Completed", null, "u-1", null, null, null, AT,
                AT, Map.of(), properties, Map.of(), Map.of());
    }
}
