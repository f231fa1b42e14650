package io.cdp.ingestion.pipeline;

/** Size and count limits of one request; bytes counted after decompression. */
public record Limits(int maxEventBytes, int maxRequestBytes, int maxBatchEvents, int maxMessageIdLength) {

    public Limits {
        if (maxEventBytes <= 0 || maxRequestBytes <= 0 || maxBatchEvents <= 0 || maxMessageIdLength <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
