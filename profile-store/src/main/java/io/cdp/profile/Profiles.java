package io.cdp.profile;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Read access to live profiles for other modules. Ids of merged-away profiles resolve to their
 * survivor; erased profiles are never returned. Reads are real-time (no refresh needed) except
 * {@link #scan}, which sees what Elasticsearch has refreshed.
 */
public interface Profiles {

    /** The live profile this id is or was merged into. */
    Optional<ProfileSnapshot> find(ProfileId id);

    /** Like {@link #find} for many ids at once; unknown or erased ids are left out, survivors appear once. */
    List<ProfileSnapshot> findAll(Collection<ProfileId> ids);

    /**
     * Like {@link #findAll}, reading only identities and consent: the snapshots' traits, commerce,
     * sessions and rollups are empty. For audiences, which need nothing else, over many profiles.
     */
    List<ProfileSnapshot> findIdentities(Collection<ProfileId> ids);

    /**
     * The live profile that holds this identifier. {@code type} is an API type name: {@code userId},
     * {@code anonymousId}, {@code email}, {@code phone} or an external id type ({@code loyalty_card});
     * the value is normalized first (email lowercased, phone to E.164).
     */
    Optional<ProfileSnapshot> findByIdentifier(String type, String value);

    /**
     * Streams every live profile in ascending id order, {@code pageSize} at a time, through a point in
     * time. Starts after {@code afterId} when given, so a crashed scan resumes where its last
     * finished page ended.
     */
    void scan(ProfileId afterId, int pageSize, Consumer<List<ProfileSnapshot>> page);

    /** How many live profiles there are, as far as Elasticsearch has refreshed (progress totals). */
    long count();

    /**
     * Up to {@code size} live profiles drawn at random; the same {@code seed} draws the same sample
     * while the profiles do not change. For estimates, not for processing everything.
     */
    List<ProfileSnapshot> sample(int size, long seed);
}
