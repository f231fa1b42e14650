package io.cdp.reporting.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.cdp.platform.DaemonThreads;
import io.cdp.reporting.ReportingProperties;

/**
 * Figures the console shows that take long to compute on a large store (a period's KPIs scan its events), kept
 * once computed, so that a page renders at once whatever the data's size and says how old its figures are.
 * Figures younger than {@code cdp.reporting.console-fresh-for} are shown as they are; older ones are shown while
 * new ones are computed in the background; figures never computed are computed in the background while the page
 * says so and asks again. Figures that took less than {@code cdp.reporting.console-recompute-below} to compute
 * are cheap enough to be computed again in the background on every view: on a small store a page shows what
 * just happened a moment later (a segment's first member), on a large one it is spared the scans. A view of
 * cheap figures younger than {@link #SPACING} times what they took schedules their computation for when they
 * are that old, so a page viewed again and again keeps at most a tenth of a thread busy with its figures
 * instead of competing with its own requests on a small machine.
 * Each set has at most one computation running or scheduled, and {@link #THREADS} run at once.
 * {@code GET /api/kpis} does not come here: the API computes on every call.
 *
 * <p>A pool of its own rather than the application's task executor: a computation can take minutes on a large
 * store and must neither wait behind nor hold up other background work.
 */
@Component
class ConsoleFigures {

    static final int THREADS = 2;
    /** Cheap figures are computed again once they are this many times as old as their computation took. */
    static final int SPACING = 10;
    /** Sets of figures kept (each period, grouping and segment shown is one), the least recently shown dropped. */
    static final int KEPT = 500;

    private static final Logger log = LoggerFactory.getLogger(ConsoleFigures.class);

    /**
     * What a page can show for a set of figures now: the latest computed (none before the first is done) and,
     * while a computation runs, when it started.
     */
    record Shown<T>(Computed<T> latest, Instant computingSince) {

        public boolean computing() {
            return computingSince != null;
        }
    }

    /** One computation's figures, or that it failed; when it ended and how long it took. */
    record Computed<T>(T figures, boolean failed, Instant at, Duration took) {
    }

    /** Runs a computation after a delay (zero: at once). */
    @FunctionalInterface
    interface Scheduler extends AutoCloseable {

        void schedule(Runnable computation, Duration delay);

        /** Interrupts what runs and drops what waits; nothing to stop by default. */
        @Override
        default void close() {
        }

        /** {@link #THREADS} daemon threads of its own, interrupted on {@link #close()}. */
        static Scheduler ownPool() {
            ScheduledExecutorService pool = new ScheduledThreadPoolExecutor(THREADS,
                    DaemonThreads.named("console-figures-"));
            return new Scheduler() {
                @Override
                public void schedule(Runnable computation, Duration delay) {
                    pool.schedule(computation, delay.toNanos(), TimeUnit.NANOSECONDS);
                }

                @Override
                public void close() {
                    pool.shutdownNow();
                }
            };
        }
    }

    /** A set's latest figures and its running or scheduled computation, guarded by the entry itself. */
    private static final class Entry {
        Computed<?> latest;
        Instant computingSince;
    }

    private final Cache<Object, Entry> entries = Caffeine.newBuilder().maximumSize(KEPT)
            .expireAfterAccess(Duration.ofHours(1)).build();
    private final Scheduler scheduler;
    private final Duration freshFor;
    private final Duration recomputeBelow;
    private final Clock clock;

    @Autowired
    ConsoleFigures(ReportingProperties properties, Clock clock) {
        this(Scheduler.ownPool(), properties.consoleFreshFor(), properties.consoleRecomputeBelow(), clock);
    }

    ConsoleFigures(Scheduler scheduler, Duration freshFor, Duration recomputeBelow, Clock clock) {
        this.scheduler = scheduler;
        this.freshFor = freshFor;
        this.recomputeBelow = recomputeBelow;
        this.clock = clock;
    }

    /**
     * The figures of {@code key} as they can be shown now, starting their computation in the background when there
     * are none yet, when they are older than the freshness allows, or when the marketer asks to recompute them.
     *
     * @param compute computes the figures; a failure is logged and shown as such until the next computation
     */
    <T> Shown<T> show(Object key, boolean recompute, Supplier<T> compute) {
        Entry entry = entries.get(key, k -> new Entry());
        synchronized (entry) {
            Instant now = clock.instant();
            Computed<?> latest = entry.latest;
            if (latest == null || recompute || !latest.at().plus(freshFor).isAfter(now)) {
                return shown(entry, Duration.ZERO, compute);
            }
            if (latest.took().compareTo(recomputeBelow) < 0) {
                Duration wait = Duration.between(now, latest.at().plus(latest.took().multipliedBy(SPACING)));
                return shown(entry, wait.isNegative() ? Duration.ZERO : wait, compute);
            }
            return shown(entry, null, compute);
        }
    }

    /**
     * The figures of {@code key} for a page waiting for newer ones: as they are, without starting a computation
     * unless there are none and none runs (the set was dropped since the page asked).
     */
    <T> Shown<T> poll(Object key, Supplier<T> compute) {
        Entry entry = entries.get(key, k -> new Entry());
        synchronized (entry) {
            return shown(entry, entry.latest == null ? Duration.ZERO : null, compute);
        }
    }

    /**
     * Starts a computation after {@code delay} unless one runs or is scheduled (none when {@code delay} is null);
     * the caller holds the entry's lock.
     */
    @SuppressWarnings("unchecked")
    private <T> Shown<T> shown(Entry entry, Duration delay, Supplier<T> compute) {
        if (delay != null && entry.computingSince == null) {
            entry.computingSince = clock.instant();
            scheduler.schedule(() -> compute(entry, compute), delay);
        }
        return new Shown<>((Computed<T>) entry.latest, entry.computingSince);
    }

    private <T> void compute(Entry entry, Supplier<T> compute) {
        long started = System.nanoTime();
        T figures = null;
        boolean failed = false;
        try {
            figures = compute.get();
        } catch (RuntimeException e) {
            log.warn("Console figures could not be computed", e);
            failed = true;
        }
        Computed<T> computed = new Computed<>(figures, failed, clock.instant(),
                Duration.ofNanos(System.nanoTime() - started));
        synchronized (entry) {
            entry.latest = computed;
            entry.computingSince = null;
        }
    }

    /** Interrupts the computations running when the application stops: their figures would not be shown. */
    @PreDestroy
    void stop() {
        scheduler.close();
    }
}
