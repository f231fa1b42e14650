package io.cdp.ingestion.pipeline;

import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request body split into its calls. {@code defaults} holds what a batch envelope gives every
 * item ({@code context}, {@code integrations}, {@code sentAt}); items override it.
 *
 * @param singleType the call named by the URL path for single-call endpoints, null for batches
 */
public record ParsedRequest(String writeKey, List<JsonNode> items, ObjectNode defaults, String singleType) {

    public ParsedRequest {
        items = List.copyOf(items);
    }

    public boolean isBatch() {
        return singleType == null;
    }
}
