package io.cdp.ingestion.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The range an event's time must fall in. Events are stored in one Elasticsearch index per month
 * of event time: without bounds, any write key could create indices (and exhaust the node's shard
 * limit) with far-past or far-future timestamps, and a year-1000 event would become a profile's
 * first sighting.
 *
 * @param earliest the first accepted instant
 * @param maxAhead how far after its receipt an event may lie (clocks and time zones of devices)
 */
public record EventTimeBounds(Instant earliest, Duration maxAhead) {

    public EventTimeBounds {
        Objects.requireNonNull(earliest, "earliest");
        if (maxAhead == null || maxAhead.isNegative()) {
            throw new IllegalArgumentException("maxAhead must not be negative");
        }
    }

    /** Whether an event that happened at {@code eventTime} and arrived at {@code receivedAt} is accepted. */
    public boolean contains(Instant eventTime, Instant receivedAt) {
        return !eventTime.isBefore(earliest) && !eventTime.isAfter(receivedAt.plus(maxAhead));
    }

    Violation violation(String field) {
        return Violation.of(field, "eventTimeBounds", "the event time derived from " + field
                + " must lie between " + earliest + " and " + maxAhead + " after its receipt");
    }
}
