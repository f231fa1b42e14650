package io.cdp.reporting;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pageSize       composite-aggregation buckets per search while counting distinct profiles and orders
 * @param ropoWindowDays how many days before a store order an online view of one of its products makes it a
 *                       ROPO order (research online, purchase offline)
 * @param attributionWindowDays how many days before an order a touch counts for first- and last-touch
 *                       attribution ({@code attribution=first|last})
 * @param consoleFreshFor how long the console shows a set of figures it computed (the overview's, a segment's)
 *                       before it computes them again in the background; public for the console's web package
 * @param consoleRecomputeBelow figures that took less than this to compute are computed again in the background
 *                       each time they are shown, at the earliest when ten times as old as they took
 */
@ConfigurationProperties("cdp.reporting")
public record ReportingProperties(@DefaultValue("10000") int pageSize, @DefaultValue("7") int ropoWindowDays,
        @DefaultValue("30") int attributionWindowDays, @DefaultValue("5m") Duration consoleFreshFor,
        @DefaultValue("2s") Duration consoleRecomputeBelow) {

    public ReportingProperties {
        if (pageSize < 1 || pageSize > 10_000) {
            throw new IllegalArgumentException("cdp.reporting.page-size must be 1..10000");
        }
        if (ropoWindowDays < 0 || ropoWindowDays > 366) {
            throw new IllegalArgumentException("cdp.reporting.ropo-window-days must be 0..366");
        }
        if (attributionWindowDays < 1 || attributionWindowDays > 366) {
            throw new IllegalArgumentException("cdp.reporting.attribution-window-days must be 1..366");
        }
        if (consoleFreshFor.isNegative() || consoleRecomputeBelow.isNegative()) {
            throw new IllegalArgumentException(
                    "cdp.reporting.console-fresh-for and console-recompute-below must not be negative");
        }
    }
}
