package io.cdp.ingestion;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the ingestion module. The limits default to Segment's documented ones so that
 * payloads that work against Segment work here and vice versa.
 */
@ConfigurationProperties("cdp.ingestion")
record IngestionProperties(
        @DefaultValue Limits limits,
        @DefaultValue Topics topics,
        @DefaultValue Producer producer,
        @DefaultValue Sources sources,
        @DefaultValue Input input,
        @DefaultValue Cli cli,
        @DefaultValue Money money) {

    /**
     * Imported orders are counted in {@code reportingCurrency}, converted with the imported daily
     * rates of the order's day or of the latest day up to {@code rateMaxAgeDays} before it.
     */
    record Money(
            @DefaultValue("USD") String reportingCurrency,
            @DefaultValue("7") int rateMaxAgeDays) {
    }

    /** Per-call and per-request limits; bytes are counted after decompression. */
    record Limits(
            @DefaultValue("32768") int maxEventBytes,
            @DefaultValue("512000") int maxRequestBytes,
            @DefaultValue("2500") int maxBatchEvents,
            @DefaultValue("100") int maxMessageIdLength) {
    }

    /** Topics this module produces or consumes; replication 1 suits the single local broker. */
    record Topics(
            @DefaultValue("4") int partitions,
            @DefaultValue("1") short replicationFactor) {
    }

    /**
     * Producer timeouts: short, so that a request answers 503 within seconds when Kafka is
     * down instead of holding SDK connections open until they time out.
     */
    record Producer(
            @DefaultValue("3s") Duration maxBlock,
            @DefaultValue("2s") Duration requestTimeout,
            @DefaultValue("5s") Duration deliveryTimeout,
            @DefaultValue("5ms") Duration linger,
            @DefaultValue("10s") Duration retryAfter) {
    }

    /** Write-key lookups are cached briefly; a deleted or rotated key stops working after the TTL. */
    record Sources(
            @DefaultValue("30s") Duration cacheTtl,
            @DefaultValue("5s") Duration unknownKeyCacheTtl) {
    }

    /** The {@code cdp.events.input} consumer. */
    record Input(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("cdp-ingestion-input") String groupId,
            @DefaultValue("1") int concurrency) {
    }

    /** The {@code import} command: whether it ends the JVM with its exit code when done. */
    record Cli(
            @DefaultValue("true") boolean exitWhenDone,
            @DefaultValue("500") int chunkRows) {
    }
}
