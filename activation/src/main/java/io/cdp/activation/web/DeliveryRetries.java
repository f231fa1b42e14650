package io.cdp.activation.web;

import java.time.Clock;

import org.springframework.stereotype.Component;

import io.cdp.activation.domain.Delivery;
import io.cdp.activation.domain.DeliveryState;
import io.cdp.activation.engine.AudienceSync;
import io.cdp.activation.store.ActivationIndices;
import io.cdp.platform.InvalidValueException;
import io.cdp.platform.elasticsearch.Documents;

/** Retrying dead letters by hand, for the REST API and the console alike. */
@Component
class DeliveryRetries {

    private final Documents<Delivery> deliveries;
    private final AudienceSync audienceSync;
    private final Clock clock;

    DeliveryRetries(ActivationIndices indices, AudienceSync audienceSync, Clock clock) {
        this.deliveries = indices.deliveries();
        this.audienceSync = audienceSync;
        this.clock = clock;
    }

    /** Puts a dead delivery back in the queue with a fresh budget of attempts. */
    void retryDelivery(String key) {
        Documents.Versioned<Delivery> read = deliveries.get(key)
                .orElseThrow(() -> new NotFoundException("delivery", key));
        if (read.document().state() != DeliveryState.DEAD) {
            throw new InvalidValueException("state", "dead", "only dead deliveries can be retried");
        }
        if (deliveries.replace(read, read.document().retried(clock.instant())).isEmpty()) {
            throw new InvalidValueException("state", "unchanged", "the delivery changed meanwhile; read it again");
        }
    }

    /** Sends a refused audience change again, re-reading the profiles. */
    void retrySyncDeadLetter(String id) {
        if (!audienceSync.retryDeadLetter(id)) {
            throw new NotFoundException("dead letter", id);
        }
    }
}
