package io.cdp.platform.kafka;

/**
 * Decides, for one integration, whether a failure may succeed later (transient: retried with backoff)
 * or never will (permanent: dead-lettered at once). Each module keeps exactly one implementation, with
 * its own unit test, so that the decision lives in one place per integration.
 */
public interface FailureClassifier {

    boolean isTransient(Throwable failure);

    /** Why it failed, without personal data: class names and our own messages, never a payload. */
    String reason(Throwable failure);
}
