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
        if (!value.matches("[0-9a-f]{28}")) {
            throw new IllegalArgumentException("a profile id is 28 lowercase hex digits");
        }
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
