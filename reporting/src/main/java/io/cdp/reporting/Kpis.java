package io.cdp.reporting;

import java.util.List;

/** The KPI catalogue computed over the platform's data, for {@code GET /api/kpis} and the console. */
public interface Kpis {

    /** Computed with Elasticsearch aggregations, never by reading events into the application. */
    KpiReport report(KpiQuery query);

    /** Retention by monthly cohort of first order over the query's period (its interval and grouping unused). */
    RetentionTable retention(KpiQuery query);

    /**
     * The journey funnel now: how many profiles sit in each journey stage, and how many reached it (sit in it
     * or a later one), in the stages' order.
     */
    JourneyFunnel journeyFunnel();

    /** Every KPI a report holds, in order. */
    default List<KpiDefinition> definitions() {
        return Kpi.catalogue();
    }
}
