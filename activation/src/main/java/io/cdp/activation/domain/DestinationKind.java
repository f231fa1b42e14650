package io.cdp.activation.domain;

import java.util.Set;

/**
 * What a destination speaks. {@code consent} is the profile consent category a send needs (null:
 * an internal system of the company, covered by the contract with the person).
 */
public enum DestinationKind {
    EMAIL("email", Set.of(ActivationMode.TRIGGER)),
    META("ads", Set.of(ActivationMode.AUDIENCE_SYNC)),
    GOOGLE_ADS("ads", Set.of(ActivationMode.AUDIENCE_SYNC)),
    CRM(null, Set.of(ActivationMode.TRIGGER, ActivationMode.AUDIENCE_SYNC)),
    WEBHOOK(null, Set.of(ActivationMode.TRIGGER)),
    KAFKA(null, Set.of(ActivationMode.TRIGGER)),
    CSV(null, Set.of(ActivationMode.EXPORT));

    private final String consent;
    private final Set<ActivationMode> modes;

    DestinationKind(String consent, Set<ActivationMode> modes) {
        this.consent = consent;
        this.modes = modes;
    }

    public String consent() {
        return consent;
    }

    public boolean supports(ActivationMode mode) {
        return modes.contains(mode);
    }
}
