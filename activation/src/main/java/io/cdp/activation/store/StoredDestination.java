package io.cdp.activation.store;

import java.util.Map;

import io.cdp.activation.domain.DestinationKind;

/** A destination as stored: secrets sealed with {@link SecretBox}. */
record StoredDestination(String id, String name, DestinationKind kind, Map<String, String> settings,
        Map<String, String> sealedSecrets) {
}
