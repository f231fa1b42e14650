package io.cdp.activation.send;

import java.time.Duration;

import lombok.Getter;

/**
 * A destination answered with an error status. {@code retryAfter} is what it asked for (null when
 * it did not say); the message names the status and the destination, never the payload.
 */
@Getter
class DestinationException extends RuntimeException {

    private final int status;
    private final Duration retryAfter;

    public DestinationException(int status, Duration retryAfter, String message) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }
}
