package io.cdp.segmentation;

/**
 * The current-memberships index (one document per profile, its id the profile id) for modules that
 * aggregate over members (reporting's KPIs by segment, persona and stage). Under
 * {@code cdp.segmentation.index-prefix}.
 */
public final class MembershipFields {

    public static final String PROFILE_ID = "profileId";
    public static final String SEGMENT_IDS = "segmentIds";
    public static final String PERSONA_ID = "personaId";
    public static final String STAGE = "stage";
    /** Set once the profile was merged away: it belongs to nothing any more. */
    public static final String MERGED_INTO = "mergedInto";

    private MembershipFields() {
    }

    public static String index(String indexPrefix) {
        return indexPrefix + "memberships";
    }
}
