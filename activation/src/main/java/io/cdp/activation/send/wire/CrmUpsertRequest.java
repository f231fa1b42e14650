package io.cdp.activation.send.wire;

import java.util.List;
import java.util.Map;

/** HubSpot-style {@code POST /crm/v3/objects/contacts/batch/upsert} keyed by email. */
public record CrmUpsertRequest(List<Input> inputs) {

    public record Input(String idProperty, String id, Map<String, Object> properties) {
    }
}
