package io.cdp.ingestion;


import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the ingestion module. The limits default to Segment's documented ones so that
 * payloads that work against Segment.com work here and vice versa.
 */
@ConfigurationProperties("cdp.ingestion")
record IngestionProperties(
        @DefaultValue Limits limits,
        @DefaultValue EventTime eventTime,
        @DefaultValue Topics topics,
        @DefaultValue Producer producer,
        @DefaultValue Sources sources,
        @DefaultValue Input input,
        @DefaultValue Cli cli,
        @DefaultValue Money money,
        @DefaultValue Debugger debugger,
        @DefaultValue Imports imports) {

    /**
     * The console's event debugger: the last {@code eventsPerSource} accepted events of at most
     * {@code maxSources} sources, in this instance's memory.
     */
    record Debugger(
            @DefaultValue("50") int eventsPerSource,
            @DefaultValue("200") int maxSources) {
    }

    /**
     * CSV uploads of the console: at most {@code maxRunning} at once (an upload beyond it is refused),
     * their progress and report kept for the last {@code kept} imports.
     */
    record Imports(
            @DefaultValue("2") int maxRunning,
            @DefaultValue("20") int kept) {
    }

    /**
     * Orders are counted in {@code reportingCurrency}, converted with the imported daily rates of
     * the order's day or of the latest day up to {@code rateMaxAgeDays} before it; tracked orders
     * with the rates table as read at most {@code ratesCacheTtl} before. Order lines without a cost
     * take the imported product costs as read at most {@code costsCacheTtl} before (at once after an
     * import in the same instance).
     */
    record Money(
            @DefaultValue("USD") String reportingCurrency,
            @DefaultValue("7") int rateMaxAgeDays,
            @DefaultValue("1m") Duration ratesCacheTtl,
            @DefaultValue("1m") Duration costsCacheTtl) {
    }

    /** Per-call and per-request limits; bytes are counted after decompression. */
    record Limits(
            @DefaultValue("32768") int maxEventBytes,
            @DefaultValue("512000") int maxRequestBytes,
            @DefaultValue("2500") int maxBatchEvents,
            @DefaultValue("100") int maxMessageIdLength) {
    }

    /**
     * The accepted range of event times (after clock-skew correction); each month of event time
     * is an Elasticsearch index of the profile store, so the range bounds how many there can be.
     */
    record EventTime(
            @DefaultValue("2000-01-01T00:00:00Z") Instant earliest,
            @DefaultValue("1d") Duration maxAhead) {
    }

    /**
     * Topics this module produces or consumes; replication 1 suits the single local broker.
     *
     * @param retention how long Kafka keeps events (they carry personal data such as emails): the bound
     *                  on how long an erased person's events stay in these topics
     */
    record Topics(
            @DefaultValue("4") int partitions,
            @DefaultValue("1") short replicationFactor,
            @DefaultValue("7d") Duration retention) {
    }

    /**
     * Producer timeouts: short, so that a request answers 503 within seconds when Kafka is
     * down instead of holding SDK connections open until they time out. {@code batchSize} is Kafka's
     * {@code batch.size} per partition: an import's chunk of order events (about 1 KB each) goes out in a few
     * produce requests instead of one per 16 KB, which the broker pays for per request.
     */
    record Producer(
            @DefaultValue("3s") Duration maxBlock,
            @DefaultValue("2s") Duration requestTimeout,
            @DefaultValue("5s") Duration deliveryTimeout,
            @DefaultValue("5ms") Duration linger,
            @DefaultValue("131072") int batchSize,
            @DefaultValue("10s") Duration retryAfter) {
    }

    /**
     * Write-key lookups are cached briefly; a deleted or rotated key stops working after the TTL.
     * A lookup that Elasticsearch does not answer within {@code lookupTimeout} serves a known key
     * from its last good answer; an unknown key then gets 503 with {@code retryAfter}.
     */
    record Sources(
            @DefaultValue("30s") Duration cacheTtl,
            @DefaultValue("5s") Duration unknownKeyCacheTtl,
            @DefaultValue("2s") Duration lookupTimeout,
            @DefaultValue("10s") Duration retryAfter) {
    }

    /** The {@code cdp.events.input} consumer. */
    record Input(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("cdp-ingestion-input") String groupId,
            @DefaultValue("1") int concurrency) {
    }

    /**
     * The {@code import} command: whether it ends the JVM with its exit code when done, and the
     * source of imports without {@code --source} (created on first use).
     */
    record Cli(
            @DefaultValue("true") boolean exitWhenDone,
            @DefaultValue("2000") int chunkRows,
            @DefaultValue("csv-import") String defaultSource) {
    }
}
