package io.cdp.profile;

import java.util.List;
import java.util.Map;

/**
 * What the timeline holds, for pickers that offer only what was seen (the segment builder's event names and
 * property paths). Read-only and unfiltered by person.
 */
public interface SeenEvents {

    /**
     * Names of track events, most frequent first (at most {@code max}), then the other call types seen (page,
     * screen, identify …) by frequency.
     */
    List<String> names(int max);

    /** The properties of the {@code max} latest events (by event time), newest first; fewer where events have none. */
    List<Map<String, Object>> latestProperties(int max);
}
