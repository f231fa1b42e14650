package io.cdp.reporting;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pageSize composite-aggregation buckets per search while counting distinct profiles and orders
 */
@ConfigurationProperties("cdp.reporting")
record ReportingProperties(@DefaultValue("1000") int pageSize) {

    ReportingProperties {
        if (pageSize < 1 || pageSize > 10_000) {
            throw new IllegalArgumentException("cdp.reporting.page-size must be 1..10000");
        }
    }
}
