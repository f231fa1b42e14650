package io.cdp.profile.identity;

import java.util.Objects;

import io.cdp.platform.Sha256;

/**
 * One identifier of a person, already normalized. {@code type} is {@code user_id},
 * {@code anonymous_id}, {@code email}, {@code phone} or {@code ext:<externalId type>}.
 */
public record Identifier(String type, String value) {

    public static final String USER_ID = "user_id";
    public static final String ANONYMOUS_ID = "anonymous_id";
    public static final String EMAIL = "email";
    public static final String PHONE = "phone";
    public static final String EXTERNAL_PREFIX = "ext:";

    public Identifier {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if (type.isBlank() || value.isBlank()) {
            throw new IllegalArgumentException("identifier type and value must not be blank");
        }
    }

    /** Maps an API type name ({@code email}, {@code userId}, {@code loyalty_card} ...) to the stored type. */
    public static String canonicalType(String type) {
        return switch (type) {
            case "userId", USER_ID -> USER_ID;
            case "anonymousId", ANONYMOUS_ID -> ANONYMOUS_ID;
            case EMAIL, PHONE -> type;
            default -> type.startsWith(EXTERNAL_PREFIX) ? type : EXTERNAL_PREFIX + type;
        };
    }

    /** Routing priority when identifiers disagree: lower wins (userId > email > phone > external > anonymousId). */
    public int priority() {
        return switch (type) {
            case USER_ID -> 0;
            case EMAIL -> 1;
            case PHONE -> 2;
            case ANONYMOUS_ID -> 4;
            default -> 3;
        };
    }

    /** Document id of the identity claim: a hash, so that no PII lands in ids or logs. */
    public String hash() {
        return Sha256.hex(type + ":" + value);
    }

    @Override
    public String toString() {
        return type + ":#" + hash().substring(0, 12);
    }
}
