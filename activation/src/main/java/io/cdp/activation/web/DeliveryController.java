package io.cdp.activation.web;

import java.time.Clock;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.cdp.activation.domain.Delivery;
import io.cdp.activation.domain.DeliveryState;
import io.cdp.activation.engine.AudienceSync;
import io.cdp.activation.store.ActivationIndices;
import io.cdp.activation.store.DeliveryStore;
import io.cdp.activation.store.SyncDeadLetter;
import io.cdp.activation.store.SyncDeadLetterStore;
import io.cdp.platform.InvalidValueException;
import io.cdp.platform.elasticsearch.Documents;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The delivery log per profile and per activation, and the dead letters: deliveries that failed
 * for good, and audience changes a destination refused; both retryable.
 */
@RestController
@RequestMapping("/api/deliveries")
class DeliveryController {

    private static final int MAX_PAGE = 500;

    private final Documents<Delivery> deliveries;
    private final DeliveryStore deliveryStore;
    private final SyncDeadLetterStore syncDeadLetters;
    private final AudienceSync audienceSync;
    private final Clock clock;

    DeliveryController(ActivationIndices indices, DeliveryStore deliveryStore, SyncDeadLetterStore syncDeadLetters,
            AudienceSync audienceSync, ObjectProvider<Clock> clock) {
        this.deliveries = indices.deliveries();
        this.deliveryStore = deliveryStore;
        this.syncDeadLetters = syncDeadLetters;
        this.audienceSync = audienceSync;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** Newest first; filter by profileId, activationId and/or state. */
    @GetMapping
    List<Delivery> log(HttpServletRequest request, @RequestParam(required = false) String profileId,
            @RequestParam(required = false) String activationId, @RequestParam(required = false) DeliveryState state,
            @RequestParam(defaultValue = "100") int size) {
        if (size < 1 || size > MAX_PAGE) {
            throw new InvalidValueException("size", "range", "size is 1 to " + MAX_PAGE);
        }
        boolean detail = FailureDetail.shownTo(request);
        return deliveryStore.newest(profileId, activationId, state, size).stream()
                .map(d -> detail ? d : d.withReason(FailureDetail.forViewer(d.reason()))).toList();
    }

    @GetMapping("/dead-letters")
    List<SyncDeadLetter> syncDeadLetters(HttpServletRequest request) {
        boolean detail = FailureDetail.shownTo(request);
        return syncDeadLetters.newest(MAX_PAGE).stream()
                .map(l -> detail ? l : new SyncDeadLetter(l.id(), l.activationId(), l.adds(), l.removes(),
                        FailureDetail.forViewer(l.reason()), l.at()))
                .toList();
    }

    /** Puts a dead delivery back in the queue with a fresh budget of attempts. */
    @PostMapping("/{key}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void retry(@PathVariable String key) {
        Documents.Versioned<Delivery> read = deliveries.get(key)
                .orElseThrow(() -> new NotFoundException("delivery", key));
        if (read.document().state() != DeliveryState.DEAD) {
            throw new InvalidValueException("state", "dead", "only dead deliveries can be retried");
        }
        if (deliveries.replace(read, read.document().retried(clock.instant())).isEmpty()) {
            throw new InvalidValueException("state", "unchanged", "the delivery changed meanwhile; read it again");
        }
    }

    @PostMapping("/dead-letters/{id}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void retrySync(@PathVariable String id) {
        if (!audienceSync.retryDeadLetter(id)) {
            throw new NotFoundException("dead letter", id);
        }
    }
}
