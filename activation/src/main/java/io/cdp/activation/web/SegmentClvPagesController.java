package io.cdp.activation.web;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.util.UriComponentsBuilder;

import io.cdp.activation.ActivationProperties;
import io.cdp.activation.engine.Measurement;

/**
 * The customer lifetime value panel of segmentation's segment page: the segment's last CLV snapshot (historical and
 * predicted side by side, as {@code GET /api/measurement/segments/{id}/clv} lists them), and a button that takes one
 * now. Rendering reads one snapshot, never the members. Segmentation cannot call activation, so the segment page
 * loads this fragment with htmx.
 */
@Controller
class SegmentClvPagesController {

    private final Measurement measurement;
    private final Duration interval;
    private final String currency;

    /** The currency is ingestion's setting, read by name since activation does not depend on ingestion. */
    SegmentClvPagesController(Measurement measurement, ActivationProperties properties,
            @Value("${cdp.ingestion.money.reporting-currency:USD}") String currency) {
        this.measurement = measurement;
        this.interval = properties.clvSnapshotInterval();
        this.currency = currency;
    }

    @GetMapping("/segments/{id}/clv")
    String clv(@PathVariable String id, @RequestHeader(name = "HX-Request", required = false) String htmx,
            Model model) {
        model.addAttribute("segmentId", id);
        model.addAttribute("snapshot", measurement.latestClv(id).orElse(null));
        model.addAttribute("every", interval.toMinutes() % 60 == 0 ? interval.toHours() + " h"
                : interval.toMinutes() + " min");
        model.addAttribute("currency", currency);
        return htmx == null ? "measurement/clv" : "measurement/clv :: clv";
    }

    /** Takes a snapshot now (marketers and admins, like every console POST). */
    @PostMapping("/segments/{id}/clv")
    String snapshot(@PathVariable String id, @RequestHeader(name = "HX-Request", required = false) String htmx,
            Model model) {
        measurement.snapshotClv(id);
        return htmx == null ? "redirect:" + UriComponentsBuilder.fromPath("/segments/{id}/clv").buildAndExpand(id)
                .encode().toUriString() : clv(id, htmx, model);
    }
}
