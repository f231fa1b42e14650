package io.cdp.profile.resolution;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import lombok.RequiredArgsConstructor;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

import io.cdp.platform.EventIngested;
import io.cdp.profile.ProfileId;
import io.cdp.profile.domain.ProfileDocument;
import io.cdp.profile.domain.ProfileFolding;
import io.cdp.profile.identity.Identifier;
import io.cdp.profile.store.EventDocument;
import io.cdp.profile.store.IdentityClaim;
import io.cdp.profile.store.ProfileStore;
import io.cdp.profile.store.Versioned;

/**
 * Applies many events at once where identity resolution decides nothing unusual: the events that
 * share identifiers lead to at most {@value #MAX_MERGED} settled profiles (merged then), and all of it
 * holds at most one userId. Claims and profiles of the whole batch are read with a few {@code mget}s; the events
 * of each profile (an existing one, or a new one for identifiers nobody has claimed) are folded
 * in memory; then userIds new to their profile are reserved and merges prepared, the new
 * identifiers are claimed create-only, and, only where every claim was won, the profiles are
 * written, each step one {@code _bulk} (profile writes create-only or {@code if_seq_no}).
 * Larger merges, conflicts and repeatedly lost races are left to the per-event
 * {@link IdentityResolver}.
 */
@Component
@RequiredArgsConstructor
public final class BatchResolver {

    /** Settled profiles one group may merge; a component linking more goes to the per-event resolver. */
    static final int MAX_MERGED = 8;

    /** Redirect hops followed per batch; chains are short because survivors are the oldest profiles. */
    private static final int MAX_HOPS = 16;

    /** Batch writes an event may lose to concurrent writers before the per-event resolver takes it. */
    private static final int RACES_BEFORE_RESOLVER = 2;

    /** An event of the batch still to be applied, and how many races its batch writes lost. */
    record PendingEvent(int index, EventIngested event, String key, List<Identifier> identifiers, int lostRaces) {

        /** Read again next round: usually the batch path then applies it; after repeated losses the resolver does. */
        PendingEvent lostRace() {
            return new PendingEvent(index, event, key, identifiers, lostRaces + 1);
        }

        boolean needsResolver() {
            return lostRaces >= RACES_BEFORE_RESOLVER;
        }

        String userId() {
            return IdentityResolver.userIdOf(identifiers);
        }
    }

    /**
     * Events that go into one profile: a settled one as read ({@code readAt}), or a new one. Two
     * steps of {@link IdentityResolver}'s protocol may come first, each a write of its own: when the
     * events bring the profile its userId, {@code reservesUserId} (it goes on the profile before any
     * claim, so two userIds never land on one profile); when they link it to other settled
     * profiles, those are {@code absorbed} (merge intents on the survivor, redirects on the losers,
     * then the fold). Reservation and merge intents are one write of the survivor.
     */
    static final class Group {
        private final ProfileDocument profile;
        private Versioned<ProfileDocument> readAt;
        private boolean reservesUserId;
        private List<Versioned<ProfileDocument>> absorbed = List.of();
        private final List<PendingEvent> events = new ArrayList<>();
        private final Map<Identifier, IdentityClaim> newClaims = new LinkedHashMap<>();
        /** Whether an event was folded in, rather than found applied already (a replay). */
        private boolean changed;

        private Group(ProfileDocument profile, Versioned<ProfileDocument> readAt) {
            this.profile = profile;
            this.readAt = readAt;
        }

        private boolean isNew() {
            return readAt == null;
        }

        /** The userId the profile has once the group is applied. */
        private String userId() {
            if (profile.userId != null) {
                return profile.userId;
            }
            return absorbed.stream().map(loser -> loser.document().userId).filter(Objects::nonNull).findFirst()
                    .orElse(null);
        }
    }

    /**
     * The batch split in three: events for the per-event resolver (in index order), groups for
     * the batch write, and events {@code deferred} to a later round because their profile already
     * takes {@link ProfileFolding#maxEventsPerWrite()} events in this one.
     */
    record Plan(List<PendingEvent> perEvent, List<Group> groups, List<PendingEvent> deferred) {
    }

    /** An event whose profile write succeeded, with what it did. */
    record Applied(PendingEvent event, ResolutionOutcome outcome) {
    }

    /** The events applied, and those whose identifiers or profile someone else wrote meanwhile. */
    record Written(List<Applied> applied, List<PendingEvent> lost) {
    }

    private final ProfileStore store;
    private final ProfileFolding folding;
    private final Clock clock;

    Plan plan(List<PendingEvent> pending) {
        Set<Identifier> identifiers = new LinkedHashSet<>();
        pending.stream().filter(e -> !e.needsResolver()).forEach(e -> identifiers.addAll(e.identifiers()));
        Map<Identifier, IdentityClaim> claims = store.claims(List.copyOf(identifiers));
        Set<String> claimed = new HashSet<>();
        claims.values().forEach(c -> claimed.add(c.profileId()));
        Map<String, Versioned<ProfileDocument>> rootOf = roots(claimed);

        // Union-find over the events' identifiers; a claimed identifier is represented by its profile id.
        Map<Object, Object> links = new HashMap<>();
        List<PendingEvent> perEvent = new ArrayList<>();
        List<PendingEvent> linked = new ArrayList<>();
        List<Object> anchors = new ArrayList<>();
        Map<String, Versioned<ProfileDocument>> profiles = new HashMap<>();
        for (PendingEvent event : pending) {
            List<Object> nodes = event.needsResolver() ? null : nodes(event, claims, rootOf, profiles);
            if (nodes == null) {
                perEvent.add(event);
                continue;
            }
            nodes.forEach(node -> union(links, nodes.get(0), node));
            linked.add(event);
            anchors.add(nodes.get(0));
        }
        Map<Object, List<PendingEvent>> components = new LinkedHashMap<>();
        for (int i = 0; i < linked.size(); i++) {
            components.computeIfAbsent(find(links, anchors.get(i)), c -> new ArrayList<>()).add(linked.get(i));
        }

        List<Group> groups = new ArrayList<>();
        List<PendingEvent> deferred = new ArrayList<>();
        Instant now = clock.instant();
        components.values().forEach(events -> {
            Group group = group(events, claims, rootOf, profiles, now);
            if (group == null) {
                perEvent.addAll(events);
                return;
            }
            for (PendingEvent event : events) {
                if (group.events.size() == folding.maxEventsPerWrite()) {
                    deferred.add(event);
                    continue;
                }
                group.events.add(event);
                for (Identifier identifier : event.identifiers()) {
                    if (!claims.containsKey(identifier)) {
                        group.newClaims.putIfAbsent(identifier, new IdentityClaim(identifier.type(),
                                identifier.value(), group.profile.id, group.userId()));
                    }
                }
            }
            groups.add(group);
        });
        perEvent.sort(Comparator.comparingInt(PendingEvent::index));
        return new Plan(perEvent, groups, deferred);
    }

    /**
     * Folds each group's events into its profile, claims the new identifiers and writes the
     * profiles whose claims were all won. A fold that fails (an invalid event) throws before
     * anything is written, so the caller can retry without that event.
     */
    Written write(Plan plan) {
        List<PendingEvent> lost = new ArrayList<>();
        List<Group> groups = prepare(plan.groups(), lost);
        groups.forEach(this::absorb);
        Set<String> onTimeline = onTimeline(groups);
        Map<Group, List<Applied>> folded = new LinkedHashMap<>();
        for (Group group : groups) {
            folded.put(group, fold(group, onTimeline));
        }
        Map<Identifier, IdentityClaim> claims = new LinkedHashMap<>();
        groups.forEach(group -> claims.putAll(group.newClaims));
        Set<Identifier> taken = store.claimAll(claims);

        List<ProfileDocument> created = new ArrayList<>();
        List<Versioned<ProfileDocument>> updated = new ArrayList<>();
        List<Applied> written = new ArrayList<>();
        folded.forEach((group, applied) -> {
            boolean wonAll = group.newClaims.keySet().stream().noneMatch(taken::contains);
            if (!wonAll) {
                // Someone else claimed one of the identifiers meanwhile: the per-event resolver decides.
                group.events.forEach(event -> lost.add(event.lostRace()));
                if (group.isNew() && !taken.containsAll(group.newClaims.keySet())) {
                    // the claims this batch did win point at the new profile: it must exist, empty
                    ProfileDocument empty = ProfileDocument.create(group.profile.id, group.profile.createdAt);
                    empty.userId = group.profile.userId;
                    created.add(empty);
                }
                return;
            }
            if (group.isNew()) {
                created.add(group.profile);
            } else if (group.changed) {
                updated.add(group.readAt);
            }
            written.addAll(applied);
        });
        Set<String> raced = store.writeProfiles(created, updated);
        List<Applied> applied = new ArrayList<>();
        for (Applied candidate : written) {
            if (raced.contains(candidate.outcome().profileId())) {
                lost.add(candidate.event().lostRace());
            } else {
                applied.add(candidate);
            }
        }
        return new Written(applied, lost);
    }

    /**
     * The protocol steps before the fold, each one {@code _bulk} for all groups: reservations and
     * merge intents, then the losers' redirects. Returns the groups still to apply; the events of
     * a group whose step lost a race go to {@code lost}, and whoever reads its profiles next
     * completes or drops a merge left half done.
     */
    private List<Group> prepare(List<Group> groups, List<PendingEvent> lost) {
        List<Group> kept = new ArrayList<>();
        List<Group> first = new ArrayList<>();
        for (Group group : groups) {
            group.absorbed.forEach(loser -> group.profile.pendingMerges.add(loser.document().id));
            if (!group.absorbed.isEmpty()) {
                group.profile.updatedAt = clock.instant();
            }
            (group.reservesUserId || !group.absorbed.isEmpty() ? first : kept).add(group);
        }
        Map<String, Versioned<ProfileDocument>> intended = store.updateProfiles(
                first.stream().map(g -> g.readAt).toList());
        List<Group> merging = new ArrayList<>();
        for (Group group : first) {
            group.readAt = intended.get(group.profile.id);
            if (group.readAt == null) {
                group.events.forEach(event -> lost.add(event.lostRace()));
            } else {
                (group.absorbed.isEmpty() ? kept : merging).add(group);
            }
        }
        merging.forEach(group -> group.absorbed.forEach(loser -> {
            loser.document().mergedInto = group.profile.id;
            loser.document().updatedAt = clock.instant();
        }));
        Map<String, Versioned<ProfileDocument>> redirected = store.updateProfiles(
                merging.stream().flatMap(g -> g.absorbed.stream()).toList());
        for (Group group : merging) {
            if (group.absorbed.stream().allMatch(loser -> redirected.containsKey(loser.document().id))) {
                kept.add(group);
            } else {
                group.events.forEach(event -> lost.add(event.lostRace()));
            }
        }
        return kept;
    }

    /** Folds the profiles the group merges into its survivor (their rings too, before any replay check). */
    private void absorb(Group group) {
        if (!group.absorbed.isEmpty()) {
            group.absorbed.forEach(loser -> folding.absorb(group.profile, loser.document(), clock.instant()));
            group.changed = true;
        }
    }

    /**
     * The keys of the groups' events that are on the timeline although their profile's applied-events
     * ring does not hold them: looked up only for profiles whose ring has dropped keys, in one {@code mget}.
     * Every other event is new exactly when its profile's ring lacks it.
     */
    private Set<String> onTimeline(List<Group> groups) {
        List<EventDocument> unsure = new ArrayList<>();
        for (Group group : groups) {
            if (group.isNew() || folding.remembersEveryEvent(group.profile)) {
                continue;
            }
            group.events.stream().filter(event -> !folding.alreadyApplied(group.profile, event.key()))
                    .forEach(event -> unsure.add(EventDocument.of(event.event(), event.key(), null, null)));
        }
        return store.existingEvents(unsure).keySet();
    }

    private List<Applied> fold(Group group, Set<String> onTimeline) {
        List<Applied> applied = new ArrayList<>();
        Map<String, List<String>> merges = group.absorbed.isEmpty() ? Map.of()
                : Map.of(group.profile.id, group.absorbed.stream().map(loser -> loser.document().id).toList());
        for (PendingEvent event : group.events) {
            Set<String> fields;
            Map<String, List<String>> announced = merges;
            if (folding.alreadyApplied(group.profile, event.key()) || onTimeline.contains(event.key())) {
                // A replay after a crash before the notices went out: announce the change and the
                // profile's merges again, as the lost notices of its round may have named them.
                fields = folding.fieldsOf(event.event(), event.identifiers());
                announced = group.profile.absorbedProfiles.isEmpty() ? merges
                        : Map.of(group.profile.id, List.copyOf(group.profile.absorbedProfiles));
            } else {
                try {
                    fields = folding.apply(group.profile, event.event(), event.key(), event.identifiers(),
                            clock.instant());
                    group.changed = true;
                } catch (RuntimeException e) {
                    throw new EventBatchProcessor.EventFailure(event.index(), e);
                }
            }
            // the merge is announced once, with the first event
            applied.add(new Applied(event, new ResolutionOutcome(group.profile.id, fields, announced, 0)));
            merges = Map.of();
        }
        return applied;
    }

    /**
     * The union-find nodes of an event: its unclaimed identifiers and the profiles of its claimed
     * ones; null when the resolver must decide (a claim without a settled profile, or a profile
     * with another userId).
     */
    private static List<Object> nodes(PendingEvent event, Map<Identifier, IdentityClaim> claims,
            Map<String, Versioned<ProfileDocument>> rootOf, Map<String, Versioned<ProfileDocument>> profiles) {
        List<Object> nodes = new ArrayList<>();
        for (Identifier identifier : event.identifiers()) {
            IdentityClaim claim = claims.get(identifier);
            if (claim == null) {
                nodes.add(identifier);
                continue;
            }
            Versioned<ProfileDocument> root = rootOf.get(claim.profileId());
            String userId = event.userId();
            if (root == null || !root.document().pendingMerges.isEmpty()
                    || userId != null && root.document().userId != null && !userId.equals(root.document().userId)) {
                return null;
            }
            profiles.put(root.document().id, root);
            nodes.add(root.document().id);
        }
        return nodes;
    }

    /**
     * The profile a component of linked events goes to: the oldest of its settled profiles, which
     * absorbs the others; null when it links two userIds or more than {@value #MAX_MERGED} profiles.
     */
    private static Group group(List<PendingEvent> events, Map<Identifier, IdentityClaim> claims,
            Map<String, Versioned<ProfileDocument>> rootOf, Map<String, Versioned<ProfileDocument>> profiles,
            Instant now) {
        Set<String> profileIds = new TreeSet<>();
        Set<String> userIds = new HashSet<>();
        for (PendingEvent event : events) {
            for (Identifier identifier : event.identifiers()) {
                IdentityClaim claim = claims.get(identifier);
                if (claim != null) {
                    profileIds.add(rootOf.get(claim.profileId()).document().id);
                }
            }
            if (event.userId() != null) {
                userIds.add(event.userId());
            }
        }
        if (profileIds.size() > MAX_MERGED || userIds.size() > 1) {
            return null;
        }
        if (profileIds.isEmpty()) {
            ProfileDocument created = ProfileDocument.create(ProfileId.newId(now).value(), now);
            created.userId = userIds.isEmpty() ? null : userIds.iterator().next();
            return new Group(created, null);
        }
        // the oldest profile survives a merge: redirects then always point to a smaller id
        List<Versioned<ProfileDocument>> roots = profileIds.stream().map(profiles::get).toList();
        Versioned<ProfileDocument> survivor = roots.get(0);
        Group group = new Group(survivor.document(), survivor);
        Set<String> known = new HashSet<>(userIds);
        roots.forEach(root -> {
            if (root.document().userId != null) {
                known.add(root.document().userId);
            }
        });
        if (known.size() > 1) {
            return null;
        }
        group.absorbed = roots.subList(1, roots.size());
        if (known.size() == 1 && group.userId() == null) {
            group.reservesUserId = true;
            survivor.document().userId = known.iterator().next();
        }
        return group;
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

    private static Object find(Map<Object, Object> links, Object node) {
        Object root = node;
        while (links.containsKey(root) && !links.get(root).equals(root)) {
            root = links.get(root);
        }
        links.put(node, root);
        return root;
    }

    private static void union(Map<Object, Object> links, Object a, Object b) {
        Object rootA = find(links, a);
        Object rootB = find(links, b);
        if (!rootA.equals(rootB)) {
            links.put(rootB, rootA);
        }
    }
}
