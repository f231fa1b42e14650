package io.cdp.activation.domain;

import java.util.Set;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * What a destination speaks. {@code consent} is the profile consent category a send needs (null:
 * an internal system of the company, covered by the contract with the person); {@code label} names it
 * for marketers in the console.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public enum DestinationKind {
    EMAIL("email", Set.of(ActivationMode.TRIGGER), "Email (SMTP)"),
    META("ads", Set.of(ActivationMode.AUDIENCE_SYNC), "Meta custom audience"),
    GOOGLE_ADS("ads", Set.of(ActivationMode.AUDIENCE_SYNC), "Google Ads customer list"),
    CRM(null, Set.of(ActivationMode.TRIGGER, ActivationMode.AUDIENCE_SYNC), "CRM"),
    WEBHOOK(null, Set.of(ActivationMode.TRIGGER), "Webhook"),
    KAFKA(null, Set.of(ActivationMode.TRIGGER), "Kafka topic"),
    CSV(null, Set.of(ActivationMode.EXPORT), "CSV download");

    private final String consent;
    private final Set<ActivationMode> modes;
    private final String label;

    public String label() {
        return label;
    }

    public String consent() {
        return consent;
    }

    public boolean supports(ActivationMode mode) {
        return modes.contains(mode);
    }
}
