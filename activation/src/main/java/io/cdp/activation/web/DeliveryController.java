package io.cdp.activation.web;

import java.time.Clock;
import java.util.ArrayList;
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

import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.cdp.activation.domain.Delivery;
import io.cdp.activation.domain.DeliveryState;
import io.cdp.activation.domain.InvalidValueException;
import io.cdp.activation.engine.AudienceSync;
import io.cdp.platform.elasticsearch.Documents;
import io.cdp.activation.store.SyncDeadLetter;
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
    private final Documents<SyncDeadLetter> syncDeadLetters;
    private final AudienceSync audienceSync;
    private final Clock clock;

    DeliveryController(Documents<Delivery> deliveries, Documents<SyncDeadLetter> syncDeadLetters,
            AudienceSync audienceSync, ObjectProvider<Clock> clock) {
        this.deliveries = deliveries;
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
        List<Query> filters = new ArrayList<>();
        if (profileId != null) {
            filters.add(Query.of(q -> q.term(t -> t.field("profileId").value(profileId))));
        }
        if (activationId != null) {
            filters.add(Query.of(q -> q.term(t -> t.field("activationId").value(activationId))));
        }
        if (state != null) {
            filters.add(Query.of(q -> q.term(t -> t.field("state").value(state.name()))));
        }
        boolean detail = FailureDetail.shownTo(request);
        return deliveries.search(Query.of(q -> q.bool(b -> b.filter(filters))), "createdAt", SortOrder.Desc, size)
                .stream().map(Documents.Versioned::document)
                .map(d -> detail ? d : d.withReason(FailureDetail.forViewer(d.reason()))).toList();
    }

    @GetMapping("/dead-letters")
    List<SyncDeadLetter> syncDeadLetters(HttpServletRequest request) {
        boolean detail = FailureDetail.shownTo(request);
        return syncDeadLetters.search(Query.of(q -> q.matchAll(m -> m)), "at", SortOrder.Desc, MAX_PAGE).stream()
                .map(Documents.Versioned::document)
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
