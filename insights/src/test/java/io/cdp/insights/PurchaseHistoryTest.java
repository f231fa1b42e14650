package io.cdp.insights;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PurchaseHistoryTest {

    @Test
    void refusesHistoriesNoCustomerCanHave() {
        assertThatThrownBy(() -> PurchaseHistory.of(-1, 0, 10)).hasMessageContaining("repeatPurchases");
        assertThatThrownBy(() -> PurchaseHistory.of(2, 11, 10)).hasMessageContaining("recency <= age");
        assertThatThrownBy(() -> PurchaseHistory.of(0, 3, 10)).hasMessageContaining("recency 0");
        assertThatThrownBy(() -> PurchaseHistory.of(1, 3, 10, Double.NaN)).hasMessageContaining("meanOrderValue");
        assertThatThrownBy(() -> PurchaseHistory.of(1, 3, Double.POSITIVE_INFINITY)).hasMessageContaining("finite");
    }
}
