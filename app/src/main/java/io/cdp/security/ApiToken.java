package io.cdp.security;

import java.time.Instant;

/**
 * A machine credential sent as {@code Authorization: Bearer cdp.<id>.<secret>}. Stored under
 * its id with only the secret's SHA-256, so a lookup is one real-time GET and a leaked index
 * reveals no usable token.
 */
record ApiToken(String id, String name, Role role, Instant createdAt, String secretDigest) {

    static final String PREFIX = "cdp.";

    /** What the API shows: everything but the digest. */
    record View(String id, String name, Role role, Instant createdAt) {
    }

    View view() {
        return new View(id, name, role, createdAt);
    }
}
