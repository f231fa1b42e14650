package io.cdp.profile;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A profile's id: 12 hex digits of creation time in milliseconds, then 16 random hex digits, so
 * that ids sort by age and the oldest profile of a merge (the survivor) is the smallest id.
 */
public record ProfileId(@JsonValue String value) implements Comparable<ProfileId> {

    private static final SecureRandom RANDOM = new SecureRandom();

    public ProfileId {
        Objects.requireNonNull(value, "value");
        if (!isLowercaseHex(value, 28)) {
            throw new IllegalArgumentException("a profile id is 28 lowercase hex digits");
        }
    }

    /** Without a regular expression: ids are made by the hundred thousand in a scheduled run, compiling it each time. */
    private static boolean isLowercaseHex(String value, int length) {
        if (value.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    @JsonCreator
    public static ProfileId of(String value) {
        return new ProfileId(value);
    }

    public static ProfileId newId(Instant now) {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return new ProfileId(String.format("%012x", now.toEpochMilli()) + HexFormat.of().formatHex(random));
    }

    @Override
    public int compareTo(ProfileId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
