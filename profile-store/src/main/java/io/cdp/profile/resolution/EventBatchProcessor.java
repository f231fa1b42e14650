package io.cdp.profile.resolution;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.cdp.profile.EventIngested;
import io.cdp.profile.identity.Identifier;
import io.cdp.profile.resolution.BatchResolver.PendingEvent;
import io.cdp.profile.store.EventDocument;
import io.cdp.profile.store.ProfileStore;

/**
 * Applies a batch of events exactly once in effect. Events already on the timeline are skipped.
 * The others are applied in rounds: {@link BatchResolver} applies together all events that need
 * no identity decision (known people, and new people whose identifiers nobody has claimed); the
 * events that need one (merges, conflicts, a userId to reserve, a race lost) go one by one through
 * {@link IdentityResolver}, and the events sharing their identifiers wait for the next round.
 * Each round writes the profiles (guarded by their applied-events ring), then publishes the
 * changes, and only then writes the timeline events: a crash before that is repaired on replay by
 * the ring check.
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
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(resolverThreads, resolverThreads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "identity-resolver-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        this.resolvers = pool;
    }

    /**
     * Processes the events; they may be null (failed deserialization). When one fails, every event
     * before it is applied and a {@link BatchFailure} names it, so that the records before it are
     * committed and it is retried or dead-lettered.
     */
    public void process(List<EventIngested> events) {
        List<EventDocument> probes = new ArrayList<>();
        for (EventIngested event : events) {
            if (event != null) {
                probes.add(EventDocument.of(event, null, null));
            }
        }
        long tx = System.nanoTime();
        Set<String> done = new HashSet<>(store.existingEvents(probes));
        T.get()[0] += System.nanoTime() - tx;
        List<PendingEvent> pending = new ArrayList<>();
        EventFailure failure = null;
        for (int i = 0; i < events.size() && failure == null; i++) {
            EventIngested event = events.get(i);
            try {
                if (event == null) {
                    throw new UnresolvableEventException("the record is not a readable event");
                }
                String key = EventDocument.keyOf(event);
                if (done.add(key)) {
                    pending.add(new PendingEvent(i, event, key, resolver.identifiersOf(event), false));
                }
            } catch (RuntimeException e) {
                failure = new EventFailure(i, e);
            }
        }
        Set<Integer> applied = new HashSet<>();
        long t0 = System.nanoTime(); int size = pending.size(); int rounds = 0;
        while (!pending.isEmpty()) { rounds++;
            try {
                pending = round(pending, applied);
            } catch (EventFailure e) {
                failure = e;
                pending = pending.stream().filter(p -> p.index() < e.index && !applied.contains(p.index())).toList();
            } catch (RuntimeException e) {
                int first = pending.stream().filter(p -> !applied.contains(p.index())).findFirst()
                        .map(PendingEvent::index).orElse(pending.get(0).index());
                throw new BatchFailure(first, e);
            }
        }
        org.slf4j.LoggerFactory.getLogger("TMPSTATS").info("batch {} pending {} rounds {} slow {} ms {}", events.size(), size, rounds, SLOW.get(), (System.nanoTime() - t0) / 1_000_000);
        SLOW.set(0);
        long[] t = T.get(); org.slf4j.LoggerFactory.getLogger("TMPSTATS").info("phases exist {} plan {} write {} slow {} publish {} timeline {}", t[0]/1000000, t[1]/1000000, t[2]/1000000, t[3]/1000000, t[4]/1000000, t[5]/1000000);
        java.util.Arrays.fill(t, 0);
        org.slf4j.LoggerFactory.getLogger("TMPSTATS").info("reasons needsResolver {} unsettled {} compEvents {} comps {} claimLost {} profileRaced {}", BatchResolver.R[0], BatchResolver.R[1], BatchResolver.R[2], BatchResolver.R[3], BatchResolver.R[4], BatchResolver.R[5]);
        org.slf4j.LoggerFactory.getLogger("TMPSTATS").info("unsettled missingRoot {} pendingMerge {} reserve {} otherUser {}", BatchResolver.R2[0], BatchResolver.R2[1], BatchResolver.R2[2], BatchResolver.R2[3]);
        if (failure != null) {
            throw new BatchFailure(failure.index, (RuntimeException) failure.getCause());
        }
    }
    static final ThreadLocal<long[]> T = ThreadLocal.withInitial(() -> new long[6]);
    static final ThreadLocal<Integer> SLOW = ThreadLocal.withInitial(() -> 0);

    /**
     * Applies what it can of the pending events (in index order), adding their indices to
     * {@code applied}; returns the rest, in index order.
     */
    private List<PendingEvent> round(List<PendingEvent> pending, Set<Integer> applied) {
        ChangeSet changes = new ChangeSet();
        List<EventDocument> timeline = new ArrayList<>();
        List<PendingEvent> remaining = new ArrayList<>();
        try {
            long ta = System.nanoTime();
            BatchResolver.Plan plan = batch.plan(pending);
            long tb = System.nanoTime(); T.get()[1] += tb - ta;
            BatchResolver.Written written = batch.write(plan);
            T.get()[2] += System.nanoTime() - tb;
            written.applied().forEach(a -> apply(a.event(), a.outcome(), changes, timeline, applied));
            remaining.addAll(written.lost());
            remaining.addAll(plan.deferred());
            // One event per identifier here: its resolution claims, merges or reserves, so the events
            // sharing its identifiers usually find one settled profile in the next round.
            List<PendingEvent> resolvable = new ArrayList<>();
            Set<Identifier> resolving = new HashSet<>();
            for (PendingEvent event : plan.perEvent()) {
                if (event.identifiers().stream().anyMatch(resolving::contains)) {
                    remaining.add(event);
                    continue;
                }
                resolving.addAll(event.identifiers());
                resolvable.add(event);
            }
            SLOW.set(SLOW.get() + resolvable.size());
            long tc = System.nanoTime();
            try {
            resolveSideBySide(resolvable, changes, timeline, applied);
            } finally {
            T.get()[3] += System.nanoTime() - tc;
            }
        } finally {
            long td = System.nanoTime();
            sink.publish(changes);
            long te = System.nanoTime(); T.get()[4] += te - td;
            store.createEvents(timeline);
            T.get()[5] += System.nanoTime() - te;
        }
        remaining.sort(Comparator.comparingInt(PendingEvent::index));
        return remaining;
    }

    /**
     * Resolves events that share no identifier side by side: each mostly waits for Elasticsearch
     * round trips, and the resolver is safe with concurrent resolvers anyway. Every success counts
     * as applied; then the failure with the smallest index, if any, is thrown.
     */
    private void resolveSideBySide(List<PendingEvent> events, ChangeSet changes, List<EventDocument> timeline,
            Set<Integer> applied) {
        List<Future<ResolutionOutcome>> outcomes = new ArrayList<>();
        for (PendingEvent event : events) {
            outcomes.add(resolvers.submit(() -> resolver.process(event.event(), event.key())));
        }
        EventFailure first = null;
        for (int i = 0; i < events.size(); i++) {
            PendingEvent event = events.get(i);
            try {
                apply(event, outcomes.get(i).get(), changes, timeline, applied);
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                        : new IllegalStateException("identity resolution failed", e.getCause());
                first = first != null ? first : new EventFailure(event.index(), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while resolving identities", e);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void apply(PendingEvent event, ResolutionOutcome outcome, ChangeSet changes,
            List<EventDocument> timeline, Set<Integer> applied) {
        applied.add(event.index());
        changes.add(event.event(), outcome);
        timeline.add(EventDocument.of(event.event(), outcome.profileId(), clock.instant()));
    }
}
