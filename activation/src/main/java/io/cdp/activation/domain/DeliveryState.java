package io.cdp.activation.domain;

/** Life of one triggered send; SENT, SKIPPED, HOLDOUT and DEAD are final (DEAD until retried by hand). */
public enum DeliveryState {
    PENDING, SENDING, SENT, SKIPPED, HOLDOUT, DEAD
}
