package io.cdp.activation.web;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.cdp.activation.domain.Destination;
import io.cdp.activation.domain.DestinationKind;
import io.cdp.activation.send.DestinationGuard;
import io.cdp.activation.store.DestinationStore;

/**
 * Saving destinations, for the REST API and the console alike. An update that leaves a secret out
 * keeps the stored one only while the destination sends where it did; every address is checked by
 * the {@link DestinationGuard} before saving.
 */
@Component
class DestinationCommands {

    private final DestinationStore store;
    private final DestinationGuard guard;

    DestinationCommands(DestinationStore store, DestinationGuard guard) {
        this.store = store;
        this.guard = guard;
    }

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

    Destination existing(String id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("destination", id));
    }

    private Destination save(Destination destination) {
        guard.validate(destination);
        return store.save(destination);
    }
}
