package io.cdp.profile;

import java.math.BigDecimal;
import java.util.Optional;

import io.cdp.platform.EventIngested;
import io.cdp.profile.domain.ProfileFolding;

/**
 * What an order event is worth in the reporting currency, by the rule the profile's revenue and reporting's
 * {@code revenue} KPI use: its lines ({@code products[]}), else its {@code revenue} or {@code total}, with
 * {@code order_total} winning, at the rate ingestion stamped on it. For other modules that value orders
 * (activation's conversions), so that one order has one value across the platform.
 */
public final class OrderAmounts {

    private OrderAmounts() {
    }

    /**
     * The amount an Order Completed adds; empty when its currency had no rate (left out of revenue, as there) or a
     * line of it has no amount (ingestion refuses such orders at the door; one from elsewhere has no value).
     */
    public static Optional<BigDecimal> completed(EventIngested event) {
        try {
            return Optional.ofNullable(ProfileFolding.orderPart(event.properties(), event.timestamp(),
                    event.messageId(), true).reportingNet());
        } catch (IllegalArgumentException lineWithoutAmount) {
            return Optional.empty();
        }
    }

    /**
     * The amount an Order Refunded takes back, positive: its lines, else its {@code revenue} or {@code total}; empty
     * when its currency had no rate (left out of revenue, as there).
     */
    public static Optional<BigDecimal> refunded(EventIngested event) {
        try {
            return Optional.ofNullable(ProfileFolding.orderPart(event.properties(), event.timestamp(),
                    event.messageId(), false).reportingNet()).map(BigDecimal::negate);
        } catch (IllegalArgumentException lineWithoutAmount) {
            return Optional.empty();
        }
    }
}
