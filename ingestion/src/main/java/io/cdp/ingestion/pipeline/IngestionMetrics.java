package io.cdp.ingestion.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Accepted / rejected counters; tags are the source id and the rule, never event content. */
public class IngestionMetrics {

    static final String ACCEPTED = "cdp.ingestion.events.accepted";
    static final String REJECTED = "cdp.ingestion.events.rejected";

    private final MeterRegistry registry;

    public IngestionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void accepted(String sourceId, int count) {
        Counter.builder(ACCEPTED).description("Segment calls appended to the event log")
                .tag("source", sourceId).register(registry).increment(count);
    }

    public void rejected(String sourceId, String reason, int count) {
        Counter.builder(REJECTED).description("Segment calls refused, by rule")
                .tag("source", sourceId).tag("reason", reason).register(registry).increment(count);
    }
}
