package io.cdp.profile.resolution;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What processing one event did.
 *
 * @param profileId     the live profile the event belongs to
 * @param changedFields what the event changed; for a replay of an event the profile already had, the
 *                      fields it changes, so that its notice is published again (at-least-once)
 * @param merges        survivor id to the profile ids folded into it while processing
 * @param conflicts     how many new userId conflicts were recorded
 */
public record ResolutionOutcome(String profileId, Set<String> changedFields, Map<String, List<String>> merges,
        int conflicts) {
}
