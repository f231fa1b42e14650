package io.cdp.activation.domain;

/** TRIGGER: one message per membership change; AUDIENCE_SYNC: keep a remote list equal to the segment. */
public enum ActivationMode {
    TRIGGER, AUDIENCE_SYNC, EXPORT
}
