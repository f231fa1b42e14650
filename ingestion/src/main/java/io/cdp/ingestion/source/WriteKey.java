package io.cdp.ingestion.source;

import java.security.SecureRandom;
import java.util.Base64;

import io.cdp.platform.Sha256;

/** Write-key generation and hashing; keys are stored only as SHA-256 hashes. */
final class WriteKey {

    static final int PREFIX_LENGTH = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WriteKey() {
    }

    static String generate() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String prefix(String key) {
        return key.substring(0, Math.min(PREFIX_LENGTH, key.length()));
    }

    static String hash(String key) {
        return Sha256.hex(key);
    }
}
