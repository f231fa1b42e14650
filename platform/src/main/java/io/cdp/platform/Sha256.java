package io.cdp.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 in lowercase hex, the one way the platform derives ids and keys from content (event keys, entry ids,
 * identity claims, token and write-key digests, messageIds of imported rows). The hex is written by a table lookup:
 * {@code java.util.HexFormat} on Java 17 took three quarters of the time of hashing a membership change's entry id.
 */
public final class Sha256 {

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Sha256() {
    }

    /** The digest of {@code content}, 64 hex digits. */
    public static String hex(byte[] content) {
        return hexOf(digest(content));
    }

    /** The digest of the UTF-8 bytes of {@code text}, 64 hex digits. */
    public static String hex(String text) {
        return hex(text, 32);
    }

    /** The first {@code bytes} bytes of the digest of the UTF-8 bytes of {@code text}, {@code 2 × bytes} hex digits. */
    public static String hex(String text, int bytes) {
        return hexOf(digest(text.getBytes(StandardCharsets.UTF_8)), bytes);
    }

    /** Any bytes (a MAC, random bytes) in lowercase hex, two digits a byte. */
    public static String hexOf(byte[] bytes) {
        return hexOf(bytes, bytes.length);
    }

    private static String hexOf(byte[] bytes, int length) {
        char[] hex = new char[2 * length];
        for (int i = 0; i < length; i++) {
            hex[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
            hex[2 * i + 1] = DIGITS[bytes[i] & 0xf];
        }
        return new String(hex);
    }

    private static byte[] digest(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
