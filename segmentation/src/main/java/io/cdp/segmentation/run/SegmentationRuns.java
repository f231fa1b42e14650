package io.cdp.segmentation.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;
import io.cdp.segmentation.membership.MembershipUpdater;
import io.cdp.segmentation.store.RunDocument;
import io.cdp.segmentation.store.RunStore;
import io.cdp.segmentation.store.Stored;

/**
 * Scheduled evaluation: streams every live profile (PIT + search_after by id), evaluates a page
 * at a time and writes only the changes. After each page's memberships are stored and published
 * the run's cursor is saved (conditionally: the owner that lost its lease stops), so a run whose
 * instance died is resumed from its last finished page by whichever instance sees its lease expire.
 * One run at a time across instances; a definition change during a run queues one more run.
 */
public final class SegmentationRuns implements AutoCloseable {

    public static final String DEFINITION_CHANGE = "definition-change";

    private static final Logger LOG = LoggerFactory.getLogger(SegmentationRuns.class);

    private final Profiles profiles;
    private final MembershipUpdater updater;
    private final RunStore store;
    private final int pageSize;
    private final Duration leaseTimeout;
    private final Clock clock;
    private final String owner = UUID.randomUUID().toString();
    private final AtomicBoolean rerun = new AtomicBoolean();
    /** Runs submitted here and not finished, queued reruns included (they start inside the finishing task). */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "segmentation-run");
        t.setDaemon(true);
        return t;
    });

    public SegmentationRuns(Profiles profiles, MembershipUpdater updater, RunStore store, int pageSize,
            Duration leaseTimeout, Clock clock) {
        this.profiles = profiles;
        this.updater = updater;
        this.store = store;
        this.pageSize = pageSize;
        this.leaseTimeout = leaseTimeout;
        this.clock = clock;
    }

    /** Starts a run in the background, or returns the one already running. */
    public RunDocument start(String trigger) {
        return begin(trigger, this::submit);
    }

    private void submit(Stored<RunDocument> run) {
        inFlight.incrementAndGet();
        executor.submit(() -> {
            try {
                execute(run, Integer.MAX_VALUE);
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    /** Whether this instance is executing or about to execute a run. */
    boolean busy() {
        return inFlight.get() > 0;
    }

    /** Runs in the caller's thread and stops after {@code maxPages} pages as if the instance died there. */
    RunDocument runPages(String trigger, int maxPages) {
        AtomicReference<RunDocument> left = new AtomicReference<>();
        RunDocument run = begin(trigger, stored -> left.set(execute(stored, maxPages)));
        return left.get() == null ? run : left.get();
    }

    /** Takes over a run regardless of its lease and continues it in the caller's thread. */
    Optional<RunDocument> resumeNow(String id) {
        return store.find(id).filter(s -> s.document().running()).flatMap(this::takeOver)
                .map(s -> execute(s, Integer.MAX_VALUE));
    }

    private synchronized RunDocument begin(String trigger, java.util.function.Consumer<Stored<RunDocument>> go) {
        Optional<Stored<RunDocument>> running = store.running().stream().filter(s -> !stale(s.document()))
                .findFirst();
        if (running.isPresent()) {
            // the running run may have evaluated some pages with the old definitions
            rerun.compareAndSet(false, DEFINITION_CHANGE.equals(trigger));
            return running.get().document();
        }
        Instant now = clock.instant();
        RunDocument run = new RunDocument(UUID.randomUUID().toString(), RunDocument.RUNNING, trigger,
                profiles.count(), 0, 0, 0, 0, null, false, owner, now, now, null, null);
        LOG.info("segmentation run {} started ({}): {} profiles", run.id(), trigger, run.total());
        go.accept(store.create(run));
        return run;
    }

    /** Resumes runs whose owner stopped reporting (it crashed or was killed). */
    public void resumeStale() {
        for (Stored<RunDocument> run : store.running()) {
            if (stale(run.document())) {
                takeOver(run).ifPresent(this::submit);
            }
        }
    }

    public Optional<RunDocument> find(String id) {
        return store.find(id).map(Stored::document);
    }

    public List<RunDocument> recent() {
        return store.recent(20).stream().map(Stored::document).toList();
    }

    /** Asks the run to stop; its owner stops before the next page (a stale run is stopped when taken over). */
    public Optional<RunDocument> cancel(String id) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<Stored<RunDocument>> run = store.find(id);
            if (run.isEmpty() || !run.get().document().running()) {
                return run.map(Stored::document);
            }
            Optional<Stored<RunDocument>> done = store.replace(run.get().document().cancelling(), run.get());
            if (done.isPresent()) {
                LOG.info("segmentation run {} cancellation requested", id);
                return done.map(Stored::document);
            }
        }
        throw new IllegalStateException("run kept changing while cancelling");
    }

    private boolean stale(RunDocument run) {
        return run.heartbeatAt().plus(leaseTimeout).isBefore(clock.instant());
    }

    private Optional<Stored<RunDocument>> takeOver(Stored<RunDocument> run) {
        Optional<Stored<RunDocument>> taken = store.replace(run.document().ownedBy(owner, clock.instant()), run);
        taken.ifPresent(t -> LOG.info("segmentation run {} resumed after {} of {} profiles", t.document().id(),
                t.document().processed(), t.document().total()));
        return taken;
    }

    private RunDocument execute(Stored<RunDocument> start, int maxPages) {
        AtomicReference<Stored<RunDocument>> current = new AtomicReference<>(start);
        RunDocument run = start.document();
        String cause = "run:" + run.id();
        try {
            profiles.scan(run.cursor() == null ? null : ProfileId.of(run.cursor()), pageSize, page -> {
                Stored<RunDocument> latest = store.find(run.id()).orElseThrow(Stopped::new);
                if (latest.document().pages() - start.document().pages() >= maxPages
                        || !owner.equals(latest.document().owner())) {
                    throw new Stopped();
                }
                if (latest.document().cancelRequested()) {
                    throw new Cancelled();
                }
                current.set(latest);
                current.set(store.replace(page(latest.document(), page, cause), latest).orElseThrow(Stopped::new));
            });
            if (current.get().document().cancelRequested()) {
                throw new Cancelled();
            }
            return finish(current.get(), RunDocument.COMPLETED, null);
        } catch (Cancelled c) {
            return finish(current.get(), RunDocument.CANCELLED, null);
        } catch (Stopped s) {
            LOG.info("segmentation run {} stopped here after {} profiles; resumable from its cursor", run.id(),
                    current.get().document().processed());
            return current.get().document();
        } catch (RuntimeException e) {
            LOG.warn("segmentation run {} failed: {}", run.id(), e.getClass().getSimpleName());
            return finish(current.get(), RunDocument.FAILED, e.getClass().getSimpleName());
        }
    }

    private RunDocument page(RunDocument run, List<ProfileSnapshot> page, String cause) {
        MembershipUpdater.Result result = updater.update(page, Map.of(), cause, Map.of());
        RunDocument next = run.page(page.get(page.size() - 1).id().value(), page.size(), result.changed(),
                result.unevaluable().size(), clock.instant());
        LOG.info("segmentation run {}: {}/{} profiles, {} changed, {} not evaluable", run.id(), next.processed(),
                next.total(), next.changed(), next.failed());
        return next;
    }

    private RunDocument finish(Stored<RunDocument> run, String status, String why) {
        RunDocument finished = run.document().finished(status, clock.instant(), why);
        store.replace(finished, run);
        LOG.info("segmentation run {} {}: {} profiles, {} changed", finished.id(), status.toLowerCase(),
                finished.processed(), finished.changed());
        if (RunDocument.COMPLETED.equals(status) && rerun.getAndSet(false)) {
            start(DEFINITION_CHANGE);
        }
        return finished;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super(null, null, false, false);
        }
    }
}
