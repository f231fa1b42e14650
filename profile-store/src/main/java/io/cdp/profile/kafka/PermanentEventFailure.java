package io.cdp.profile.kafka;

/** Marks a failure the error handler must not retry: the event goes to the dead-letter topic. */
public class PermanentEventFailure extends RuntimeException {

    public PermanentEventFailure(String reason, Throwable cause) {
        super(reason, cause);
    }
}
