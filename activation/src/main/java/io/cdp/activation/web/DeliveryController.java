package io.cdp.activation.web;

import java.util.List;

import lombok.RequiredArgsConstructor;

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
import io.cdp.activation.store.DeliveryStore;
import io.cdp.activation.store.SyncDeadLetter;
import io.cdp.activation.store.SyncDeadLetterStore;
import io.cdp.platform.InvalidValueException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The delivery log per profile and per activation, and the dead letters: deliveries that failed
 * for good, and audience changes a destination refused; both retryable.
 */
@RestController
@RequestMapping("/api/deliveries")
@RequiredArgsConstructor
class DeliveryController {

    private static final int MAX_PAGE = 500;

    private final DeliveryStore deliveryStore;
    private final SyncDeadLetterStore syncDeadLetters;
    private final DeliveryRetries retries;

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
        return FailureDetail.shown(request, syncDeadLetters.newest(MAX_PAGE));
    }

    /** Puts a dead delivery back in the queue with a fresh budget of attempts. */
    @PostMapping("/{key}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void retry(@PathVariable String key) {
        retries.retryDelivery(key);
    }

    @PostMapping("/dead-letters/{id}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void retrySync(@PathVariable String id) {
        retries.retrySyncDeadLetter(id);
    }
}
