package io.cdp.security;

import java.security.SecureRandom;
import java.util.Base64;

import io.cdp.platform.Sha256;

/** Random secrets and their one-way digests: secrets are shown once and stored only hashed. */
final class Credentials {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Credentials() {
    }

    static String randomSecret(String prefix) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** API tokens are high-entropy, so a fast digest is enough and keeps lookups a plain GET. */
    static String sha256(String secret) {
        return Sha256.hex(secret);
    }
}
