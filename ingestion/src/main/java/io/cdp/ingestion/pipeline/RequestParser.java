package io.cdp.ingestion.pipeline;

import java.util.List;

import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Splits a request body (JSON whatever its Content-Type) into calls, enforcing request-level limits. */
@Component
@RequiredArgsConstructor
public class RequestParser {

    private static final List<String> ENVELOPE_DEFAULTS = List.of("context", "integrations", "sentAt");

    private final JsonMapper jsonMapper;
    private final Limits limits;

    /**
     * @param singleType the call the path names ("track" ...), or null when the body is a batch
     */
    public ParsedRequest parse(byte[] body, String singleType) {
        if (body.length > limits.maxRequestBytes()) {
            throw requestTooLarge(limits);
        }
        JsonNode root;
        try {
            root = jsonMapper.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidTrackingRequestException(Violation.of("body", "json", "the body is not valid JSON"));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidTrackingRequestException(Violation.of("body", "object", "the body must be a JSON object"));
        }
        String writeKey = root.path("writeKey").isString() ? root.path("writeKey").stringValue() : null;
        if (singleType != null) {
            return new ParsedRequest(writeKey, List.of(root), jsonMapper.createObjectNode(), singleType);
        }
        JsonNode batch = root.get("batch");
        if (batch == null || !batch.isArray()) {
            throw new InvalidTrackingRequestException(Violation.of("batch", "array", "batch must be an array of calls"));
        }
        if (batch.isEmpty()) {
            throw new InvalidTrackingRequestException(Violation.of("batch", "notEmpty", "batch must contain at least one call"));
        }
        if (batch.size() > limits.maxBatchEvents()) {
            throw new InvalidTrackingRequestException(Violation.of("batch", "maxBatchEvents",
                    "batch has " + batch.size() + " calls; at most " + limits.maxBatchEvents() + " are allowed"));
        }
        ObjectNode defaults = jsonMapper.createObjectNode();
        for (String field : ENVELOPE_DEFAULTS) {
            JsonNode value = root.get(field);
            if (value != null && !value.isNull()) {
                defaults.set(field, value);
            }
        }
        return new ParsedRequest(writeKey, batch.valueStream().toList(), defaults, null);
    }

    public static InvalidTrackingRequestException requestTooLarge(Limits limits) {
        return new InvalidTrackingRequestException(Violation.of("body", "maxRequestBytes",
                "the request body exceeds " + limits.maxRequestBytes() + " bytes"));
    }
}
