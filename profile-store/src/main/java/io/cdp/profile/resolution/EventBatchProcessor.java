package io.cdp.profile.resolution;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;


import io.cdp.platform.DaemonThreads;
import io.cdp.platform.EventIngested;
import io.cdp.profile.identity.Identifier;
import io.cdp.profile.resolution.BatchResolver.PendingEvent;
import io.cdp.profile.store.EventDocument;
import io.cdp.profile.store.ProfileStore;

/**
 * Applies a batch of events exactly once in effect, in rounds: {@link BatchResolver} applies together all events that need
 * no identity decision (known people, and new people whose identifiers nobody has claimed); the
 * events that need one (merges, conflicts, a userId to reserve, a race lost) go one by one through
 * {@link IdentityResolver}, and the events sharing their identifiers wait for the next round.
 * Each round writes the profiles (guarded by their applied-events ring), then the timeline events,
 * and only then publishes the changes, so that whoever reads a change finds its event on the
 * timeline. A replay after a crash at any point finds its event applied in the profile's ring (or,
 * for a profile with more events than the ring holds, on the timeline): it is written to the timeline
 * if it was not yet, and announced again with the profile's merges, without counting twice.
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

    /** One event of the batch failed; the events before it are still applied before the batch fails. */
    static final class EventFailure extends RuntimeException {
        private final int index;

        EventFailure(int index, RuntimeException cause) {
            super(cause.getMessage(), cause);
            this.index = index;
        }
    }

    /** Receives what a round of events did; publishing must be durable when {@link #publish} returns. */
    public interface ChangeSink {
        void publish(ChangeSet changes);
    }

    private final ProfileStore store;
    private final IdentityResolver resolver;
    private final BatchResolver batch;
    private final ChangeSink sink;
    private final Clock clock;
    private final ExecutorService resolvers;

    /**
     * @param resolverThreads how many events the per-event resolver works on side by side; the
     *                        threads are shared by all consumers and end when idle
     */
    public EventBatchProcessor(ProfileStore store, IdentityResolver resolver, BatchResolver batch, ChangeSink sink,
            Clock clock, int resolverThreads) {
        this.store = store;
        this.resolver = resolver;
        this.batch = batch;
        this.sink = sink;
        this.clock = clock;
        ThreadPoolExecutor pool = new ThreadPoolExecutor(resolverThreads, resolverThreads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), DaemonThreads.named("identity-resolver-"));
        pool.allowCoreThreadTimeOut(true);
        this.resolvers = pool;
    }

    /**
     * Processes the events; they may be null (failed deserialization). When one fails, every event
     * before it is applied and a {@link BatchFailure} names it, so that the records before it are
     * committed and it is retried or dead-lettered.
     */
    public void process(List<EventIngested> events) {
        // the exactly-once key is a hash: computed once per event, by index (null for an unreadable record)
        List<String> keys = new ArrayList<>(events.size());
        for (EventIngested event : events) {
            keys.add(event == null ? null : EventDocument.keyOf(event));
        }
        // an event twice in one batch (a client retry) is applied once
        Set<String> done = new HashSet<>();
        List<PendingEvent> pending = new ArrayList<>();
        EventFailure failure = null;
        for (int i = 0; i < events.size() && failure == null; i++) {
            EventIngested event = events.get(i);
            try {
                if (event == null) {
                    throw new UnresolvableEventException("the record is not a readable event");
                }
                String key = keys.get(i);
                if (done.add(key)) {
                    pending.add(new PendingEvent(i, event, key, resolver.identifiersOf(event), 0));
                }
            } catch (RuntimeException e) {
                failure = new EventFailure(i, e);
            }
        }
        Set<Integer> applied = new HashSet<>();
        while (!pending.isEmpty()) {
            try {
                pending = round(pending, applied);
            } catch (EventFailure e) {
                failure = e;
                pending = pending.stream().filter(p -> p.index() < e.index && !applied.contains(p.index()))
                        .toList();
            } catch (RuntimeException e) {
                int first = pending.stream().filter(p -> !applied.contains(p.index())).findFirst()
                        .map(PendingEvent::index).orElse(pending.get(0).index());
                throw new BatchFailure(first, e);
            }
        }
        if (failure != null) {
            throw new BatchFailure(failure.index, (RuntimeException) failure.getCause());
        }
    }

    /**
     * Applies what it can of the pending events (in index order), adding their indices to
     * {@code applied}; returns the rest, in index order.
     */
    private List<PendingEvent> round(List<PendingEvent> pending, Set<Integer> applied) {
        ChangeSet changes = new ChangeSet();
        List<EventDocument> timeline = new ArrayList<>();
        List<PendingEvent> remaining = new ArrayList<>();
        try {
            BatchResolver.Plan plan = batch.plan(pending);
            BatchResolver.Written written = batch.write(plan);
            written.applied().forEach(a -> apply(a.event(), a.outcome(), changes, timeline, applied));
            remaining.addAll(written.lost());
            remaining.addAll(plan.deferred());
            // Events sharing identifiers are resolved one after the other, in one chain: when one
            // needs a decision, the others usually find one settled profile next round and wait
            // for it; those the batch path already failed follow it in its chain.
            Map<Identifier, List<PendingEvent>> chainOf = new HashMap<>();
            List<List<PendingEvent>> chains = new ArrayList<>();
            for (PendingEvent event : plan.perEvent()) {
                Set<List<PendingEvent>> touched = Collections.newSetFromMap(new IdentityHashMap<>());
                event.identifiers().stream().map(chainOf::get).filter(Objects::nonNull).forEach(touched::add);
                List<PendingEvent> chain;
                if (touched.isEmpty()) {
                    chain = new ArrayList<>();
                    chains.add(chain);
                } else if (touched.size() == 1 && event.needsResolver()) {
                    chain = touched.iterator().next();
                } else {
                    remaining.add(event);
                    continue;
                }
                chain.add(event);
                event.identifiers().forEach(identifier -> chainOf.put(identifier, chain));
            }
            resolveSideBySide(chains, changes, timeline, applied);
            chains.forEach(chain -> chain.stream().filter(e -> !applied.contains(e.index())).forEach(remaining::add));
        } finally {
            store.createEvents(timeline);
            sink.publish(changes);
        }
        remaining.sort(Comparator.comparingInt(PendingEvent::index));
        return remaining;
    }

    /**
     * Resolves the chains side by side, each chain's events in order: each mostly waits for
     * Elasticsearch round trips, and the resolver is safe with concurrent resolvers anyway. A
     * chain stops at its first failure; every success counts as applied; then the failure with the
     * smallest index, if any, is thrown.
     */
    private void resolveSideBySide(List<List<PendingEvent>> chains, ChangeSet changes, List<EventDocument> timeline,
            Set<Integer> applied) {
        List<Future<ChainResult>> results = new ArrayList<>();
        for (List<PendingEvent> chain : chains) {
            results.add(resolvers.submit(() -> resolve(chain)));
        }
        EventFailure first = null;
        for (int c = 0; c < chains.size(); c++) {
            ChainResult result;
            try {
                result = results.get(c).get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("identity resolution failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while resolving identities", e);
            }
            for (int i = 0; i < result.resolved().size(); i++) {
                apply(chains.get(c).get(i), result.resolved().get(i), changes, timeline, applied);
            }
            if (result.failure() != null && (first == null || result.failure().index < first.index)) {
                first = result.failure();
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The outcomes of a chain's events up to its first failure, if any. */
    private record ChainResult(List<ResolutionOutcome> resolved, EventFailure failure) {
    }

    private ChainResult resolve(List<PendingEvent> chain) {
        List<ResolutionOutcome> resolved = new ArrayList<>();
        for (PendingEvent event : chain) {
            try {
                resolved.add(resolver.process(event.event(), event.key()));
            } catch (RuntimeException e) {
                return new ChainResult(resolved, new EventFailure(event.index(), e));
            }
        }
        return new ChainResult(resolved, null);
    }

    private void apply(PendingEvent event, ResolutionOutcome outcome, ChangeSet changes,
            List<EventDocument> timeline, Set<Integer> applied) {
        applied.add(event.index());
        changes.add(event.event(), outcome);
        timeline.add(EventDocument.of(event.event(), event.key(), outcome.profileId(), clock.instant()));
    }
}
