package io.cdp.activation.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

import io.cdp.activation.domain.Activation;
import io.cdp.activation.domain.Destination;
import io.cdp.activation.domain.DestinationKind;
import io.cdp.activation.send.DestinationGuard;
import io.cdp.activation.store.Catalog;
import io.cdp.activation.store.DestinationStore;

/**
 * Saving destinations, for the REST API and the console alike. An update that leaves a secret out
 * keeps the stored one only while the destination sends where it did; every address is checked by
 * the {@link DestinationGuard} before saving.
 */
@Component
@RequiredArgsConstructor
class DestinationCommands {

    private final DestinationStore store;
    private final DestinationGuard guard;
    private final Catalog catalog;

    Destination create(String name, DestinationKind kind, Map<String, String> settings, Map<String, String> secrets) {
        return save(new Destination(UUID.randomUUID().toString(), name, kind, settings, secrets));
    }

    Destination update(String id, String name, DestinationKind kind, Map<String, String> settings,
            Map<String, String> newSecrets) {
        Destination old = existing(id);
        Map<String, String> secrets = old.sendsWhere(kind, settings) ? new HashMap<>(old.secrets()) : new HashMap<>();
        if (newSecrets != null) {
            secrets.putAll(newSecrets);
        }
        return save(new Destination(id, name, kind, settings, secrets));
    }

    /** The activations sending to the destination, which keep it from being deleted. */
    List<Activation> users(String id) {
        return catalog.activations().stream().filter(a -> id.equals(a.destinationId())).toList();
    }

    /** Deletes a destination no activation uses; one in use is refused with 409, naming its activations. */
    void delete(String id) {
        existing(id);
        List<Activation> users = users(id);
        if (!users.isEmpty()) {
            throw new DestinationInUseException(id, users.stream().map(Activation::name).toList());
        }
        if (!store.delete(id)) {
            throw new NotFoundException("destination", id);
        }
    }

    Destination existing(String id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("destination", id));
    }

    private Destination save(Destination destination) {
        guard.validate(destination);
        return store.save(destination);
    }
}
