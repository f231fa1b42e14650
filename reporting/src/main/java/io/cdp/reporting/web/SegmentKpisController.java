package io.cdp.reporting.web;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import io.cdp.platform.InvalidValueException;
import io.cdp.platform.web.ConsoleFormat;
import io.cdp.platform.web.InvalidRequestException;
import io.cdp.reporting.Kpi;
import io.cdp.reporting.KpiQuery;
import io.cdp.reporting.KpiReport;
import io.cdp.reporting.Kpis;

import lombok.RequiredArgsConstructor;

/**
 * What a segment's members do, on the KPI definitions: {@code GET /api/measurement/segments/{id}?from=&to=} (JSON)
 * and the panel of segmentation's segment page ({@code /segments/{id}/measurement?period=7d|30d|90d}, which the
 * segment page loads with htmx, since segmentation cannot depend on reporting). Both are {@link Kpis#segment}: the
 * group {@code GET /api/kpis?groupBy=segment&membership=event&segment={id}} reports, each event counting for the
 * segment while its person was a member. The panel shows figures computed in the background ({@link ConsoleFigures});
 * the API computes on every call.
 */
@Controller
@RequiredArgsConstructor
class SegmentKpisController {

    /** The panel's cards, in reading order: who, what they bought, what they are worth. */
    static final List<Kpi> PANEL = List.of(Kpi.PROFILES, Kpi.UNIQUE_VISITORS, Kpi.ACTIVE_CUSTOMERS,
            Kpi.CONVERSION_RATE, Kpi.ORDERS, Kpi.REVENUE, Kpi.AOV, Kpi.REPEAT_PURCHASE_RATE, Kpi.HISTORICAL_CLV,
            Kpi.CHURNED_SHARE);
    static final List<String> PERIODS = List.of("7d", "30d", "90d");

    private static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

    private final Kpis kpis;
    private final ConsoleFigures figures;
    private final ConsoleFormat format;
    private final Clock clock;

    /**
     * The KPIs of a segment's members at event time.
     *
     * @param membership what the values are about ({@link KpiReport#MEMBERS_AT_EVENT_TIME})
     * @param values     by KPI id, as in {@code GET /api/kpis}; definitions there
     */
    record SegmentKpis(String segmentId, Instant from, Instant to, String currency, String membership,
            Map<String, BigDecimal> values) {
    }

    /** {@code from} and {@code to} as {@code /api/kpis} takes them; by default the last 30 days up to now. */
    @GetMapping("/api/measurement/segments/{segmentId}")
    @ResponseBody
    SegmentKpis segment(@PathVariable String segmentId, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        KpiQuery period;
        try {
            // an order of this very moment counts: the default end is a second from now
            Instant end = clock.instant().plusSeconds(1);
            period = KpiQuery.of(from == null ? end.minus(DEFAULT_PERIOD).toString() : from,
                    to == null ? end.toString() : to, "month", "segment");
        } catch (InvalidValueException e) {
            throw new InvalidRequestException(e.field(), e.rule(), e.getMessage());
        }
        return new SegmentKpis(segmentId, period.from(), period.to(), kpis.currency(),
                KpiReport.MEMBERS_AT_EVENT_TIME, kpis.segment(segmentId, period.from(), period.to()).values());
    }

    /** The panel's figures: one segment over one period. */
    private record PanelFigures(String segmentId, Instant from, Instant to) {
    }

    /**
     * The panel with the figures last computed for the segment and period ({@link ConsoleFigures}), or a note that
     * they are being computed. The panel's polls carry {@code after} (epoch milliseconds of the figures it shows, 0
     * for none) and get 204 until newer ones are there; {@code recompute} starts a new computation.
     */
    @GetMapping("/segments/{id}/measurement")
    String panel(@PathVariable String id, @RequestParam(defaultValue = ReportPeriod.DEFAULT) String period,
            @RequestParam(required = false) Long after, @RequestParam(defaultValue = "false") boolean recompute,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
            HttpServletResponse response) {
        if (!PERIODS.contains(period)) {
            throw new InvalidValueException("period", "oneOf", "period must be one of " + String.join(", ", PERIODS));
        }
        KpiQuery days = ReportPeriod.of(period, null, null, clock).query(KpiQuery.GroupBy.SEGMENT);
        // no comparison with the period before: it would read everything a second time (the Overview compares)
        PanelFigures key = new PanelFigures(id, days.from(), days.to());
        Supplier<KpiReport.Group> compute = () -> kpis.segment(id, days.from(), days.to());
        ConsoleFigures.Shown<KpiReport.Group> shown = after == null || recompute
                ? figures.show(key, recompute, compute) : figures.poll(key, compute);
        if (after != null && !recompute && (shown.latest() == null || shown.latest().at().toEpochMilli() <= after)) {
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return null;
        }
        String currency = kpis.currency();
        model.addAttribute("segmentId", id);
        model.addAttribute("period", period);
        model.addAttribute("periods", PERIODS);
        model.addAttribute("from", days.from());
        model.addAttribute("currency", currency);
        model.addAttribute("shown", shown);
        if (shown.latest() != null && !shown.latest().failed()) {
            KpiReport.Group now = shown.latest().figures();
            model.addAttribute("empty", now.get(Kpi.PROFILES).signum() == 0 && now.get(Kpi.ORDERS).signum() == 0);
            model.addAttribute("cards", PANEL.stream().map(kpi -> KpiCard.of(kpi.definition(), now.get(kpi), null,
                    currency, format)).toList());
        }
        return htmx == null ? "kpis/segment" : "kpis/segment :: measurement";
    }
}
