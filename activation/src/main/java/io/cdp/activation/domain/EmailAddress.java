package io.cdp.activation.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/** An email address as every platform wants it before hashing: trimmed and lowercased. */
public record EmailAddress(String value) {

    private static final Pattern SHAPE = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    public EmailAddress {
        if (value == null || !SHAPE.matcher(value).matches() || !value.equals(value.trim().toLowerCase(Locale.ROOT))) {
            throw new InvalidValueException("email", "email", "not a normalized email address");
        }
    }

    public static EmailAddress of(String raw) {
        if (raw == null) {
            throw new InvalidValueException("email", "required", "an email address is required");
        }
        return new EmailAddress(raw.trim().toLowerCase(Locale.ROOT));
    }

    public String sha256() {
        return Hashing.sha256Hex(value);
    }

    /** Never the address itself: toString ends up in logs. */
    @Override
    public String toString() {
        return "EmailAddress[" + sha256().substring(0, 12) + "]";
    }
}
