package io.cdp.activation.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.cdp.activation.ActivationProperties;
import io.cdp.activation.domain.Activation;
import io.cdp.activation.domain.ActivationMode;
import io.cdp.activation.send.FailureClassifier;
import io.cdp.activation.store.ActivationIndices;
import io.cdp.activation.store.Catalog;
import io.cdp.activation.store.Entry;
import io.cdp.activation.store.EntryStore;
import io.cdp.activation.store.SyncStatus;
import io.cdp.platform.DaemonThreads;
import io.cdp.platform.elasticsearch.Documents;

/**
 * Full audience syncs, in the background, two at a time. A full sync scans every entry of the
 * segment (PIT + search_after by entryId); {@link AudienceSync#readPage} turns each page into adds
 * (current members with consent) and removes (everyone else who was ever a member), so the audience
 * converges on the segment whatever it held before and whichever changes were missed. Two pages are
 * read at once while the scan fetches the next; they are sent and saved strictly in page order, the
 * cursor and counts with compare-and-set. A sync whose instance died (silent for the lease) or that
 * stopped on a transient failure is resumed after its last finished page by {@link #resumeStale()}.
 * People added to the audience by other tools, who were never in the segment, are left alone. A sync
 * whose activation is deleted stops before its next page. Its
 * own executors rather than an Executor bean, which would displace Spring Boot's application task
 * executor.
 */
@Component
public final class FullSyncs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FullSyncs.class);
    private static final int PAGES_IN_FLIGHT = 2;

    private final AudienceSync audienceSync;
    private final Catalog catalog;
    private final EntryStore entries;
    private final Documents<SyncStatus> statuses;
    private final FailureClassifier classifier;
    private final int pageSize;
    private final Duration lease;
    private final Clock clock;
    private final String owner = UUID.randomUUID().toString();
    private final ExecutorService executor = Executors.newFixedThreadPool(2,
            DaemonThreads.named("cdp-activation-full-sync-"));
    private final ExecutorService readers = Executors.newFixedThreadPool(2 * PAGES_IN_FLIGHT,
            DaemonThreads.named("cdp-activation-full-sync-read-"));

    FullSyncs(AudienceSync audienceSync, Catalog catalog, EntryStore entries, ActivationIndices indices,
            FailureClassifier classifier, ActivationProperties properties, Clock clock) {
        this.audienceSync = audienceSync;
        this.catalog = catalog;
        this.entries = entries;
        this.statuses = indices.syncs();
        this.classifier = classifier;
        this.pageSize = properties.limits().syncPage();
        this.lease = properties.fullSync().lease();
        this.clock = clock;
    }

    /** Starts a full sync from the first entry, or returns the one running. */
    public SyncStatus start(Activation activation) {
        Optional<Documents.Versioned<SyncStatus>> existing = statuses.get(activation.id());
        if (existing.isPresent() && existing.get().document().running() && !stale(existing.get().document())) {
            return existing.get().document();
        }
        SyncStatus fresh = SyncStatus.started(activation.id(), entries.countInSegment(activation.segmentId()), owner,
                clock.instant());
        Optional<Documents.Versioned<SyncStatus>> started = existing.isPresent()
                ? statuses.replace(existing.get(), fresh)
                : statuses.create(activation.id(), fresh) ? statuses.get(activation.id()) : Optional.empty();
        if (started.isEmpty()) {
            // another instance started or took it over meanwhile: that one runs it
            return statuses.get(activation.id()).map(Documents.Versioned::document).orElse(fresh);
        }
        LOG.info("full sync of activation {} started: {} entries", activation.id(), fresh.total());
        executor.execute(() -> run(started.get()));
        return fresh;
    }

    /** Resumes the syncs whose owner stopped reporting or that stopped on a transient failure. */
    public void resumeStale() {
        for (Activation activation : catalog.activations()) {
            if (activation.mode() != ActivationMode.AUDIENCE_SYNC) {
                continue;
            }
            statuses.get(activation.id()).filter(s -> s.document().running() && stale(s.document()))
                    .flatMap(s -> statuses.replace(s, s.document().ownedBy(owner, clock.instant())))
                    .ifPresent(taken -> {
                        LOG.info("full sync of activation {} resumed after {} pages", activation.id(),
                                taken.document().pages());
                        executor.execute(() -> run(taken));
                    });
        }
    }

    private boolean stale(SyncStatus status) {
        return status.owner() == null || status.heartbeatAt().plus(lease).isBefore(clock.instant());
    }

    private void run(Documents.Versioned<SyncStatus> start) {
        String id = start.document().activationId();
        AtomicReference<Documents.Versioned<SyncStatus>> current = new AtomicReference<>(start);
        try {
            Activation activation = catalog.activation(id).orElse(null);
            if (activation == null) {
                finish(current.get(), SyncStatus.FAILED, "activation deleted");
                return;
            }
            Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
            AtomicReference<CompletableFuture<Void>> lastSaved = new AtomicReference<>(
                    CompletableFuture.completedFuture(null));
            try {
                entries.scanSegment(activation.segmentId(), pageSize, start.document().cursor(), page -> {
                    while (inFlight.size() >= PAGES_IN_FLIGHT) {
                        join(inFlight.poll());
                    }
                    List<String> profileIds = page.stream().map(Entry::profileId).distinct().toList();
                    String lastEntryId = page.get(page.size() - 1).entryId();
                    // pages are read side by side (mostly waiting for Elasticsearch), then sent and
                    // saved strictly in page order: a resumed sync never skips a page that was not sent
                    CompletableFuture<AudienceSync.PageChange> read = CompletableFuture.supplyAsync(() ->
                            audienceSync.readPage(activation, profileIds)
                                    .orElseThrow(() -> new Deleted("destination")), readers);
                    CompletableFuture<Void> saved = lastSaved.get().thenCombine(read, (previous, change) -> {
                        if (catalog.activation(id).isEmpty()) {
                            throw new Deleted("activation"); // deleted while it ran: nothing more goes out
                        }
                        AudienceSync.PageOutcome sent = audienceSync.sendPage(change);
                        SyncStatus next = current.get().document().page(lastEntryId, page.size(), sent.added(),
                                sent.removed(), sent.removedNoConsent(), clock.instant());
                        current.set(statuses.replace(current.get(), next).orElseThrow(TakenOver::new));
                        LOG.info("full sync of activation {}: {}/{} entries, {} added, {} removed", id,
                                next.scanned(), next.total(), next.added(), next.removed());
                        return null;
                    });
                    lastSaved.set(saved);
                    inFlight.add(saved);
                });
            } finally {
                // pages under way finish (or fail) before the sync is finished or recorded as interrupted
                inFlight.forEach(f -> f.exceptionally(e -> null).join());
            }
            inFlight.forEach(FullSyncs::join);
            finish(current.get(), SyncStatus.DONE, null);
        } catch (TakenOver stopped) {
            LOG.info("full sync of activation {} taken over by another instance", id);
        } catch (Deleted deleted) {
            finish(current.get(), SyncStatus.FAILED, deleted.getMessage());
        } catch (RuntimeException e) {
            String reason = classifier.reason(e);
            LOG.warn("full sync of activation {} interrupted after {} pages, resumes later: {}", id,
                    current.get().document().pages(), reason);
            try {
                statuses.replace(current.get(), current.get().document().interrupted(reason));
            } catch (RuntimeException unsaved) {
                // still ours with an old heartbeat: resumed once its lease has run out
                LOG.warn("full sync of activation {}: could not record the interruption", id, unsaved);
            }
        }
    }

    /** Waits for a page; its failure is rethrown as it was thrown. */
    private static void join(CompletableFuture<Void> page) {
        try {
            page.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void finish(Documents.Versioned<SyncStatus> status, String state, String reason) {
        SyncStatus done = status.document().finished(state, clock.instant(), reason);
        statuses.replace(status, done);
        LOG.info("full sync of activation {} {}: {} added, {} removed{}", done.activationId(), state.toLowerCase(),
                done.added(), done.removed(), reason == null ? "" : " (" + reason + ")");
    }

    @Override
    public void close() {
        executor.shutdownNow();
        readers.shutdownNow();
    }

    /** The owner lost its claim on the sync: another instance continues it. */
    private static final class TakenOver extends RuntimeException {
        TakenOver() {
            super(null, null, false, false);
        }
    }

    /** The activation or its destination was deleted: the sync stops, failed, saying which. */
    private static final class Deleted extends RuntimeException {
        Deleted(String what) {
            super(what + " deleted", null, false, false);
        }
    }
}
