package io.cdp.segmentation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.cdp.platform.Topics;
import io.cdp.profile.ProfileId;

/**
 * A membership change, published on {@link Topics#MEMBERSHIPS} keyed by profile id after it is stored. The
 * JSON names its kind in {@code "type"}. Delivery is at-least-once: consumers deduplicate by
 * {@link #entryId()}, which is the same for every delivery of one membership entry.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(SegmentEntered.class), @JsonSubTypes.Type(SegmentExited.class)})
public sealed interface MembershipEvent permits SegmentEntered, SegmentExited {

    ProfileId profileId();

    String segmentId();

    /** Identifies one membership entry (from entering to exiting), stable across replays. */
    String entryId();
}
