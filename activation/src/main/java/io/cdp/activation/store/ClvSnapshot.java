package io.cdp.activation.store;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Customer lifetime value of a segment's current members at one time, historical and predicted side by side.
 *
 * @param customers        members with an order
 * @param total            revenue to date (net of refunds) of the members
 * @param average          historical CLV: {@code total} per customer, as reporting's {@code historicalClv}
 * @param scoredMembers    members the last CLV run scored (those with orders)
 * @param predictedTotal   predicted CLV over the CLV runs' horizon of the scored members
 * @param predictedAverage {@code predictedTotal} per scored member
 */
public record ClvSnapshot(String segmentId, Instant at, long members, long customers, BigDecimal total,
        BigDecimal average,
        long scoredMembers, BigDecimal predictedTotal, BigDecimal predictedAverage) {
}
