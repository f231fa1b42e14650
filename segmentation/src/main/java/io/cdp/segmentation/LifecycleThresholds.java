package io.cdp.segmentation;

import java.math.BigDecimal;

/**
 * Thresholds of the built-in lifecycle segments. {@code vipRevenue} is the revenue of the top
 * decile, computed elsewhere over all profiles; without it no VIP segment is defined.
 */
public record LifecycleThresholds(int newDays, int activeDays, int churnDays, int repeatOrders,
                                  BigDecimal vipRevenue) {

    public static final LifecycleThresholds DEFAULTS = new LifecycleThresholds(30, 30, 90, 2, null);

    public LifecycleThresholds {
        if (newDays < 0 || activeDays < 0 || churnDays <= activeDays) {
            throw new IllegalArgumentException("need 0 <= newDays, 0 <= activeDays < churnDays");
        }
        if (repeatOrders < 2) {
            throw new IllegalArgumentException("repeatOrders must be >= 2");
        }
        if (vipRevenue != null && vipRevenue.signum() < 0) {
            throw new IllegalArgumentException("vipRevenue must be >= 0");
        }
    }

    public LifecycleThresholds withVipRevenue(BigDecimal revenue) {
        return new LifecycleThresholds(newDays, activeDays, churnDays, repeatOrders, revenue);
    }
}
