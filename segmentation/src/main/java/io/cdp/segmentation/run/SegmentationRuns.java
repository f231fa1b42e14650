package io.cdp.segmentation.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.cdp.platform.DaemonThreads;
import io.cdp.platform.elasticsearch.Documents.Versioned;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;
import io.cdp.segmentation.SegmentationProperties;
import io.cdp.segmentation.membership.MembershipUpdater;
import io.cdp.segmentation.membership.MembershipUpdater.Timings;
import io.cdp.segmentation.membership.RunOutboxes;
import io.cdp.segmentation.store.RunDocument;
import io.cdp.segmentation.store.RunStore;

/**
 * Scheduled evaluation: streams every live profile (PIT + search_after by id), evaluates a page
 * at a time and writes only the changes. After each page's memberships are stored and published
 * the run's cursor is saved (conditionally: the owner that lost its lease stops), so a run whose
 * instance died is resumed from its last finished page by whichever instance sees its lease expire.
 * One run at a time across instances; a definition change during a run queues one more run.
 */
@Service
public final class SegmentationRuns implements AutoCloseable {

    public static final String DEFINITION_CHANGE = "definition-change";

    private static final Logger LOG = LoggerFactory.getLogger(SegmentationRuns.class);

    private final Profiles profiles;
    private final MembershipUpdater updater;
    private final RunStore store;
    private final int pageSize;
    private final int pagesInFlight;
    private final Duration leaseTimeout;
    private final Clock clock;
    private final String owner = UUID.randomUUID().toString();
    private final AtomicBoolean rerun = new AtomicBoolean();
    /** Runs submitted here and not finished, queued reruns included (they start inside the finishing task). */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ExecutorService executor =
            Executors.newSingleThreadExecutor(DaemonThreads.named("segmentation-run-"));
    /** Evaluates and writes pages while the scan fetches the next one and ES works on another page's bulk. */
    private final ExecutorService pageWorkers;

    SegmentationRuns(Profiles profiles, MembershipUpdater updater, RunStore store, SegmentationProperties properties,
            Clock clock) {
        this.profiles = profiles;
        this.updater = updater;
        this.store = store;
        this.pageSize = properties.schedule().pageSize();
        this.pagesInFlight = properties.schedule().pagesInFlight();
        this.pageWorkers = Executors.newFixedThreadPool(pagesInFlight, DaemonThreads.named("segmentation-run-page-"));
        this.leaseTimeout = properties.schedule().leaseTimeout();
        this.clock = clock;
    }

    /** Starts a run in the background, or returns the one already running. */
    public RunDocument start(String trigger) {
        return begin(trigger, this::submit);
    }

    private void submit(Versioned<RunDocument> run) {
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

    private synchronized RunDocument begin(String trigger, Consumer<Versioned<RunDocument>> go) {
        // the search may still show a run that has just finished: its document by id is current
        Optional<Versioned<RunDocument>> running = store.running().stream()
                .flatMap(s -> store.find(s.document().id()).stream())
                .filter(s -> s.document().running() && !stale(s.document())).findFirst();
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
        for (Versioned<RunDocument> run : store.running()) {
            if (stale(run.document())) {
                takeOver(run).ifPresent(this::submit);
            }
        }
    }

    public Optional<RunDocument> find(String id) {
        return store.find(id).map(Versioned::document);
    }

    public List<RunDocument> recent() {
        return store.recent(20).stream().map(Versioned::document).toList();
    }

    /** Asks the run to stop; its owner stops before the next page (a stale run is stopped when taken over). */
    public Optional<RunDocument> cancel(String id) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<Versioned<RunDocument>> run = store.find(id);
            if (run.isEmpty() || !run.get().document().running()) {
                return run.map(Versioned::document);
            }
            Optional<Versioned<RunDocument>> done = store.replace(run.get().document().cancelling(), run.get());
            if (done.isPresent()) {
                LOG.info("segmentation run {} cancellation requested", id);
                return done.map(Versioned::document);
            }
        }
        throw new IllegalStateException("run kept changing while cancelling");
    }

    private boolean stale(RunDocument run) {
        return run.heartbeatAt().plus(leaseTimeout).isBefore(clock.instant());
    }

    private Optional<Versioned<RunDocument>> takeOver(Versioned<RunDocument> run) {
        Optional<Versioned<RunDocument>> taken = store.replace(run.document().ownedBy(owner, clock.instant()), run);
        taken.ifPresent(t -> LOG.info("segmentation run {} resumed after {} of {} profiles", t.document().id(),
                t.document().processed(), t.document().total()));
        return taken;
    }

    private RunDocument execute(Versioned<RunDocument> start, int maxPages) {
        String cause = RunOutboxes.cause(start.document().id());
        Pipeline pipeline = new Pipeline(start);
        try {
            try {
                profiles.scan(start.document().cursor() == null ? null : ProfileId.of(start.document().cursor()),
                        pageSize, page -> {
                            long scanned = System.nanoTime();
                            pipeline.scanning += scanned - pipeline.pageHandled;
                            pipeline.saveFinishedPages(pagesInFlight - 1);
                            pipeline.checkBeforeNextPage(maxPages);
                            // events are made countable once, at the start: pages count what was refreshed
                            boolean first = pipeline.submitted == 0;
                            pipeline.submit(page, CompletableFuture.supplyAsync(
                                    () -> updater.update(page, Map.of(), cause, Map.of(), first), pageWorkers));
                            pipeline.pageHandled = System.nanoTime();
                        });
            } finally {
                // pages already submitted are finished and recorded whatever stops the scan
                pipeline.saveFinishedPages(0);
            }
            if (pipeline.submitted > 0) {
                pipeline.logTimings();
            }
            if (pipeline.current.document().cancelRequested()) {
                throw new Cancelled();
            }
            return finish(pipeline.current, RunDocument.COMPLETED, null);
        } catch (Cancelled c) {
            return finish(pipeline.current, RunDocument.CANCELLED, null);
        } catch (Stopped s) {
            LOG.info("segmentation run {} stopped here after {} profiles; resumable from its cursor",
                    start.document().id(), pipeline.current.document().processed());
            return pipeline.current.document();
        } catch (RuntimeException e) {
            Throwable failure = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            LOG.warn("segmentation run {} failed: {}", start.document().id(), failure.getClass().getSimpleName());
            return finish(pipeline.current, RunDocument.FAILED, failure.getClass().getSimpleName());
        }
    }

    /**
     * Pages being evaluated and written while the scan fetches the next one. Only the scanning thread
     * touches the run document: it saves cursors strictly in page order, each once the page's
     * memberships are stored and published, so a resumed run never skips an unfinished page.
     */
    private final class Pipeline {

        private final Deque<InFlight> inFlight = new ArrayDeque<>();
        private Versioned<RunDocument> current;
        private int submitted;
        /** The first page that failed: no later page may be recorded as done. */
        private RuntimeException failure;
        /** Where the time went, for the log: the pages' work, and the scanning thread's waits. */
        private Timings pages = Timings.NONE;
        private long scanning;
        private long pageHandled = System.nanoTime();
        private long waitingForPages;
        private long savingCursors;

        Pipeline(Versioned<RunDocument> start) {
            this.current = start;
        }

        void checkBeforeNextPage(int maxPages) {
            long t0 = System.nanoTime();
            Versioned<RunDocument> latest = store.find(current.document().id()).orElseThrow(Stopped::new);
            if (!owner.equals(latest.document().owner())) {
                throw new Stopped();
            }
            current = latest;
            savingCursors += System.nanoTime() - t0;
            if (latest.document().cancelRequested()) {
                throw new Cancelled();
            }
            if (submitted >= maxPages) {
                throw new Stopped();
            }
        }

        void submit(List<ProfileSnapshot> page, CompletableFuture<MembershipUpdater.Result> result) {
            submitted++;
            inFlight.add(new InFlight(page.get(page.size() - 1).id().value(), page.size(), result));
        }

        /** Waits for the oldest pages until at most {@code left} are in flight, saving their cursors. */
        void saveFinishedPages(int left) {
            while (inFlight.size() > left) {
                InFlight page = inFlight.poll();
                try {
                    long t0 = System.nanoTime();
                    MembershipUpdater.Result result = page.result().join();
                    long t1 = System.nanoTime();
                    waitingForPages += t1 - t0;
                    pages = pages.plus(result.timings());
                    if (failure == null) {
                        save(page, result);
                    }
                    savingCursors += System.nanoTime() - t1;
                } catch (RuntimeException e) {
                    // later pages must not be recorded as done after an unfinished one
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }

        void logTimings() {
            LOG.info("segmentation run {} time: scanning {} s, waiting for pages {} s, run document {} s; in the pages:"
                    + " reading states {} s, evaluating {} s, writing states {} s, publishing {} s, appending history {} s",
                    current.document().id(), seconds(scanning), seconds(waitingForPages), seconds(savingCursors),
                    seconds(pages.read()), seconds(pages.evaluate()), seconds(pages.writeStates()),
                    seconds(pages.publish()), seconds(pages.finish()));
        }

        private void save(InFlight page, MembershipUpdater.Result result) {
            for (int attempt = 0; attempt < 5; attempt++) {
                RunDocument next = current.document().page(page.lastId(), page.size(), result.changed(),
                        result.failed().size(), clock.instant());
                Optional<Versioned<RunDocument>> saved = store.replace(next, current);
                if (saved.isPresent()) {
                    current = saved.get();
                    LOG.info("segmentation run {}: {}/{} profiles, {} changed, {} failed", next.id(),
                            next.processed(), next.total(), next.changed(), next.failed());
                    return;
                }
                // a cancel request changed the document meanwhile; a new owner means this one stops
                current = store.find(current.document().id()).filter(r -> owner.equals(r.document().owner()))
                        .orElseThrow(Stopped::new);
            }
            throw new IllegalStateException("run kept changing while saving its cursor");
        }
    }

    private record InFlight(String lastId, int size, CompletableFuture<MembershipUpdater.Result> result) {
    }

    private RunDocument finish(Versioned<RunDocument> run, String status, String why) {
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
        pageWorkers.shutdownNow();
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
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
