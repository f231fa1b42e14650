package io.cdp.activation.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cdp.activation.engine.Measurement;
import io.cdp.activation.store.Catalog;
import io.cdp.activation.store.ClvSnapshot;
import io.cdp.platform.InvalidValueException;

import lombok.RequiredArgsConstructor;

/**
 * {@code /api/measurement}: conversions, revenue, AOV and lift per activation over a period ({@code from} inclusive,
 * {@code to} exclusive, ISO-8601; default the last 30 days), and the CLV snapshots of a segment. A segment's own
 * figures, {@code /api/measurement/segments/{id}}, are reporting's KPIs.
 */
@RestController
@RequestMapping("/api/measurement")
@RequiredArgsConstructor
class MeasurementController {

    private static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

    private final Measurement measurement;
    private final Catalog catalog;
    private final Clock clock;

    @GetMapping("/activations/{id}")
    Measurement.ActivationResult activation(@PathVariable String id, @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to) {
        Instant end = end(to);
        return measurement.activation(catalog.activation(id).orElseThrow(() -> new NotFoundException("activation", id)),
                start(from, end), end);
    }

    @GetMapping("/segments/{segmentId}/clv")
    List<ClvSnapshot> clv(@PathVariable String segmentId, @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to) {
        Instant end = end(to);
        return measurement.clvHistory(segmentId, start(from, end), end);
    }

    /** Takes a CLV snapshot now, besides the scheduled ones. */
    @PostMapping("/segments/{segmentId}/clv")
    ClvSnapshot snapshot(@PathVariable String segmentId) {
        return measurement.snapshotClv(segmentId);
    }

    private Instant end(Instant to) {
        return to == null ? clock.instant().plusSeconds(1) : to;
    }

    private static Instant start(Instant from, Instant end) {
        Instant start = from == null ? end.minus(DEFAULT_PERIOD) : from;
        if (!start.isBefore(end)) {
            throw new InvalidValueException("from", "beforeTo", "from must be before to");
        }
        return start;
    }
}
