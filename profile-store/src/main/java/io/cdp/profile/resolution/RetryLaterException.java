package io.cdp.profile.resolution;

/** Concurrent writers kept winning: nothing is wrong with the event, so it is retried later. */
public class RetryLaterException extends RuntimeException {

    public RetryLaterException(String message) {
        super(message);
    }
}
