package io.cdp.ingestion.pipeline;

import java.time.Duration;

/** Kafka did not acknowledge every event of a request in time: the client should retry the whole request. */
public class KafkaUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public KafkaUnavailableException(Duration retryAfter, Throwable cause) {
        super("the event log did not acknowledge the events", cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
