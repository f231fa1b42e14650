package io.cdp.reporting;

import java.time.Instant;
import java.util.List;

/** The KPI catalogue computed over the platform's data, for {@code GET /api/kpis} and the console. */
public interface Kpis {

    /** Computed with Elasticsearch aggregations, never by reading events into the application. */
    KpiReport report(KpiQuery query);

    /**
     * The KPIs of one segment over {@code [from, to)} with its members at the time of each event: its group in
     * {@link #report} with {@code groupBy=segment&membership=event}, without reading everyone's totals and series.
     * A segment without members or history gets its group all the same (zeros and undefined rates).
     */
    KpiReport.Group segment(String segmentId, Instant from, Instant to);

    /** Retention by monthly cohort of first order over the query's period (its interval and grouping unused). */
    RetentionTable retention(KpiQuery query);

    /**
     * The journey funnel now: how many profiles sit in each journey stage, and how many reached it (sit in it
     * or a later one), in the stages' order.
     */
    JourneyFunnel journeyFunnel();

    /** The reporting currency of every money value. */
    String currency();

    /** Every KPI a report holds, in order. */
    default List<KpiDefinition> definitions() {
        return Kpi.catalogue();
    }
}
