package io.cdp.segmentation.membership;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Entry ids are derived, never random: re-evaluating the same change (a Kafka replay, a resumed
 * run page) yields the same id, which is what activation deduplicates its sends on.
 */
final class EntryIds {

    private EntryIds() {
    }

    static String of(String profileId, String segmentId, String cause) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((profileId + '\n' + segmentId + '\n' + cause).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
