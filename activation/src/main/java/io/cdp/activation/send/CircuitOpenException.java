package io.cdp.activation.send;

import java.time.Duration;

/** Calls to a destination are suspended after repeated failures; try again after {@code retryAfter}. */
public class CircuitOpenException extends RuntimeException {

    private final Duration retryAfter;

    public CircuitOpenException(String destinationId, Duration retryAfter) {
        super("circuit open for destination " + destinationId);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
