package io.cdp.segmentation;

import java.time.Instant;

import io.cdp.profile.ProfileId;

/**
 * A profile entered a segment.
 *
 * @param cause what made it enter: the messageId of the event that changed the profile, or the
 *              scheduled run's id when only time passed or the definition changed
 */
public record SegmentEntered(ProfileId profileId, String segmentId, String entryId, String cause, Instant at)
        implements MembershipEvent {
}
