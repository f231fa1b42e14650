package io.cdp.platform;

import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * A phone number in E.164 form ({@code +4915112345678}). One rule everywhere: a number must be valid
 * for its region (libphonenumber's {@code isValidNumber}), so that what identifies a person is also
 * what is sent to an audience.
 */
public record PhoneNumber(String value) {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");

    public PhoneNumber {
        if (value == null || !E164.matcher(value).matches()) {
            throw new InvalidValueException("phone", "e164", "not an E.164 phone number");
        }
    }

    /** Parses a number as written by a person; numbers without a country code use {@code defaultRegion}. */
    public static PhoneNumber of(String raw, String defaultRegion) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidValueException("phone", "required", "a phone number is required");
        }
        try {
            var parsed = UTIL.parse(raw.trim(), defaultRegion);
            if (!UTIL.isValidNumber(parsed)) {
                throw new InvalidValueException("phone", "validNumber", "not a valid phone number");
            }
            return new PhoneNumber(UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            throw new InvalidValueException("phone", "parse", "not a phone number: " + e.getErrorType());
        }
    }

    /**
     * A number as the profile store keeps it: already E.164 (normalised there by {@link #of}), so taken as it
     * is; parsing it again cost an audience sync more than hashing it. Anything else is parsed like {@link #of}.
     */
    public static PhoneNumber stored(String value, String defaultRegion) {
        return value != null && E164.matcher(value).matches() ? new PhoneNumber(value) : of(value, defaultRegion);
    }

    /** Never the number itself: toString ends up in logs. */
    @Override
    public String toString() {
        return "PhoneNumber[redacted]";
    }
}
