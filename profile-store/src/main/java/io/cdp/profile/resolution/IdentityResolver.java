package io.cdp.profile.resolution;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

import io.cdp.platform.EventIngested;
import io.cdp.profile.ProfileId;
import io.cdp.profile.domain.ProfileDocument;
import io.cdp.profile.domain.ProfileFolding;
import io.cdp.profile.identity.Identifier;
import io.cdp.profile.identity.IdentifierExtractor;
import io.cdp.profile.store.EventDocument;
import io.cdp.profile.store.IdentityClaim;
import io.cdp.profile.store.ProfileStore;
import io.cdp.profile.store.Versioned;

/**
 * Identity resolution and profile update for one event, safe with any number of concurrent
 * resolvers and crashes at any point. Every step is a conditional write; when a write loses a race
 * the whole resolution starts again from fresh reads, so progress made by others is reused.
 * <p>
 * Merge protocol (one pending merge per survivor at a time): (a) survivor S records loser L in
 * {@code pendingMerges}; (b) L gets {@code mergedInto=S} if it is still a root compatible with S,
 * else the intent is dropped; (c) L's frozen data is folded into S and L moves to
 * {@code absorbedProfiles}. Whoever loads a profile with a pending merge completes it first, so a
 * crash anywhere is repaired by the next reader. Redirects always point to a smaller id, so they
 * never form a cycle.
 */
@Component
public final class IdentityResolver {

    private static final int MAX_ATTEMPTS = 64;

    private final ProfileStore store;
    private final IdentifierExtractor extractor;
    private final ProfileFolding folding;
    private final Clock clock;

    public IdentityResolver(ProfileStore store, IdentifierExtractor extractor, ProfileFolding folding, Clock clock) {
        this.store = store;
        this.extractor = extractor;
        this.folding = folding;
        this.clock = clock;
    }

    /** The event's normalized identifiers, strongest first; never empty. */
    public List<Identifier> identifiersOf(EventIngested event) {
        List<Identifier> identifiers = extractor.extract(event);
        if (identifiers.isEmpty()) {
            throw new UnresolvableEventException("the event has no usable identifier (all blank or blocked)");
        }
        return identifiers;
    }

    /** The event's userId as an identifier value, or null: the extractor puts it first. */
    static String userIdOf(List<Identifier> identifiers) {
        return identifiers.get(0).type().equals(Identifier.USER_ID) ? identifiers.get(0).value() : null;
    }

    public ResolutionOutcome process(EventIngested event, String eventKey) {
        List<Identifier> identifiers = identifiersOf(event);
        String eventUserId = userIdOf(identifiers);
        Map<String, List<String>> merges = new TreeMap<>();
        Set<String> changed = new TreeSet<>();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Map<Identifier, IdentityClaim> claims = store.claims(identifiers);
            Map<Identifier, Versioned<ProfileDocument>> rootOf = new LinkedHashMap<>();
            Map<String, Versioned<ProfileDocument>> roots = new HashMap<>();
            for (Map.Entry<Identifier, IdentityClaim> claim : claims.entrySet()) {
                Versioned<ProfileDocument> root = roots.values().stream()
                        .filter(r -> r.document().id.equals(claim.getValue().profileId())
                                || r.document().absorbedProfiles.contains(claim.getValue().profileId()))
                        .findFirst()
                        .orElseGet(() -> loadRoot(claim.getValue().profileId(), claim.getValue().userId(), merges));
                roots.put(root.document().id, root);
                rootOf.put(claim.getKey(), root);
            }
            String anchorUserId = eventUserId != null ? eventUserId
                    : identifiers.stream().filter(rootOf::containsKey).map(i -> rootOf.get(i).document().userId)
                            .filter(Objects::nonNull).findFirst().orElse(null);
            List<Versioned<ProfileDocument>> compatible = roots.values().stream()
                    .filter(r -> r.document().userId == null || r.document().userId.equals(anchorUserId))
                    .sorted(Comparator.comparing(r -> r.document().id)).toList();
            List<Identifier> unclaimed = identifiers.stream().filter(i -> !claims.containsKey(i)).toList();

            if (compatible.isEmpty()) {
                if (!createProfile(unclaimed, eventUserId)) {
                    continue;
                }
                continue;
            }
            Versioned<ProfileDocument> survivor = compatible.get(0);
            if (compatible.size() > 1) {
                merge(survivor, compatible.get(1), merges);
                continue;
            }
            ProfileDocument profile = survivor.document();
            if (eventUserId != null && profile.userId == null) {
                // Reserve the userId on the profile before claiming it, so two userIds never land on one profile.
                profile.userId = eventUserId;
                store.updateProfile(profile, survivor);
                continue;
            }
            // Every identifier must resolve to this profile before the event is applied: then two
            // concurrent deliveries of one event can only ever apply it to the same profile.
            boolean claimsSettled = true;
            for (Identifier identifier : unclaimed) {
                Optional<IdentityClaim> other = store.claim(identifier, profile.id, profile.userId);
                if (other.isPresent() && !other.get().profileId().equals(profile.id)) {
                    claimsSettled = false;
                }
            }
            if (!claimsSettled) {
                continue;
            }
            if (folding.alreadyApplied(profile, eventKey) || !folding.remembersEveryEvent(profile)
                    && !store.existingEvents(List.of(EventDocument.of(event, eventKey, null, null))).isEmpty()) {
                // A replay after a crash before the notices went out: announce the change and the
                // profile's merges again, as the lost notices of its round may have named them.
                changed.addAll(folding.fieldsOf(event, identifiers));
                if (!profile.absorbedProfiles.isEmpty()) {
                    List<String> announced = merges.computeIfAbsent(profile.id, k -> new ArrayList<>());
                    profile.absorbedProfiles.stream().filter(id -> !announced.contains(id)).forEach(announced::add);
                }
            } else {
                List<Identifier> own = new ArrayList<>(unclaimed);
                rootOf.forEach((identifier, root) -> {
                    if (root.document().id.equals(profile.id)) {
                        own.add(identifier);
                    }
                });
                Set<String> fields = folding.apply(profile, event, eventKey, own, now());
                if (!store.updateProfile(profile, survivor)) {
                    continue;
                }
                changed.addAll(fields);
            }
            int conflicts = recordConflicts(profile.id, event, rootOf, compatible);
            return new ResolutionOutcome(profile.id, changed, merges, conflicts);
        }
        throw new RetryLaterException("identity resolution did not settle after " + MAX_ATTEMPTS + " attempts");
    }

    /** Follows redirects to the live profile and completes its pending merge first. */
    public Versioned<ProfileDocument> loadRoot(String profileId, String userIdHint, Map<String, List<String>> merges) {
        String id = profileId;
        for (int step = 0; step < MAX_ATTEMPTS * 4; step++) {
            Optional<Versioned<ProfileDocument>> found = store.profile(id);
            if (found.isEmpty()) {
                if (!id.equals(profileId)) {
                    throw new RetryLaterException("a merge redirect points to a missing profile");
                }
                // The claim exists but the creator has not written (or crashed before writing) the profile.
                ProfileDocument shell = ProfileDocument.create(id, now());
                shell.userId = userIdHint;
                store.createProfile(shell);
                continue;
            }
            ProfileDocument doc = found.get().document();
            if (doc.mergedInto != null) {
                id = doc.mergedInto;
            } else if (!doc.pendingMerges.isEmpty()) {
                completePendingMerge(found.get(), merges);
            } else {
                return found.get();
            }
        }
        throw new RetryLaterException("could not load a settled profile");
    }

    private boolean createProfile(List<Identifier> unclaimed, String userId) {
        ProfileId id = ProfileId.newId(now());
        for (Identifier identifier : unclaimed) {
            if (store.claim(identifier, id.value(), userId).isPresent()) {
                return false;
            }
        }
        ProfileDocument profile = ProfileDocument.create(id.value(), now());
        profile.userId = userId;
        return store.createProfile(profile);
    }

    /** Step (a): survivor records the intent; then the intent is completed. */
    private void merge(Versioned<ProfileDocument> survivor, Versioned<ProfileDocument> loser,
            Map<String, List<String>> merges) {
        ProfileDocument s = survivor.document();
        // a loser read before another reader folded it in is no second profile: the next attempt reads again
        if (!compatible(s, loser.document()) || !s.pendingMerges.isEmpty()
                || s.absorbedProfiles.contains(loser.document().id)) {
            return;
        }
        s.pendingMerges.add(loser.document().id);
        if (store.updateProfile(s, survivor)) {
            store.profile(s.id).ifPresent(reread -> completePendingMerge(reread, merges));
        }
    }

    /** Steps (b) and (c) for the survivor's pending merge; idempotent, any reader may run it. */
    private void completePendingMerge(Versioned<ProfileDocument> survivor, Map<String, List<String>> merges) {
        ProfileDocument s = survivor.document();
        String loserId = s.pendingMerges.get(0);
        for (int step = 0; step < MAX_ATTEMPTS; step++) {
            Versioned<ProfileDocument> loser = store.profile(loserId)
                    .orElseThrow(() -> new RetryLaterException("a pending merge names a missing profile"));
            ProfileDocument l = loser.document();
            if (s.id.equals(l.mergedInto)) {
                fold(survivor, loser, merges);
                return;
            }
            if (l.mergedInto != null || !compatible(s, l)) {
                s.pendingMerges.remove(loserId);
                store.updateProfile(s, survivor);
                return;
            }
            if (!l.pendingMerges.isEmpty()) {
                completePendingMerge(loser, merges);
                continue;
            }
            l.mergedInto = s.id;
            l.updatedAt = now();
            store.updateProfile(l, loser);
        }
        throw new RetryLaterException("a pending merge did not settle");
    }

    private void fold(Versioned<ProfileDocument> survivor, Versioned<ProfileDocument> frozenLoser,
            Map<String, List<String>> merges) {
        Versioned<ProfileDocument> current = survivor;
        for (int step = 0; step < MAX_ATTEMPTS; step++) {
            ProfileDocument s = current.document();
            if (!s.pendingMerges.contains(frozenLoser.document().id)) {
                return;
            }
            folding.absorb(s, frozenLoser.document(), now());
            if (store.updateProfile(s, current)) {
                merges.computeIfAbsent(s.id, k -> new ArrayList<>()).add(frozenLoser.document().id);
                return;
            }
            current = store.profile(s.id).orElseThrow(() -> new RetryLaterException("survivor vanished"));
        }
        throw new RetryLaterException("folding a merge did not settle");
    }

    private int recordConflicts(String profileId, EventIngested event,
            Map<Identifier, Versioned<ProfileDocument>> rootOf, List<Versioned<ProfileDocument>> compatible) {
        Set<String> compatibleIds = new LinkedHashSet<>();
        compatible.forEach(c -> compatibleIds.add(c.document().id));
        int recorded = 0;
        for (Map.Entry<Identifier, Versioned<ProfileDocument>> entry : rootOf.entrySet()) {
            String otherId = entry.getValue().document().id;
            if (compatibleIds.contains(otherId)) {
                continue;
            }
            String hash = entry.getKey().hash();
            String reason = "identifier links two profiles with different userIds";
            Instant at = now();
            if (addConflict(profileId, new ProfileDocument.Conflict(otherId, entry.getKey().type(), hash, reason,
                    event.messageId(), at))) {
                recorded++;
            }
            addConflict(otherId, new ProfileDocument.Conflict(profileId, entry.getKey().type(), hash, reason,
                    event.messageId(), at));
        }
        return recorded;
    }

    private boolean addConflict(String profileId, ProfileDocument.Conflict conflict) {
        for (int step = 0; step < MAX_ATTEMPTS; step++) {
            Versioned<ProfileDocument> root = loadRoot(profileId, null, new HashMap<>());
            if (!folding.addConflict(root.document(), conflict)) {
                return false;
            }
            if (store.updateProfile(root.document(), root)) {
                return true;
            }
        }
        throw new RetryLaterException("recording a conflict did not settle");
    }

    private static boolean compatible(ProfileDocument a, ProfileDocument b) {
        return a.userId == null || b.userId == null || a.userId.equals(b.userId);
    }

    private Instant now() {
        return clock.instant();
    }
}
