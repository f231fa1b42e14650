package io.cdp.security;

import io.cdp.platform.web.InvalidRequestException;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A person who signs in with HTTP Basic. Stored in cdp-users with a BCrypt hash only, under the
 * lowercased username: names are unique whatever their case, and a create-only write of that key
 * settles two concurrent creations of one name.
 */
record UserAccount(String username, String passwordHash, Role role, Instant createdAt) {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{3,64}");

    static String validUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidRequestException("username", "must be 3 to 64 letters, digits or . _ @ -");
        }
        return username;
    }

    /** What identifies an account: {@code Admin} and {@code admin} are one name. */
    static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }
}
