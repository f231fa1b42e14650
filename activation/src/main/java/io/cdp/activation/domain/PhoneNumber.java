package io.cdp.activation.domain;

import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * A phone number in E.164 ({@code +4915112345678}). Platforms disagree on the form they hash:
 * Google wants E.164 with the plus, Meta digits with the country code and no plus.
 */
public record PhoneNumber(String e164) {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    public PhoneNumber {
        if (e164 == null || !E164.matcher(e164).matches()) {
            throw new InvalidValueException("phone", "e164", "not an E.164 phone number");
        }
    }

    /** Parses what people type; numbers without a country code are read in {@code defaultRegion}. */
    public static PhoneNumber of(String raw, String defaultRegion) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidValueException("phone", "required", "a phone number is required");
        }
        try {
            var parsed = UTIL.parse(raw.trim(), defaultRegion);
            if (!UTIL.isPossibleNumber(parsed)) {
                throw new InvalidValueException("phone", "possibleNumber", "not a possible phone number");
            }
            return new PhoneNumber(UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            throw new InvalidValueException("phone", "parse", "not a phone number");
        }
    }

    /**
     * A phone number as the profile store keeps it: already E.164 (normalised there with the same
     * library), so taken as it is; parsing it again cost an audience sync more than hashing it.
     * Anything else is parsed like {@link #of}.
     */
    public static PhoneNumber stored(String value, String defaultRegion) {
        return value != null && E164.matcher(value).matches() ? new PhoneNumber(value) : of(value, defaultRegion);
    }

    public String metaForm() {
        return e164.substring(1);
    }

    public String metaSha256() {
        return Hashing.sha256Hex(metaForm());
    }

    public String googleSha256() {
        return Hashing.sha256Hex(e164);
    }

    @Override
    public String toString() {
        return "PhoneNumber[" + googleSha256().substring(0, 12) + "]";
    }
}
