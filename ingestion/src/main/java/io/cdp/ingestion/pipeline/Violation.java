package io.cdp.ingestion.pipeline;

/**
 * Why an event or request was refused: the offending field, the rule it broke (a stable
 * identifier, also used as metric tag) and a human-readable reason without the value itself.
 */
public record Violation(String field, String rule, String reason) {

    static final String REQUIRED = "required";
    static final String TYPE = "type";

    public static Violation of(String field, String rule, String reason) {
        return new Violation(field, rule, reason);
    }
}
