package io.cdp.activation.store;

import java.math.BigDecimal;
import java.time.Instant;

/** Historical customer lifetime value (revenue to date) of a segment's current members at one time. */
public record ClvSnapshot(String segmentId, Instant at, long members, BigDecimal total, BigDecimal average) {
}
