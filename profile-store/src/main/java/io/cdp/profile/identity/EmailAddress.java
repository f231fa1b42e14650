package io.cdp.profile.identity;

import java.util.Locale;
import java.util.regex.Pattern;

/** An email address, trimmed and lowercased. */
public record EmailAddress(String value) {

    private static final Pattern SHAPE = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    public EmailAddress {
        if (value == null || !SHAPE.matcher(value).matches() || !value.equals(value.trim().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("email must be a trimmed, lowercased address");
        }
    }

    public static EmailAddress of(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("email must not be null");
        }
        return new EmailAddress(raw.trim().toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return "EmailAddress[redacted]";
    }
}
