package io.cdp.security;

import java.time.Instant;
import java.util.regex.Pattern;

/** A person who signs in with HTTP Basic. Stored in cdp-users with a BCrypt hash only. */
record UserAccount(String username, String passwordHash, Role role, Instant createdAt) {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{3,64}");

    static String validUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidRequestException("username", "must be 3 to 64 letters, digits or . _ @ -");
        }
        return username;
    }
}
