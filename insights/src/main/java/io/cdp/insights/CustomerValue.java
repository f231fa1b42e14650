package io.cdp.insights;

/**
 * What the lifetime-value model predicts for one customer over a horizon.
 *
 * @param probabilityAlive   P(alive): the chance the customer has not silently dropped out
 * @param expectedOrders     orders expected within the horizon
 * @param expectedOrderValue value expected per order
 * @param predictedValue     the value of those orders, discounted per period
 * @param basis              whose history the order value rests on
 */
public record CustomerValue(double probabilityAlive, double expectedOrders, double expectedOrderValue,
        double predictedValue, Basis basis) {

    /**
     * {@link #CUSTOMER} when the customer has repeat orders; {@link #POPULATION_PRIOR} when not: a single
     * order says nothing about how often and for how much a customer buys, so the prediction is the
     * population's (P(alive) is 1 by the model's assumption, the order value the population mean).
     */
    public enum Basis { CUSTOMER, POPULATION_PRIOR }
}
