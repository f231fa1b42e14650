package io.cdp.segmentation.membership;

import io.cdp.platform.Sha256;

/**
 * Entry ids are derived, never random: re-evaluating the same change (a Kafka replay, a resumed
 * run page) yields the same id, which is what activation deduplicates its sends on.
 */
final class EntryIds {

    private EntryIds() {
    }

    static String of(String profileId, String segmentId, String cause) {
        return Sha256.hex(profileId + '\n' + segmentId + '\n' + cause, 16);
    }
}
