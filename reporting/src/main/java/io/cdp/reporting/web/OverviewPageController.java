package io.cdp.reporting.web;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.cdp.platform.InvalidValueException;
import io.cdp.platform.web.ConsoleFormat;
import io.cdp.platform.web.FormProblems;
import io.cdp.reporting.JourneyFunnel;
import io.cdp.reporting.Kpi;
import io.cdp.reporting.KpiQuery;
import io.cdp.reporting.KpiReport;
import io.cdp.reporting.Kpis;
import tools.jackson.databind.json.JsonMapper;

import lombok.RequiredArgsConstructor;

/**
 * The console's overview ({@code /overview?period=7d|30d|90d|custom&from=&to=&attribution=}): the headline KPIs
 * of the period against the previous one, the daily trend, the journey funnel and revenue by channel (orders by
 * the order event's channel, or by first- or last-touch attribution), all from the same {@link Kpis} as
 * {@code GET /api/kpis}. The figures come from {@link ConsoleFigures}: the page renders at once with the figures
 * last computed for its period and their age, and swaps in newer ones ({@code /overview/figures}) when ready.
 */
@Controller
@RequiredArgsConstructor
class OverviewPageController {

    /** The headline cards, in reading order: audience, buying, keeping. */
    static final List<Kpi> HEADLINE = List.of(Kpi.PROFILES, Kpi.IDENTIFIED_RATE, Kpi.UNIQUE_VISITORS,
            Kpi.SESSIONS, Kpi.BOUNCE_RATE, Kpi.ACTIVE_CUSTOMERS, Kpi.ORDERS, Kpi.REVENUE, Kpi.AOV, Kpi.CONVERSION_RATE, Kpi.REPEAT_PURCHASE_RATE,
            Kpi.CHURNED_SHARE, Kpi.NEW_CUSTOMERS, Kpi.NPS, Kpi.GROSS_PROFIT, Kpi.GROSS_MARGIN, Kpi.PROFIT_PER_CUSTOMER,
            Kpi.COST_COVERAGE, Kpi.ROPO_REVENUE);

    /** The columns of revenue by channel. */
    static final List<Kpi> BY_CHANNEL = List.of(Kpi.UNIQUE_VISITORS, Kpi.ORDERS, Kpi.REVENUE, Kpi.CONVERSION_RATE,
            Kpi.COST, Kpi.ROAS, Kpi.CPA, Kpi.NEW_CUSTOMERS, Kpi.CAC);

    private final Kpis kpis;
    private final ConsoleFigures figures;
    private final ConsoleFormat format;
    private final JsonMapper json;
    private final Clock clock;

    /** What the overview shows of a period, computed together so that every figure is of the same moment. */
    record OverviewFigures(KpiReport report, JourneyFunnel funnel) {
    }

    /** The page, with the figures computed last for its period (or a note that they are being computed). */
    @GetMapping("/overview")
    String overview(@RequestParam(required = false) String period, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String attribution,
            Model model) {
        KpiQuery query = chosen(period, from, to, attribution, model);
        if (query != null) {
            present(figures.show(query, false, compute(query)), model);
        }
        return "overview/overview";
    }

    /**
     * The figures alone, for the page to swap in: when newer than {@code after} (epoch milliseconds of the figures
     * it shows) or when {@code recompute} starts a new computation; otherwise 204, and the page asks again.
     */
    @GetMapping("/overview/figures")
    String figures(@RequestParam(required = false) String period, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String attribution,
            @RequestParam(defaultValue = "0") long after, @RequestParam(defaultValue = "false") boolean recompute,
            Model model, HttpServletResponse response) {
        KpiQuery query = chosen(period, from, to, attribution, model);
        if (query == null) {
            return "overview/overview :: figures";
        }
        ConsoleFigures.Shown<OverviewFigures> shown = recompute ? figures.show(query, true, compute(query))
                : figures.poll(query, compute(query));
        if (!recompute && (shown.latest() == null || shown.latest().at().toEpochMilli() <= after)) {
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return null;
        }
        present(shown, model);
        return "overview/overview :: figures";
    }

    /** The period's query (orders by channel as {@code attribution} says), or null with the problems in the model. */
    private KpiQuery chosen(String period, String from, String to, String attribution, Model model) {
        model.addAttribute("period", period == null ? ReportPeriod.DEFAULT : period);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("attribution", attribution == null ? "touchpoint" : attribution);
        try {
            ReportPeriod chosen = ReportPeriod.of(period, from, to, clock);
            KpiQuery day = chosen.query(KpiQuery.GroupBy.CHANNEL);
            KpiQuery channels = KpiQuery.of(day.from().toString(), day.to().toString(), "day", "channel", attribution);
            model.addAttribute("chosen", chosen);
            model.addAttribute("currency", kpis.currency());
            return channels;
        } catch (InvalidValueException refused) {
            model.addAttribute("problems", FormProblems.of(refused).orElseThrow());
            return null;
        }
    }

    /** One report: the channel grouping comes with the same totals, previous period and daily series. */
    private Supplier<OverviewFigures> compute(KpiQuery query) {
        return () -> new OverviewFigures(kpis.report(query), kpis.journeyFunnel());
    }

    private void present(ConsoleFigures.Shown<OverviewFigures> shown, Model model) {
        model.addAttribute("shown", shown);
        if (shown.latest() == null || shown.latest().failed()) {
            return;
        }
        KpiReport report = shown.latest().figures().report();
        model.addAttribute("currency", report.currency());
        model.addAttribute("cards", HEADLINE.stream().map(kpi -> KpiCard.of(kpi.definition(),
                report.totals().get(kpi), report.previous().get(kpi), report.currency(), format)).toList());
        model.addAttribute("revenueTrend", chart(report, "Revenue (" + report.currency() + ")", List.of(Kpi.REVENUE)));
        model.addAttribute("trafficTrend", chart(report, "People and orders",
                List.of(Kpi.UNIQUE_VISITORS, Kpi.ACTIVE_CUSTOMERS, Kpi.ORDERS)));
        model.addAttribute("funnel", shown.latest().figures().funnel());
        model.addAttribute("channelColumns", BY_CHANNEL.stream().map(Kpi::definition).toList());
        model.addAttribute("channels", report.groups().stream().map(group -> new ChannelRow(group.key(),
                BY_CHANNEL.stream().map(kpi -> KpiCard.text(kpi.definition(), group.get(kpi), report.currency(),
                        format)).toList())).toList());
    }

    record ChannelRow(String channel, List<String> values) {
    }

    /** The JSON console.js draws with uPlot: x in epoch seconds (the start of each day), one series per KPI. */
    private String chart(KpiReport report, String yLabel, List<Kpi> shown) {
        List<Long> x = new ArrayList<>();
        report.series().forEach(bucket -> x.add(bucket.from().atOffset(ZoneOffset.UTC).toEpochSecond()));
        List<Map<String, Object>> series = new ArrayList<>();
        for (Kpi kpi : shown) {
            List<BigDecimal> values = report.series().stream().map(bucket -> bucket.get(kpi)).toList();
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("label", kpi.definition().label());
            one.put("values", values);
            series.add(one);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("x", x);
        spec.put("series", series);
        spec.put("xLabel", "Day (UTC)");
        spec.put("yLabel", yLabel);
        return json.writeValueAsString(spec);
    }
}
