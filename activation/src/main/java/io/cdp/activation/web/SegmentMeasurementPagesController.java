package io.cdp.activation.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

import io.cdp.activation.engine.Measurement;
import io.cdp.platform.InvalidValueException;

/**
 * The measurement panel of segmentation's segment page: conversions, revenue, AOV and CLV of the segment's members
 * over the last 7, 30 or 90 days, from the same {@link Measurement} as {@code /api/measurement}. Segmentation cannot
 * call activation (the dependency runs the other way), so the segment page loads this fragment with htmx and links
 * here without JavaScript.
 */
@Controller
class SegmentMeasurementPagesController {

    static final List<String> PERIODS = List.of("7d", "30d", "90d");

    private final Measurement measurement;
    private final Clock clock;
    private final String currency;

    /** The currency is ingestion's setting, read by name since activation does not depend on ingestion. */
    SegmentMeasurementPagesController(Measurement measurement, ObjectProvider<Clock> clock,
            @Value("${cdp.ingestion.money.reporting-currency:USD}") String currency) {
        this.measurement = measurement;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.currency = currency;
    }

    @GetMapping("/segments/{id}/measurement")
    String measurement(@PathVariable String id, @RequestParam(defaultValue = "30d") String period,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        if (!PERIODS.contains(period)) {
            throw new InvalidValueException("period", "oneOf", "period must be one of " + String.join(", ", PERIODS));
        }
        // the API's default end: now, plus a second so that an order of this very moment counts
        Instant to = clock.instant().plusSeconds(1);
        Instant from = to.minus(Duration.ofDays(Long.parseLong(period.substring(0, period.length() - 1))));
        model.addAttribute("segmentId", id);
        model.addAttribute("period", period);
        model.addAttribute("periods", PERIODS);
        model.addAttribute("result", measurement.segment(id, from, to));
        model.addAttribute("currency", currency);
        return htmx == null ? "measurement/segment" : "measurement/segment :: measurement";
    }
}
