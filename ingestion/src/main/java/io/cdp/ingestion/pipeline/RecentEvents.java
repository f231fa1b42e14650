package io.cdp.ingestion.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cdp.platform.EventIngested;

/**
 * The last events this instance accepted per source, newest first: what the console's event debugger
 * shows the moment Kafka acknowledged them, before (and whether or not) the profile store stored them.
 * Bounded twice, per source and in sources (the source least recently written or watched goes first), so that
 * memory stays small whatever arrives; an instance's restart empties it, which a debugger can afford.
 */
public final class RecentEvents {

    private final int perSource;
    private final Map<String, Deque<EventIngested>> bySource;

    public RecentEvents(int perSource, int maxSources) {
        if (perSource < 1 || maxSources < 1) {
            throw new IllegalArgumentException("perSource and maxSources must be at least 1");
        }
        this.perSource = perSource;
        this.bySource = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<EventIngested>> eldest) {
                return size() > maxSources;
            }
        };
    }

    synchronized void add(List<EventIngested> accepted) {
        for (EventIngested event : accepted) {
            Deque<EventIngested> events = bySource.computeIfAbsent(event.sourceId(), id -> new ArrayDeque<>());
            events.addFirst(event);
            if (events.size() > perSource) {
                events.removeLast();
            }
        }
    }

    /** The source's last accepted events, newest first; empty when none arrived here since the start. */
    public synchronized List<EventIngested> latest(String sourceId) {
        Deque<EventIngested> events = bySource.get(sourceId);
        return events == null ? List.of() : new ArrayList<>(events);
    }

    /** Forgets a deleted source's events. */
    public synchronized void forget(String sourceId) {
        bySource.remove(sourceId);
    }
}
