package io.cdp.profile.resolution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.cdp.platform.EventIngested;
import io.cdp.profile.ProfileChanged;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileMerged;

/**
 * What the events applied together did, folded per profile: segmentation needs to know that a
 * profile changed and which fields, not how many events changed it, so one notice per profile
 * replaces one per event: the union of the fields, caused by the event that happened last.
 */
public final class ChangeSet {

    private record Change(String causeMessageId, Instant causeTimestamp, Set<String> fields) {
    }

    private final Map<String, Change> changes = new LinkedHashMap<>();
    private final Map<String, Set<String>> merges = new TreeMap<>();
    private final Map<String, Integer> eventsPerProfile = new HashMap<>();
    private int events;
    private int conflicts;

    void add(EventIngested event, ResolutionOutcome outcome) {
        events++;
        eventsPerProfile.merge(outcome.profileId(), 1, Integer::sum);
        conflicts += outcome.conflicts();
        outcome.merges().forEach((survivor, merged) ->
                merges.computeIfAbsent(survivor, s -> new LinkedHashSet<>()).addAll(merged));
        if (!outcome.changedFields().isEmpty()) {
            Change before = changes.get(outcome.profileId());
            Set<String> fields = before == null ? new TreeSet<>() : before.fields();
            fields.addAll(outcome.changedFields());
            boolean later = before == null || !event.timestamp().isBefore(before.causeTimestamp());
            changes.put(outcome.profileId(), later ? new Change(event.messageId(), event.timestamp(), fields) : before);
        }
    }

    /** How many of the events applied together went into each profile (one write each). */
    public Collection<Integer> eventsPerProfile() {
        return eventsPerProfile.values();
    }

    public int events() {
        return events;
    }

    public int conflicts() {
        return conflicts;
    }

    public int mergedProfiles() {
        return merges.values().stream().mapToInt(Set::size).sum();
    }

    public List<ProfileMerged> profileMerges(Instant at) {
        List<ProfileMerged> merged = new ArrayList<>();
        merges.forEach((survivor, losers) -> merged.add(new ProfileMerged(ProfileId.of(survivor),
                losers.stream().map(ProfileId::of).toList(), at)));
        return merged;
    }

    public List<ProfileChanged> profileChanges(Instant at) {
        List<ProfileChanged> changed = new ArrayList<>();
        changes.forEach((profileId, change) -> changed.add(new ProfileChanged(ProfileId.of(profileId),
                change.causeMessageId(), Set.copyOf(change.fields()), at)));
        return changed;
    }
}
