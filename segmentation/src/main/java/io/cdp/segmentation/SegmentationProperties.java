package io.cdp.segmentation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.time.ZoneId;

/**
 * @param rawDrlEnabled raw DRL segments run admin-written code inside the engine: off unless
 *                      an operator turns it on
 * @param zone the zone whose calendar days time windows and rollups count in
 */
@ConfigurationProperties("cdp.segmentation")
record SegmentationProperties(
        @DefaultValue("false") boolean rawDrlEnabled,
        @DefaultValue("UTC") ZoneId zone,
        @DefaultValue Lifecycle lifecycle) {

    record Lifecycle(@DefaultValue("30") int newDays, @DefaultValue("30") int activeDays,
                     @DefaultValue("90") int churnDays, @DefaultValue("2") int repeatOrders,
                     BigDecimal vipRevenue) {

        LifecycleThresholds thresholds() {
            return new LifecycleThresholds(newDays, activeDays, churnDays, repeatOrders, vipRevenue);
        }
    }
}
