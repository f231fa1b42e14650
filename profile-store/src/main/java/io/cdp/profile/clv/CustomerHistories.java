package io.cdp.profile.clv;

import java.time.Instant;
import java.util.Optional;

import io.cdp.insights.PurchaseHistory;
import io.cdp.profile.ProfileSnapshot;

/** A profile's commerce as the CLV models read it. */
final class CustomerHistories {

    private CustomerHistories() {
    }

    /**
     * (x, t<sub>x</sub>, T, m) of the profile's orders observed until {@code asOf}, by
     * {@link PurchaseHistory#fromOrders}; m is the average order value net of refunds in the reporting currency,
     * over the orders that have one (an order without an exchange rate counts as an order, not in the mean).
     * Empty without orders.
     */
    public static Optional<PurchaseHistory> of(ProfileSnapshot.Commerce commerce, Instant asOf) {
        long valued = commerce.orders() - commerce.unconvertedOrders();
        double mean = valued <= 0 ? 0 : commerce.revenue().doubleValue() / valued;
        return PurchaseHistory.fromOrders(commerce.orders(), mean, commerce.firstOrderAt(), commerce.lastOrderAt(),
                asOf);
    }
}
