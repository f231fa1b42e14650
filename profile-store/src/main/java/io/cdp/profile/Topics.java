package io.cdp.profile;

/** Kafka topics that connect the modules. */
public final class Topics {

    /** {@link EventIngested} records, from ingestion to identity resolution. */
    public static final String EVENTS = "cdp.events";

    /** Raw Segment-spec JSON from server-side producers; ingestion validates it like HTTP calls. */
    public static final String EVENTS_INPUT = "cdp.events.input";

    /** Events that failed processing, with the reason in headers; replayable from the admin API. */
    public static final String EVENTS_DEAD_LETTER = "cdp.events.dlt";

    /** ProfileChanged / ProfileMerged / ProfileErased records, from the profile store to segmentation. */
    public static final String PROFILE_CHANGES = "cdp.profile-changes";

    private Topics() {
    }
}
