package io.cdp.segmentation;

/** Default names of the topics segmentation writes besides {@link MembershipEvent#TOPIC}. */
public final class SegmentationTopics {

    /**
     * Profile changes segmentation could never handle (unreadable, not evaluable), as they came, with the
     * reason in header {@code cdp-failure-reason} and the topic they came from in {@code kafka_dlt-original-topic}.
     */
    public static final String PROFILE_CHANGES_DEAD_LETTER = "cdp.profile-changes.segmentation-dlt";

    private SegmentationTopics() {
    }
}
