package io.cdp.activation.web;

import java.time.Duration;
import java.util.List;

import lombok.RequiredArgsConstructor;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.cdp.activation.domain.Activation;
import io.cdp.activation.domain.ActivationMode;
import io.cdp.activation.domain.EmailTemplate;
import io.cdp.activation.domain.SendWindow;
import io.cdp.activation.store.ActivationIndices;
import io.cdp.activation.store.Catalog;
import io.cdp.activation.store.SyncStatus;
import io.cdp.platform.elasticsearch.Documents;
import jakarta.servlet.http.HttpServletRequest;

/** {@code /api/activations}: triggers and audience syncs of segments to destinations. */
@RestController
@RequestMapping("/api/activations")
@RequiredArgsConstructor
class ActivationController {

    record ActivationRequest(String name, String segmentId, String destinationId, ActivationMode mode,
            Boolean onEntry, Boolean onExit, EmailTemplate template, Duration delay, SendWindow sendWindow,
            Double holdoutPercent) {

        Activation toActivation(String id) {
            return new Activation(id, name, segmentId, destinationId, mode, onEntry == null || onEntry,
                    onExit != null && onExit, template, delay, sendWindow, holdoutPercent == null ? 0 : holdoutPercent);
        }
    }

    private final Catalog catalog;
    private final ActivationCommands commands;
    private final ActivationIndices indices;

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Activation create(@RequestBody ActivationRequest request) {
        return commands.create(request.toActivation(null));
    }

    @PutMapping("/{id}")
    Activation update(@PathVariable String id, @RequestBody ActivationRequest request) {
        return commands.update(id, request.toActivation(id));
    }

    @GetMapping
    List<Activation> list() {
        return catalog.activations();
    }

    @GetMapping("/{id}")
    Activation get(@PathVariable String id) {
        return existing(id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id) {
        commands.delete(id);
    }

    /** Starts a full sync of the audience (or returns the running one); progress at GET …/sync. */
    @PostMapping("/{id}/sync")
    @ResponseStatus(HttpStatus.ACCEPTED)
    SyncStatus sync(@PathVariable String id) {
        return commands.sync(id);
    }

    @GetMapping("/{id}/sync")
    SyncStatus syncStatus(HttpServletRequest request, @PathVariable String id) {
        SyncStatus status = indices.syncs().get(id).map(Documents.Versioned::document)
                .orElseThrow(() -> new NotFoundException("sync of activation", id));
        return FailureDetail.shownTo(request) ? status : status.withReason(FailureDetail.forViewer(status.reason()));
    }

    /** The segment's current members with consent, as CSV; a POST because it hands out personal data. */
    @PostMapping(value = "/{id}/export", produces = "text/csv")
    ResponseEntity<String> export(@PathVariable String id) {
        return commands.export(id);
    }

    private Activation existing(String id) {
        return commands.existing(id);
    }
}
