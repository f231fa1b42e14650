package io.cdp.insights;

import java.util.Collection;

/**
 * Predicted customer lifetime value: expected orders from BG/NBD times expected order value from
 * Gamma-Gamma, summed per period of the horizon and discounted per period, as in Fader, Hardie and
 * Lee (2005) and the reference implementation {@code lifetimes}. The two models are fitted
 * separately; their independence (order value does not depend on order frequency) is the
 * Gamma-Gamma model's assumption.
 */
public record LifetimeValueModel(BgNbdModel purchases, GammaGammaModel orderValue) {

    public static LifetimeValueModel fit(Collection<PurchaseHistory> customers) {
        return new LifetimeValueModel(BgNbdModel.fit(customers), GammaGammaModel.fit(customers));
    }

    /**
     * The value of the customer's orders over {@code periods} periods of {@code periodLength} time
     * units each, each period's value discounted by {@code (1 + discountRate)^period}.
     */
    public double predictedValue(PurchaseHistory customer, int periods, double periodLength, double discountRate) {
        return predictedValue(customer, Horizon.of(periods, periodLength, discountRate),
                orderValue.expectedOrderValue(customer));
    }

    /** Every figure the model predicts for the customer over the horizon, and what it rests on. */
    public CustomerValue score(PurchaseHistory customer, Horizon horizon) {
        double value = orderValue.expectedOrderValue(customer);
        return new CustomerValue(purchases.probabilityAlive(customer),
                purchases.expectedPurchases(horizon.length(), customer), value,
                predictedValue(customer, horizon, value),
                customer.isRepeatBuyer() ? CustomerValue.Basis.CUSTOMER : CustomerValue.Basis.POPULATION_PRIOR);
    }

    private double predictedValue(PurchaseHistory customer, Horizon horizon, double value) {
        double total = 0;
        double before = 0;
        for (int period = 1; period <= horizon.periods(); period++) {
            double cumulative = purchases.expectedPurchases(period * horizon.periodLength(), customer);
            total += value * (cumulative - before) / Math.pow(1 + horizon.discountRate(), period);
            before = cumulative;
        }
        return total;
    }
}
