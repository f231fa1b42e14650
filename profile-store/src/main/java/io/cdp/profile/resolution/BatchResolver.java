package io.cdp.profile.resolution;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cdp.profile.EventIngested;
import io.cdp.profile.domain.ProfileDocument;
import io.cdp.profile.domain.ProfileFolding;
import io.cdp.profile.identity.Identifier;
import io.cdp.profile.store.IdentityClaim;
import io.cdp.profile.store.ProfileStore;
import io.cdp.profile.store.Versioned;

/**
 * Applies many events at once in the common case where identity resolution has nothing to decide:
 * every identifier of the event is claimed already and leads to one settled profile that needs no
 * userId reservation. The claims and profiles of all events are read with a few {@code mget}s, each
 * profile's events are folded in memory, and all profiles are written in one {@code _bulk} with
 * {@code if_seq_no}. Whatever needs a decision is left to the per-event {@link IdentityResolver}.
 */
public final class BatchResolver {

    /** Redirect hops followed per batch; chains are short because survivors are the oldest profiles. */
    private static final int MAX_HOPS = 16;

    /** An event of the batch still to be applied; {@code needsResolver} once the batch path lost a race. */
    record PendingEvent(int index, EventIngested event, String key, List<Identifier> identifiers,
            boolean needsResolver) {

        PendingEvent viaResolver() {
            return new PendingEvent(index, event, key, identifiers, true);
        }
    }

    /**
     * The batch split in two: events for the per-event resolver, and the others grouped by the
     * profile they all resolve to (at most {@link ProfileFolding#maxEventsPerWrite()} per profile;
     * the rest are {@code deferred} to a later round).
     */
    record Plan(List<PendingEvent> perEvent, Map<String, List<PendingEvent>> byProfile,
            Map<String, Versioned<ProfileDocument>> profiles, List<PendingEvent> deferred) {
    }

    /** An event whose profile write succeeded, with what it did. */
    record Applied(PendingEvent event, ResolutionOutcome outcome) {
    }

    /** The events applied, and those whose profile someone else wrote meanwhile. */
    record Written(List<Applied> applied, List<PendingEvent> lost) {
    }

    private final ProfileStore store;
    private final ProfileFolding folding;
    private final Clock clock;

    public BatchResolver(ProfileStore store, ProfileFolding folding, Clock clock) {
        this.store = store;
        this.folding = folding;
        this.clock = clock;
    }

    Plan plan(List<PendingEvent> pending) {
        Set<Identifier> identifiers = new LinkedHashSet<>();
        pending.stream().filter(e -> !e.needsResolver()).forEach(e -> identifiers.addAll(e.identifiers()));
        Map<Identifier, IdentityClaim> claims = store.claims(List.copyOf(identifiers));
        Set<String> claimed = new HashSet<>();
        claims.values().forEach(c -> claimed.add(c.profileId()));
        Map<String, Versioned<ProfileDocument>> rootOf = roots(claimed);

        List<PendingEvent> perEvent = new ArrayList<>();
        Map<String, List<PendingEvent>> byProfile = new LinkedHashMap<>();
        Map<String, Versioned<ProfileDocument>> profiles = new HashMap<>();
        List<PendingEvent> deferred = new ArrayList<>();
        for (PendingEvent event : pending) {
            Versioned<ProfileDocument> root = event.needsResolver() ? null : settledRoot(event, claims, rootOf);
            if (root == null) {
                perEvent.add(event);
                continue;
            }
            List<PendingEvent> group = byProfile.computeIfAbsent(root.document().id, id -> new ArrayList<>());
            if (group.size() < folding.maxEventsPerWrite()) {
                group.add(event);
                profiles.put(root.document().id, root);
            } else {
                deferred.add(event);
            }
        }
        return new Plan(perEvent, byProfile, profiles, deferred);
    }

    /**
     * Folds each group into its profile and writes them all; a fold that fails (an invalid
     * event) throws before anything is written, so the caller can retry without that event.
     */
    Written write(Plan plan) {
        List<Applied> folded = new ArrayList<>();
        List<Versioned<ProfileDocument>> changed = new ArrayList<>();
        plan.byProfile().forEach((profileId, events) -> {
            Versioned<ProfileDocument> versioned = plan.profiles().get(profileId);
            ProfileDocument profile = versioned.document();
            boolean modified = false;
            for (PendingEvent event : events) {
                Set<String> fields;
                if (folding.alreadyApplied(profile, event.key())) {
                    // A replay after a crash between the profile write and the timeline write: announce it again.
                    fields = folding.fieldsOf(event.event(), event.identifiers());
                } else {
                    try {
                        fields = folding.apply(profile, event.event(), event.key(), event.identifiers(),
                                clock.instant());
                    } catch (RuntimeException e) {
                        throw new EventBatchProcessor.EventFailure(event.index(), e);
                    }
                    modified = true;
                }
                folded.add(new Applied(event, new ResolutionOutcome(profileId, fields, Map.of(), 0)));
            }
            if (modified) {
                changed.add(versioned);
            }
        });
        Set<String> lostIds = store.updateProfiles(changed);
        List<Applied> applied = new ArrayList<>();
        List<PendingEvent> lost = new ArrayList<>();
        for (Applied candidate : folded) {
            if (lostIds.contains(candidate.outcome().profileId())) {
                lost.add(candidate.event().viaResolver());
            } else {
                applied.add(candidate);
            }
        }
        return new Written(applied, lost);
    }

    /** The one live profile all the event's identifiers resolve to, when nothing is left to decide. */
    private static Versioned<ProfileDocument> settledRoot(PendingEvent event, Map<Identifier, IdentityClaim> claims,
            Map<String, Versioned<ProfileDocument>> rootOf) {
        Versioned<ProfileDocument> root = null;
        for (Identifier identifier : event.identifiers()) {
            IdentityClaim claim = claims.get(identifier);
            Versioned<ProfileDocument> candidate = claim == null ? null : rootOf.get(claim.profileId());
            if (candidate == null || root != null && candidate != root) {
                return null;
            }
            root = candidate;
        }
        ProfileDocument profile = root.document();
        String userId = IdentityResolver.userIdOf(event.identifiers());
        boolean settled = profile.pendingMerges.isEmpty() && (userId == null || userId.equals(profile.userId));
        return settled ? root : null;
    }

    /**
     * The live root of each claimed profile id, following {@code mergedInto} redirects with one
     * {@code mget} per hop. Ids whose profile is missing (its creator has not written it yet) have
     * no entry: the per-event resolver repairs them. Ids sharing a root share one instance.
     */
    private Map<String, Versioned<ProfileDocument>> roots(Set<String> claimed) {
        Map<String, Versioned<ProfileDocument>> loaded = new HashMap<>();
        Set<String> toLoad = new HashSet<>(claimed);
        for (int hop = 0; hop < MAX_HOPS && !toLoad.isEmpty(); hop++) {
            Map<String, Versioned<ProfileDocument>> found = store.profiles(toLoad);
            loaded.putAll(found);
            toLoad = new HashSet<>();
            for (Versioned<ProfileDocument> profile : found.values()) {
                String next = profile.document().mergedInto;
                if (next != null && !loaded.containsKey(next)) {
                    toLoad.add(next);
                }
            }
        }
        Map<String, Versioned<ProfileDocument>> rootOf = new HashMap<>();
        for (String id : claimed) {
            String current = id;
            for (int hop = 0; hop <= MAX_HOPS && loaded.containsKey(current); hop++) {
                ProfileDocument profile = loaded.get(current).document();
                if (profile.mergedInto == null) {
                    rootOf.put(id, loaded.get(current));
                    break;
                }
                current = profile.mergedInto;
            }
        }
        return rootOf;
    }
}
