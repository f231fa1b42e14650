package io.cdp.profile.resolution;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.cdp.profile.EventIngested;
import io.cdp.profile.store.EventDocument;
import io.cdp.profile.store.ProfileStore;

/**
 * Applies a batch of events exactly once in effect. Events already on the timeline are skipped;
 * the others update their profile (guarded by the profile's recent-event ring), their changes are
 * published, and only then is the timeline event written: a crash before that is repaired on
 * replay by the ring check.
 */
public final class EventBatchProcessor {

    /** Where the batch stopped, so the caller can hand exactly that record to the error handler. */
    public static final class BatchFailure extends RuntimeException {
        private final int index;

        BatchFailure(int index, RuntimeException cause) {
            super(cause.getMessage(), cause);
            this.index = index;
        }

        public int index() {
            return index;
        }
    }

    /** Receives outcomes of applied events; publishing must be durable when {@link #flush()} returns. */
    public interface ChangeSink {
        void applied(EventIngested event, ResolutionOutcome outcome);

        void flush();
    }

    private final ProfileStore store;
    private final IdentityResolver resolver;
    private final ChangeSink sink;
    private final Clock clock;

    public EventBatchProcessor(ProfileStore store, IdentityResolver resolver, ChangeSink sink, Clock clock) {
        this.store = store;
        this.resolver = resolver;
        this.sink = sink;
        this.clock = clock;
    }

    /** Processes events in order; events may be null (failed deserialization) and fail at their index. */
    public void process(List<EventIngested> events) {
        List<EventDocument> probes = new ArrayList<>();
        for (EventIngested event : events) {
            if (event != null) {
                probes.add(EventDocument.of(event, null, null));
            }
        }
        Set<String> done = new HashSet<>(store.existingEvents(probes));
        List<EventDocument> timeline = new ArrayList<>();
        try {
            for (int i = 0; i < events.size(); i++) {
                EventIngested event = events.get(i);
                try {
                    if (event == null) {
                        throw new UnresolvableEventException("the record is not a readable event");
                    }
                    String key = EventDocument.keyOf(event);
                    if (!done.add(key)) {
                        continue;
                    }
                    ResolutionOutcome outcome = resolver.process(event, key);
                    timeline.add(EventDocument.of(event, outcome.profileId(), clock.instant()));
                    sink.applied(event, outcome);
                } catch (RuntimeException e) {
                    throw new BatchFailure(i, e);
                }
            }
        } finally {
            sink.flush();
            store.createEvents(timeline);
        }
    }
}
