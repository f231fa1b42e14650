package io.cdp.activation.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for destination secrets at rest: {@code b1:base64(iv || ciphertext+tag)}, bound to
 * the destination and the secret's name as associated data, so a sealed value opens only where it
 * was set. Values without the {@code b1:} prefix were sealed before secrets were bound (no
 * associated data); they are sealed bound on the destination's next save.
 */
public final class SecretBox {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IV_BYTES = 12;

    private final SecretKeySpec key;

    public SecretBox(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the secrets key is 32 bytes (base64 of 32 random bytes)");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    private static final String BOUND = "b1:";

    /** @param boundTo what the secret belongs to: it opens only with the same value */
    public String seal(String plain, String boundTo) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return BOUND + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv)
                    .put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JRE", e);
        }
    }

    public String open(String sealed, String boundTo) {
        try {
            boolean bound = sealed.startsWith(BOUND);
            byte[] bytes = Base64.getDecoder().decode(bound ? sealed.substring(BOUND.length()) : sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, IV_BYTES));
            if (bound) {
                cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            }
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a destination secret cannot be decrypted with the configured key for this destination", e);
        }
    }
}
