package io.cdp.platform.kafka;

/**
 * Decides, for one integration, whether a failure may succeed later (transient: retried with backoff)
 * or never will (permanent: dead-lettered at once). Each module keeps exactly one implementation, with
 * its own unit test, so that the decision lives in one place per integration.
 */
public interface FailureClassifier {

    boolean isTransient(Throwable failure);

    /**
     * Why it failed, without personal data: the kind, the failure's class and, for the platform's own
     * failures, their message; never a message of a library's, which may quote the payload.
     */
    default String reason(Throwable failure) {
        String message = failure.getClass().getName().startsWith("io.cdp.") ? ": " + failure.getMessage() : "";
        return (isTransient(failure) ? "transient " : "permanent ") + failure.getClass().getSimpleName() + message;
    }
}
