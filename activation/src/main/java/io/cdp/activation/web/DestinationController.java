package io.cdp.activation.web;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import lombok.RequiredArgsConstructor;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.cdp.activation.domain.Destination;
import io.cdp.activation.domain.DestinationKind;
import io.cdp.activation.store.DestinationStore;

/**
 * {@code /api/destinations}: secrets are write-only; reads show only which secrets are set. An
 * update that leaves a secret out keeps the stored one only while the destination sends where it
 * did; an update changing where it sends (URL, host, port, account, audience, topic, kind) must
 * supply the secrets again (see {@link DestinationCommands}).
 */
@RestController
@RequestMapping("/api/destinations")
@RequiredArgsConstructor
class DestinationController {

    record DestinationRequest(String name, DestinationKind kind, Map<String, String> settings,
            Map<String, String> secrets) {
    }

    record DestinationView(String id, String name, DestinationKind kind, Map<String, String> settings,
            Set<String> secretsSet) {

        static DestinationView of(Destination d) {
            return new DestinationView(d.id(), d.name(), d.kind(), d.settings(), new TreeSet<>(d.secrets().keySet()));
        }
    }

    private final DestinationStore store;
    private final DestinationCommands commands;

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    DestinationView create(@RequestBody DestinationRequest request) {
        return DestinationView.of(commands.create(request.name(), request.kind(), request.settings(),
                request.secrets()));
    }

    @PutMapping("/{id}")
    DestinationView update(@PathVariable String id, @RequestBody DestinationRequest request) {
        return DestinationView.of(commands.update(id, request.name(), request.kind(), request.settings(),
                request.secrets()));
    }

    @GetMapping
    List<DestinationView> list() {
        return store.list().stream().map(DestinationView::of).toList();
    }

    @GetMapping("/{id}")
    DestinationView get(@PathVariable String id) {
        return DestinationView.of(commands.existing(id));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id) {
        commands.delete(id);
    }
}
