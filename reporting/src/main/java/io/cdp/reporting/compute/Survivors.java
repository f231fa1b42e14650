package io.cdp.reporting.compute;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Maps the profile id an event was applied to onto the live profile it belongs to now: the timeline keeps
 * the id an event was applied to, and a merge makes that profile a redirect to its survivor (chains followed).
 */
record Survivors(Map<String, String> mergedInto) {

    private static final int MAX_REDIRECTS = 256;

    public Survivors {
        mergedInto = Map.copyOf(mergedInto);
    }

    /** The given live profiles and every profile merged into one of them: the ids their events were applied to. */
    public Set<String> appliedTo(Set<String> survivors) {
        Set<String> applied = new HashSet<>(survivors);
        mergedInto.keySet().stream().filter(id -> survivors.contains(of(id))).forEach(applied::add);
        return applied;
    }

    public String of(String profileId) {
        String id = profileId;
        for (int i = 0; i < MAX_REDIRECTS && mergedInto.containsKey(id); i++) {
            id = mergedInto.get(id);
        }
        return id;
    }
}
