package io.cdp.reporting;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The KPIs of a {@link KpiQuery}: their definitions, the totals of the period, the same totals for the
 * previous period of equal length (for "change vs previous"), one set of values per interval bucket and,
 * when grouped, one set per group over the whole period. Values are keyed by {@link KpiDefinition#id()}, in
 * catalogue order, rounded half-up to their unit's scale; a value is {@code null} when it is undefined (a
 * rate over nothing) or does not apply to the grouping (profile counts by channel, spend by segment).
 *
 * @param currency   the reporting currency of every money value
 * @param membership which membership segment, persona and stage groups mean
 */
public record KpiReport(KpiQuery query, String currency, String membership, List<KpiDefinition> definitions,
        Values totals, Values previous, List<Values> series, List<Group> groups) {

    /** What segment, persona and stage groups are made of. */
    public static final String CURRENT_MEMBERS = "current members: profiles in the segment, persona or stage now, "
            + "with all their events of the period";
    /** Segment groups by membership at the time of each event ({@code membership=event}). */
    public static final String MEMBERS_AT_EVENT_TIME = "members at the time of the event: each event counts for the "
            + "segments its person was in when it happened (membership history); profile counts, churn, leads and "
            + "historical CLV are about the members at the end of the period";

    public KpiReport {
        definitions = List.copyOf(definitions);
        series = List.copyOf(series);
        groups = List.copyOf(groups);
    }

    /** The values of {@code [from, to)}. */
    public record Values(Instant from, Instant to, Map<String, BigDecimal> values) {

        public Values {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        public BigDecimal get(Kpi kpi) {
            return values.get(kpi.id());
        }
    }

    /** The values of one group (a channel, a campaign, a segment …) over the whole period. */
    public record Group(String key, Map<String, BigDecimal> values) {

        public Group {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        public BigDecimal get(Kpi kpi) {
            return values.get(kpi.id());
        }
    }
}
