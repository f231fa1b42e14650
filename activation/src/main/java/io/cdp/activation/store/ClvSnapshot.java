package io.cdp.activation.store;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Customer lifetime value of a segment's current members at one time, historical and predicted side by side.
 *
 * @param total            historical CLV: revenue to date (net of refunds) of the members
 * @param average          {@code total} per member
 * @param scoredMembers    members the last CLV run scored (those with orders)
 * @param predictedTotal   predicted CLV over the CLV runs' horizon of the scored members
 * @param predictedAverage {@code predictedTotal} per scored member
 */
public record ClvSnapshot(String segmentId, Instant at, long members, BigDecimal total, BigDecimal average,
        long scoredMembers, BigDecimal predictedTotal, BigDecimal predictedAverage) {
}
