package io.cdp.activation.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cdp.activation.domain.Activation;
import io.cdp.activation.domain.AudienceMember;
import io.cdp.activation.domain.Destination;
import io.cdp.activation.send.AudienceMembers;
import io.cdp.activation.send.Backoff;
import io.cdp.activation.send.CircuitBreakers;
import io.cdp.activation.send.FailureClassifier;
import io.cdp.activation.store.Documents;
import io.cdp.activation.store.Entry;
import io.cdp.activation.store.SyncDeadLetter;
import io.cdp.activation.store.SyncStatus;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Keeps a remote audience equal to a segment: a full sync of the current members, then the
 * incremental adds and removes of each batch of membership events. Adds need the destination's
 * consent; removes never do. Transient failures are retried in place a few times and then thrown,
 * so the membership batch is redelivered (adds and removes are idempotent on the platforms);
 * permanent ones become dead letters.
 */
public final class AudienceSync {

    private static final Logger LOG = LoggerFactory.getLogger(AudienceSync.class);
    private static final long MAX_INLINE_WAIT_MILLIS = 30_000;

    private final Catalog catalog;
    private final Profiles profiles;
    private final Senders senders;
    private final CircuitBreakers breakers;
    private final FailureClassifier classifier;
    private final Backoff backoff;
    private final int inlineAttempts;
    private final Documents<Entry> entries;
    private final Documents<SyncDeadLetter> deadLetters;
    private final Documents<SyncStatus> statuses;
    private final String defaultPhoneRegion;
    private final int pageSize;
    private final Clock clock;
    private final MeterRegistry meters;

    public AudienceSync(Catalog catalog, Profiles profiles, Senders senders, CircuitBreakers breakers,
            FailureClassifier classifier, Backoff backoff, int inlineAttempts, Documents<Entry> entries,
            Documents<SyncDeadLetter> deadLetters, Documents<SyncStatus> statuses, String defaultPhoneRegion,
            int pageSize, Clock clock, MeterRegistry meters) {
        this.catalog = catalog;
        this.profiles = profiles;
        this.senders = senders;
        this.breakers = breakers;
        this.classifier = classifier;
        this.backoff = backoff;
        this.inlineAttempts = inlineAttempts;
        this.entries = entries;
        this.deadLetters = deadLetters;
        this.statuses = statuses;
        this.defaultPhoneRegion = defaultPhoneRegion;
        this.pageSize = pageSize;
        this.clock = clock;
        this.meters = meters;
    }

    /** Adds every current member of the activation's segment, page by page. */
    public SyncStatus fullSync(Activation activation) {
        Instant started = clock.instant();
        statuses.put(activation.id(), new SyncStatus(activation.id(), "RUNNING", 0, 0, started, null, null));
        long[] counts = new long[2];
        try {
            entries.scan(CsvExport.currentMembers(activation.segmentId()), "entryId", pageSize, page -> {
                Outcome outcome = apply(activation, page.stream().map(Entry::profileId).distinct().toList(), List.of());
                counts[0] += outcome.added();
                counts[1] += outcome.skippedNoConsent();
            });
            SyncStatus done = new SyncStatus(activation.id(), "DONE", counts[0], counts[1], started, clock.instant(),
                    null);
            statuses.put(activation.id(), done);
            return done;
        } catch (RuntimeException e) {
            SyncStatus failed = new SyncStatus(activation.id(), "FAILED", counts[0], counts[1], started,
                    clock.instant(), classifier.reason(e));
            statuses.put(activation.id(), failed);
            return failed;
        }
    }

    /** What one application changed. */
    public record Outcome(long added, long removed, long skippedNoConsent) {
    }

    /** Applies adds and removes (profile ids) to the activation's audience. */
    public Outcome apply(Activation activation, Collection<String> addIds, Collection<String> removeIds) {
        Destination destination = catalog.destination(activation.destinationId()).orElse(null);
        if (destination == null) {
            return new Outcome(0, 0, 0);
        }
        String consent = destination.kind().consent();
        List<AudienceMember> adds = new ArrayList<>();
        long skipped = 0;
        for (ProfileSnapshot profile : profiles.findAll(ids(addIds))) {
            if (consent != null && !profile.consentedTo(consent)) {
                skipped++;
            } else {
                adds.add(AudienceMembers.of(profile, defaultPhoneRegion));
            }
        }
        if (skipped > 0) {
            // counted, never listed: who withheld consent is personal data
            meters.counter("cdp.activation.sync.skipped", "reason", "no-consent", "kind", destination.kind().name())
                    .increment(skipped);
        }
        List<AudienceMember> removes = profiles.findAll(ids(removeIds)).stream()
                .map(p -> AudienceMembers.of(p, defaultPhoneRegion)).toList();
        if (adds.isEmpty() && removes.isEmpty()) {
            return new Outcome(0, 0, skipped);
        }
        try {
            sendWithRetries(destination, activation, adds, removes);
        } catch (RuntimeException e) {
            if (classifier.classify(e) == FailureClassifier.Kind.TRANSIENT) {
                throw e;
            }
            String reason = classifier.reason(e);
            String id = UUID.randomUUID().toString();
            deadLetters.put(id, new SyncDeadLetter(id, activation.id(),
                    adds.stream().map(AudienceMember::profileId).toList(),
                    removes.stream().map(AudienceMember::profileId).toList(), reason, clock.instant()));
            meters.counter("cdp.activation.sync.dead-letters", "kind", destination.kind().name()).increment();
            LOG.warn("audience change of activation {} dead-lettered: {}", activation.id(), reason);
            return new Outcome(0, 0, skipped);
        }
        meters.counter("cdp.activation.sync.identifiers", "kind", destination.kind().name())
                .increment(adds.size() + removes.size());
        return new Outcome(adds.size(), removes.size(), skipped);
    }

    /** Sends a dead letter's change again, reading the profiles as they are now. */
    public boolean retryDeadLetter(String id) {
        var letter = deadLetters.get(id);
        if (letter.isEmpty()) {
            return false;
        }
        Activation activation = catalog.activation(letter.get().document().activationId()).orElse(null);
        if (activation != null) {
            apply(activation, letter.get().document().adds(), letter.get().document().removes());
        }
        deadLetters.delete(id);
        return true;
    }

    private void sendWithRetries(Destination destination, Activation activation, List<AudienceMember> adds,
            List<AudienceMember> removes) {
        for (int attempt = 1; ; attempt++) {
            try {
                breakers.call(destination.id(), () -> {
                    senders.audience(destination.kind()).apply(destination, activation.segmentId(), adds, removes);
                    return null;
                });
                return;
            } catch (RuntimeException e) {
                if (classifier.classify(e) != FailureClassifier.Kind.TRANSIENT || attempt >= inlineAttempts) {
                    throw e;
                }
                // bounded, so that the membership consumer stays within its poll interval
                sleep(Math.min(MAX_INLINE_WAIT_MILLIS,
                        backoff.delay(attempt, classifier.retryAfter(e).orElse(null)).toMillis()));
            }
        }
    }

    private static List<ProfileId> ids(Collection<String> ids) {
        return ids.stream().map(ProfileId::of).toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
