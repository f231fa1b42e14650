package io.cdp.segmentation;

import java.math.BigDecimal;

/** One event name's total on one day of a profile's rollup. */
public record DayCount(long count, BigDecimal revenue) {

    public DayCount {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0");
        }
        revenue = revenue == null ? BigDecimal.ZERO : revenue;
    }

    public static DayCount of(long count) {
        return new DayCount(count, BigDecimal.ZERO);
    }
}
