package io.cdp.activation.web;

import java.util.UUID;

import lombok.RequiredArgsConstructor;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import io.cdp.activation.domain.Activation;
import io.cdp.activation.domain.ActivationMode;
import io.cdp.activation.domain.Destination;
import io.cdp.activation.engine.CsvExport;
import io.cdp.activation.engine.FullSyncs;
import io.cdp.activation.store.Catalog;
import io.cdp.activation.store.SyncStatus;
import io.cdp.platform.InvalidValueException;

/**
 * Creating and changing activations, for the REST API and the console alike: both refuse the same
 * things with the same {@link InvalidValueException}, and a new audience sync starts its full sync.
 */
@Component
@RequiredArgsConstructor
class ActivationCommands {

    private final Catalog catalog;
    private final FullSyncs fullSyncs;
    private final CsvExport csvExport;

    /** {@code draft}'s id is replaced by a new one. */
    Activation create(Activation draft) {
        Activation activation = checked(draft.withId(UUID.randomUUID().toString()));
        catalog.save(activation);
        if (activation.mode() == ActivationMode.AUDIENCE_SYNC) {
            fullSyncs.start(activation);
        }
        return activation;
    }

    Activation update(String id, Activation changed) {
        existing(id);
        return catalog.save(checked(changed.withId(id)));
    }

    /**
     * Deletes an activation: its waiting sends are skipped when due ("activation deleted"), a full sync under way
     * stops after the page it is sending, and what was sent stays sent (its delivery log is kept).
     */
    void delete(String id) {
        if (!catalog.delete(id)) {
            throw new NotFoundException("activation", id);
        }
    }

    Activation existing(String id) {
        return catalog.activation(id).orElseThrow(() -> new NotFoundException("activation", id));
    }

    /** Starts a full sync of the audience, or returns the running one. */
    SyncStatus sync(String id) {
        Activation activation = existing(id);
        if (activation.mode() != ActivationMode.AUDIENCE_SYNC) {
            throw new InvalidValueException("mode", "audienceSync", "only audience syncs can be synced");
        }
        return fullSyncs.start(activation);
    }

    /** The segment's current members with consent, as a CSV download. */
    ResponseEntity<String> export(String id) {
        Activation activation = existing(id);
        return ResponseEntity.ok()
                .header("Content-Disposition", "attachment; filename=\"audience-" + activation.segmentId() + ".csv\"")
                .body(csvExport.export(activation));
    }

    private Activation checked(Activation activation) {
        Destination destination = catalog.destination(activation.destinationId())
                .orElseThrow(() -> new InvalidValueException("destinationId", "exists", "no such destination"));
        activation.checkAgainst(destination);
        return activation;
    }
}
