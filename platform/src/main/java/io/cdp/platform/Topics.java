package io.cdp.platform;

/** The Kafka topics that connect the modules: the one place their default names are written down. */
public final class Topics {

    /** {@link EventIngested} records, from ingestion (and activation's consent changes) to the profile store. */
    public static final String EVENTS = "cdp.events";

    /** Raw Segment-spec JSON from server-side producers; ingestion validates it like HTTP calls. */
    public static final String EVENTS_INPUT = "cdp.events.input";

    /** Events that failed processing, with the reason in headers; replayable from the admin API. */
    public static final String EVENTS_DEAD_LETTER = "cdp.events.dlt";

    /** ProfileChanged / ProfileMerged / ProfileErased records, from the profile store to segmentation. */
    public static final String PROFILE_CHANGES = "cdp.profile-changes";

    /**
     * Profile changes segmentation could never handle (unreadable, not evaluable), as they came, with the
     * reason in header {@code cdp-failure-reason} and the topic they came from in {@code kafka_dlt-original-topic}.
     */
    public static final String PROFILE_CHANGES_SEGMENTATION_DEAD_LETTER = "cdp.profile-changes.segmentation-dlt";

    /** SegmentEntered / SegmentExited records, from segmentation to activation. */
    public static final String MEMBERSHIPS = "cdp.memberships";

    private Topics() {
    }
}
