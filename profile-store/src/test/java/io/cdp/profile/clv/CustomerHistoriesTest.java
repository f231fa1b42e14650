package io.cdp.profile.clv;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cdp.insights.PurchaseHistory;
import io.cdp.profile.ProfileSnapshot;

class CustomerHistoriesTest {

    private static final Instant AS_OF = Instant.parse("2026-12-01T08:00:00Z");

    private static ProfileSnapshot.Commerce commerce(long orders, String revenue, String first, String last,
            long unconverted) {
        return new ProfileSnapshot.Commerce(orders, new BigDecimal(revenue), first == null ? null : Instant.parse(first),
                last == null ? null : Instant.parse(last), List.of(), 0, Map.of(), unconverted);
    }

    @Test
    void repeatOrdersRecencyAgeInDaysAndTheAverageNetOrderValue() {
        assertThat(CustomerHistories.of(commerce(4, "130.00", "2026-09-01T12:00:00Z", "2026-11-15T09:00:00Z", 0),
                AS_OF)).contains(PurchaseHistory.of(3, 75, 91, 32.5));
    }

    @Test
    void ordersWithoutAnExchangeRateCountAsOrdersButNotInTheMean() {
        assertThat(CustomerHistories.of(commerce(3, "100.00", "2026-11-01T00:00:00Z", "2026-11-11T00:00:00Z", 1),
                AS_OF)).contains(PurchaseHistory.of(2, 10, 30, 50.0));
        assertThat(CustomerHistories.of(commerce(1, "0", "2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z", 1), AS_OF))
                .contains(PurchaseHistory.of(0, 0, 30, 0.0));
    }

    @Test
    void aProfileWithoutOrdersHasNoHistory() {
        assertThat(CustomerHistories.of(commerce(0, "0", null, null, 0), AS_OF)).isEmpty();
    }
}
