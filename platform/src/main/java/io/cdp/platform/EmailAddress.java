package io.cdp.platform;

import java.util.Locale;
import java.util.regex.Pattern;

/** An email address, trimmed and lowercased: the form identities are matched and audiences hashed in. */
public record EmailAddress(String value) {

    private static final Pattern SHAPE = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    public EmailAddress {
        if (value == null || !SHAPE.matcher(value).matches() || !value.equals(value.trim().toLowerCase(Locale.ROOT))) {
            throw new InvalidValueException("email", "email", "not a trimmed, lowercased email address");
        }
    }

    public static EmailAddress of(String raw) {
        if (raw == null) {
            throw new InvalidValueException("email", "required", "an email address is required");
        }
        return new EmailAddress(raw.trim().toLowerCase(Locale.ROOT));
    }

    /** Never the address itself: toString ends up in logs. */
    @Override
    public String toString() {
        return "EmailAddress[redacted]";
    }
}
