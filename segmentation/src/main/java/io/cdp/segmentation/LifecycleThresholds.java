package io.cdp.segmentation;

/**
 * Thresholds of the built-in lifecycle segments. The built-in VIP segment needs none: it is the top decile of
 * predicted CLV as the last CLV run computed it ({@code predictedClvDecile} 10).
 */
public record LifecycleThresholds(int newDays, int activeDays, int churnDays, int repeatOrders) {

    public static final LifecycleThresholds DEFAULTS = new LifecycleThresholds(30, 30, 90, 2);

    public LifecycleThresholds {
        if (newDays < 0 || activeDays < 0 || churnDays <= activeDays) {
            throw new IllegalArgumentException("need 0 <= newDays, 0 <= activeDays < churnDays");
        }
        if (repeatOrders < 2) {
            throw new IllegalArgumentException("repeatOrders must be >= 2");
        }
    }
}
