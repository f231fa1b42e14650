package io.cdp.reporting;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;

/**
 * Retention by monthly cohort over a period {@code [from, to)}: a cohort is the customers (unified, live
 * profiles) whose first order ever falls in one calendar month (UTC) of the period; {@code active.get(k)} is
 * how many of them placed an order (Order Completed) in the k-th month after it (0: the cohort's own month,
 * always all of them), within the period, and {@code retention.get(k)} that as a percentage of the cohort,
 * 2 decimals half-up. Months after the period are not listed.
 */
public record RetentionTable(String from, String to, List<Cohort> cohorts) {

    public RetentionTable {
        cohorts = List.copyOf(cohorts);
    }

    public record Cohort(YearMonth month, long customers, List<Long> active, List<BigDecimal> retention) {

        public Cohort {
            active = List.copyOf(active);
            retention = List.copyOf(retention);
        }
    }
}
