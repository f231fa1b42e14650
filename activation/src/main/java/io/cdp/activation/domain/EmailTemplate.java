package io.cdp.activation.domain;

import io.cdp.platform.InvalidValueException;

/**
 * A plain-text email. Placeholders: {@code {{trait}}} or {@code {{trait|fallback}}} from the
 * profile's traits, {@code {{lastProducts}}} for the names of the latest purchases (cross-sell),
 * {@code {{unsubscribeUrl}}}.
 */
public record EmailTemplate(String subject, String body) {

    public EmailTemplate {
        if (subject == null || subject.isBlank()) {
            throw new InvalidValueException("template.subject", "required", "an email needs a subject");
        }
        if (body == null || body.isBlank()) {
            throw new InvalidValueException("template.body", "required", "an email needs a body");
        }
    }
}
