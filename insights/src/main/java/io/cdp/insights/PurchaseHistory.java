package io.cdp.insights;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * One customer's order history in the form the BG/NBD and Gamma-Gamma models read it (Fader, Hardie
 * and Lee 2005): {@code repeatPurchases} (x) after the first order, {@code recency} (t<sub>x</sub>, time
 * from the first to the last order), {@code age} (T, time from the first order to the end of
 * observation) and the mean value of the repeat orders. Times are in one unit of the caller's
 * choosing (days in the platform, weeks in the paper's CDNOW data); the fitted parameters are in it too.
 */
public record PurchaseHistory(int repeatPurchases, double recency, double age, double meanOrderValue) {

    public PurchaseHistory {
        if (repeatPurchases < 0) {
            throw new IllegalArgumentException("repeatPurchases must be >= 0, was " + repeatPurchases);
        }
        if (!(recency >= 0 && recency <= age) || !Double.isFinite(age)) {
            throw new IllegalArgumentException("need 0 <= recency <= age, finite, was " + recency + " and " + age);
        }
        if (repeatPurchases == 0 && recency != 0) {
            throw new IllegalArgumentException("a customer without repeat purchases has recency 0, was " + recency);
        }
        if (!(meanOrderValue >= 0) || !Double.isFinite(meanOrderValue)) {
            throw new IllegalArgumentException("meanOrderValue must be finite and >= 0, was " + meanOrderValue);
        }
    }

    /** A history without order values, for the purchase-count model alone. */
    public static PurchaseHistory of(int repeatPurchases, double recency, double age) {
        return new PurchaseHistory(repeatPurchases, recency, age, 0);
    }

    public static PurchaseHistory of(int repeatPurchases, double recency, double age, double meanOrderValue) {
        return new PurchaseHistory(repeatPurchases, recency, age, meanOrderValue);
    }

    /**
     * The history of a customer the platform knows by totals: {@code orders} orders of {@code meanOrderValue} on
     * average, the first and the last at these times, observed until {@code asOf}. Times are whole UTC calendar
     * days, as in the paper's day-level data: orders on one day still count one each, and customers with the
     * same counts share one likelihood term, which keeps a fit on a million customers fast. The platform's mean
     * is over all of a customer's orders, the only mean its totals give (the paper's is over the repeat orders);
     * a negative mean (refunds beyond the orders) counts as 0. Empty for a customer without orders, whom the
     * models do not cover.
     */
    public static Optional<PurchaseHistory> fromOrders(long orders, double meanOrderValue, Instant firstOrderAt,
            Instant lastOrderAt, Instant asOf) {
        if (orders <= 0 || firstOrderAt == null || lastOrderAt == null) {
            return Optional.empty();
        }
        LocalDate first = day(firstOrderAt);
        long age = Math.max(0, ChronoUnit.DAYS.between(first, day(asOf)));
        long recency = orders == 1 ? 0 : Math.min(age, Math.max(0, ChronoUnit.DAYS.between(first, day(lastOrderAt))));
        return Optional.of(new PurchaseHistory(Math.toIntExact(orders - 1), recency, age, Math.max(0, meanOrderValue)));
    }

    private static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    boolean isRepeatBuyer() {
        return repeatPurchases > 0;
    }
}
