package io.cdp.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class PurchaseHistoryTest {

    private static final Instant AS_OF = Instant.parse("2026-12-01T08:00:00Z");

    @Test
    void refusesHistoriesNoCustomerCanHave() {
        assertThatThrownBy(() -> PurchaseHistory.of(-1, 0, 10)).hasMessageContaining("repeatPurchases");
        assertThatThrownBy(() -> PurchaseHistory.of(2, 11, 10)).hasMessageContaining("recency <= age");
        assertThatThrownBy(() -> PurchaseHistory.of(0, 3, 10)).hasMessageContaining("recency 0");
        assertThatThrownBy(() -> PurchaseHistory.of(1, 3, 10, Double.NaN)).hasMessageContaining("meanOrderValue");
        assertThatThrownBy(() -> PurchaseHistory.of(1, 3, Double.POSITIVE_INFINITY)).hasMessageContaining("finite");
    }

    @Test
    void ordersBecomeRepeatOrdersRecencyAndAgeInWholeUtcDays() {
        PurchaseHistory history = PurchaseHistory.fromOrders(3, 30.0, Instant.parse("2026-10-01T23:30:00Z"),
                Instant.parse("2026-11-02T00:10:00Z"), AS_OF).orElseThrow();

        assertThat(history).isEqualTo(PurchaseHistory.of(2, 32, 61, 30.0));
    }

    @Test
    void aSingleOrderIsNoRepeatOrderWithRecencyZero() {
        assertThat(PurchaseHistory.fromOrders(1, 25.5, Instant.parse("2026-11-20T10:00:00Z"),
                Instant.parse("2026-11-20T10:00:00Z"), AS_OF)).contains(PurchaseHistory.of(0, 0, 11, 25.5));
    }

    @Test
    void aNegativeMeanCountsAsZeroAndNoOrdersAsNoHistory() {
        assertThat(PurchaseHistory.fromOrders(2, -5.0, Instant.parse("2026-11-01T10:00:00Z"),
                Instant.parse("2026-11-03T10:00:00Z"), AS_OF)).contains(PurchaseHistory.of(1, 2, 30, 0.0));
        assertThat(PurchaseHistory.fromOrders(0, 0.0, null, null, AS_OF)).isEmpty();
    }

    @Test
    void anOrderStampedAfterTheRunCountsAsOnTheRunsDay() {
        assertThat(PurchaseHistory.fromOrders(2, 10.0, Instant.parse("2026-11-29T10:00:00Z"),
                Instant.parse("2026-12-03T10:00:00Z"), AS_OF)).contains(PurchaseHistory.of(1, 2, 2, 10.0));
    }
}
