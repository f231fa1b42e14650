package io.cdp.activation.domain;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.cdp.platform.Sha256;

/** HMAC-SHA256 as bytes and as lowercase hex, the form webhook receivers expect (plain SHA-256: {@code Sha256}). */
public final class Hashing {

    private Hashing() {
    }

    public static byte[] hmacSha256(byte[] key, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    public static String hmacSha256Hex(byte[] key, String value) {
        return Sha256.hexOf(hmacSha256(key, value));
    }
}
