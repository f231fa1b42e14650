package io.cdp.ingestion.pipeline;

/** A batch item that was refused, with its position in the request. */
public record Rejection(int index, String field, String rule, String reason) {

    static Rejection of(int index, Violation violation) {
        return new Rejection(index, violation.field(), violation.rule(), violation.reason());
    }
}
