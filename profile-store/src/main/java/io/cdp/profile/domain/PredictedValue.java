package io.cdp.profile.domain;

import java.time.Instant;

/**
 * The predicted customer lifetime value of a profile, as the last CLV run that scored it computed it.
 *
 * @param predictedClv       value of the orders expected over the run's horizon, discounted per period
 * @param probabilityAlive   P(alive): the chance the customer has not silently dropped out
 * @param expectedOrders     orders expected over the horizon
 * @param expectedOrderValue value expected per order
 * @param predictedClvDecile 1 to 10 among every customer the run scored (10: the top tenth)
 * @param basis              {@code customer} (the customer's own repeat orders) or {@code population-prior}
 *                           (a single order: the population's figures)
 */
public record PredictedValue(double predictedClv, double probabilityAlive, double expectedOrders,
        double expectedOrderValue, int predictedClvDecile, String basis, String runId, Instant scoredAt) {

    /** Whether the two hold the same scores, whichever run computed them. */
    public boolean sameScores(PredictedValue other) {
        return other != null && predictedClv == other.predictedClv && probabilityAlive == other.probabilityAlive
                && expectedOrders == other.expectedOrders && expectedOrderValue == other.expectedOrderValue
                && predictedClvDecile == other.predictedClvDecile && basis.equals(other.basis);
    }
}
