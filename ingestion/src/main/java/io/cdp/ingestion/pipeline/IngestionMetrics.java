package io.cdp.ingestion.pipeline;

import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Accepted / rejected counters and orders without an exchange rate; tags are the source id, the
 * rule and a valid ISO 4217 currency code, never other event content.
 */
@Component
@RequiredArgsConstructor
public class IngestionMetrics {

    static final String ACCEPTED = "cdp.ingestion.events.accepted";
    static final String REJECTED = "cdp.ingestion.events.rejected";
    static final String UNCONVERTED = "cdp.ingestion.orders.unconverted";

    private final MeterRegistry registry;

    public void accepted(String sourceId, int count) {
        Counter.builder(ACCEPTED).description("Segment-spec calls appended to the event log")
                .tag("source", sourceId).register(registry).increment(count);
    }

    public void rejected(String sourceId, String reason, int count) {
        Counter.builder(REJECTED).description("Segment-spec calls refused, by rule")
                .tag("source", sourceId).tag("reason", reason).register(registry).increment(count);
    }

    public void unconverted(String sourceId, String currency) {
        Counter.builder(UNCONVERTED).description("Orders accepted in a currency without an exchange rate into the"
                        + " reporting currency: kept in their currency, left out of the reporting revenue")
                .tag("source", sourceId).tag("currency", currency).register(registry).increment();
    }
}
