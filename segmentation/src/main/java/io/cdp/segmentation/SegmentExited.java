package io.cdp.segmentation;

import java.time.Instant;

import io.cdp.profile.ProfileId;

/**
 * A profile left a segment; {@code entryId} is the entry's. A profile merged into another exits
 * everything, with the cause {@code merged-into:<survivor id>}.
 */
public record SegmentExited(ProfileId profileId, String segmentId, String entryId, String cause, Instant at)
        implements MembershipEvent {
}
