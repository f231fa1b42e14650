package io.cdp.profile.identity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/** A phone number in E.164 form (+4915112345678). */
public record PhoneNumber(String value) {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    public PhoneNumber {
        if (value == null || !value.matches("\\+[1-9]\\d{6,14}")) {
            throw new IllegalArgumentException("phone must be in E.164 form");
        }
    }

    /** Parses a number as written by a person; numbers without a country code use {@code defaultRegion}. */
    public static PhoneNumber of(String raw, String defaultRegion) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("phone must not be blank");
        }
        try {
            var parsed = UTIL.parse(raw.trim(), defaultRegion);
            if (!UTIL.isValidNumber(parsed)) {
                throw new IllegalArgumentException("phone is not a valid number");
            }
            return new PhoneNumber(UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            throw new IllegalArgumentException("phone is not a number: " + e.getErrorType(), e);
        }
    }

    @Override
    public String toString() {
        return "PhoneNumber[redacted]";
    }
}
