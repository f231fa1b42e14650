package io.cdp.profile;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Counts events on the timeline, for conditions the per-day rollups cannot answer (filters on event
 * properties). A profile's count includes the events of every profile merged into it: the timeline
 * keeps the id an event was applied to.
 */
public interface EventCounts {

    /**
     * For each profile, {@code counts[i]} = its events, and those of the profiles merged into it,
     * matching {@code queries.get(i)}. One search per page of up to 5,000 profiles (fewer when many
     * queries or merged ids would exceed 50,000 aggregation buckets).
     *
     * @param refreshFirst make every event written so far countable first (one index refresh): for
     *                     counting right after a {@link ProfileChanged}, which is published only once the
     *                     timeline has its events; without it, events of the last second may be missed
     */
    Map<ProfileId, long[]> countEvents(Collection<ProfileSnapshot> profiles, List<EventQuery> queries,
            boolean refreshFirst);
}
