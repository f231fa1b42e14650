package io.cdp.activation.domain;

import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic holdout: the same person is always in or out of an activation's holdout, on every
 * instance and replay, and independently across activations.
 */
public final class Holdout {

    private Holdout() {
    }

    /** Whether the profile is in the holdout of {@code percent} % (0 to 100, two decimals). */
    public static boolean heldOut(String profileId, String activationId, double percent) {
        if (percent <= 0) {
            return false;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((profileId + ":" + activationId).getBytes(StandardCharsets.UTF_8));
            long bucket = Long.remainderUnsigned(ByteBuffer.wrap(digest).getLong(), 10_000);
            return bucket < Math.round(percent * 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
