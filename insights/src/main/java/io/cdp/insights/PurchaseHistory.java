package io.cdp.insights;

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

    boolean isRepeatBuyer() {
        return repeatPurchases > 0;
    }
}
