package io.cdp.segmentation;

/**
 * The current-memberships index (one document per profile, its id the profile id) and the append-only membership
 * history for modules that aggregate over members (reporting's KPIs by segment, persona and stage, by current
 * members or by membership at the time of each event). Under {@code cdp.segmentation.index-prefix}.
 */
public final class MembershipFields {

    public static final String PROFILE_ID = "profileId";
    public static final String SEGMENT_IDS = "segmentIds";
    public static final String PERSONA_ID = "personaId";
    public static final String STAGE = "stage";
    /** Set once the profile was merged away: it belongs to nothing any more. */
    public static final String MERGED_INTO = "mergedInto";

    /**
     * History: one document per profile and cause, with the time it was applied ({@link #HISTORY_AT}) and the segment
     * ids the profile entered and exited then ({@link #HISTORY_ENTERED}, {@link #HISTORY_EXITED}, keywords). A
     * merged-away profile exits everything when it is merged.
     */
    public static final String HISTORY_PROFILE_ID = "profileId";
    public static final String HISTORY_AT = "at";
    public static final String HISTORY_ENTERED = "entered";
    public static final String HISTORY_EXITED = "exited";

    private MembershipFields() {
    }

    public static String index(String indexPrefix) {
        return indexPrefix + "memberships";
    }

    public static String history(String indexPrefix) {
        return indexPrefix + "membership-history";
    }
}
