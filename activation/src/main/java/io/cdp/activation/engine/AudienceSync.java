package io.cdp.activation.engine;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import lombok.RequiredArgsConstructor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.cdp.activation.ActivationProperties;
import io.cdp.activation.domain.Activation;
import io.cdp.activation.domain.AudienceMember;
import io.cdp.activation.domain.Destination;
import io.cdp.activation.send.AudienceMembers;
import io.cdp.activation.send.Backoff;
import io.cdp.activation.send.CircuitBreakers;
import io.cdp.activation.send.FailureClassifier;
import io.cdp.activation.send.Senders;
import io.cdp.activation.store.ActivationIndices;
import io.cdp.activation.store.Catalog;
import io.cdp.activation.store.EntryStore;
import io.cdp.activation.store.SyncDeadLetter;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Keeps a remote audience equal to a segment: full syncs page by page (run by {@link FullSyncs}),
 * and the incremental adds and removes of each batch of membership events. Adds need the destination's
 * consent; removes never do. Transient failures are retried in place a few times and then thrown,
 * so the membership batch is redelivered (adds and removes are idempotent on the platforms);
 * permanent ones become dead letters.
 */
@Component
@RequiredArgsConstructor
public final class AudienceSync {

    private static final Logger LOG = LoggerFactory.getLogger(AudienceSync.class);
    private static final long MAX_INLINE_WAIT_MILLIS = 30_000;

    private final Catalog catalog;
    private final Profiles profiles;
    private final Senders senders;
    private final CircuitBreakers breakers;
    private final FailureClassifier classifier;
    private final Backoff backoff;
    private final ActivationIndices indices;
    private final EntryStore entryStore;
    private final ActivationProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;

    /** Applies adds and removes (profile ids) to the activation's audience; adds need consent. */
    public void apply(Activation activation, Collection<String> addIds, Collection<String> removeIds) {
        Destination destination = catalog.destination(activation.destinationId()).orElse(null);
        if (destination == null) {
            return;
        }
        String consent = destination.kind().consent();
        List<AudienceMember> adds = new ArrayList<>();
        long skipped = 0;
        for (ProfileSnapshot profile : people(destination, addIds)) {
            if (consent != null && !profile.consentedTo(consent)) {
                skipped++;
            } else {
                adds.add(audienceMember(profile));
            }
        }
        if (skipped > 0) {
            // counted, never listed: who withheld consent is personal data
            meters.counter("cdp.activation.sync.skipped", "reason", "no-consent", "kind", destination.kind().name())
                    .increment(skipped);
        }
        List<ProfileSnapshot> leaving = people(destination, removeIds);
        Set<String> survivorsStillIn = survivorsStillMembers(activation.segmentId(), removeIds, leaving);
        List<AudienceMember> removes = leaving.stream().filter(p -> !survivorsStillIn.contains(p.id().value()))
                .map(this::audienceMember).toList();
        send(activation, destination, adds, removes);
    }

    /**
     * A profile merged into another exits every segment, and reading it yields its survivor, whose
     * identifiers include the merged-away ones: removing them while the survivor is a member itself
     * would take a member out of the audience. Such exits are dropped when the survivor holds an open
     * entry; the entries are refreshed first so that an entry opened a moment ago counts.
     */
    private Set<String> survivorsStillMembers(String segmentId, Collection<String> removeIds,
            List<ProfileSnapshot> leaving) {
        Set<String> asked = Set.copyOf(removeIds);
        List<String> survivors = leaving.stream().map(p -> p.id().value()).filter(id -> !asked.contains(id))
                .toList();
        if (survivors.isEmpty()) {
            return Set.of();
        }
        entryStore.refresh();
        return entryStore.currentMembersAmong(segmentId, survivors);
    }

    /** One page of a full sync, read and ready to send; members without consent are among the removes. */
    public record PageChange(Activation activation, Destination destination, List<AudienceMember> adds,
            List<AudienceMember> removes, long removedNoConsent) {
    }

    /** What one page of a full sync sent; nothing when it became a dead letter. */
    public record PageOutcome(long added, long removed, long removedNoConsent) {
    }

    /**
     * Reads one page of a full sync: of these people (entries' profile ids, merged ids resolved to
     * their survivor), current members of the segment with consent are to be added; everyone else
     * removed: former members, and members whose consent is missing (withdrawn since they were added).
     * Membership is read live rather than from the sync's point in time, so an exit during a long
     * sync is not undone by the sync. Empty when the destination is gone.
     */
    public Optional<PageChange> readPage(Activation activation, Collection<String> profileIds) {
        Destination destination = catalog.destination(activation.destinationId()).orElse(null);
        if (destination == null) {
            return Optional.empty();
        }
        List<ProfileSnapshot> people = people(destination, profileIds);
        Set<String> current = entryStore.currentMembersAmong(activation.segmentId(),
                people.stream().map(p -> p.id().value()).toList());
        String consent = destination.kind().consent();
        List<AudienceMember> adds = new ArrayList<>();
        List<AudienceMember> removes = new ArrayList<>();
        long noConsent = 0;
        for (ProfileSnapshot person : people) {
            boolean member = current.contains(person.id().value());
            boolean consented = consent == null || person.consentedTo(consent);
            (member && consented ? adds : removes).add(audienceMember(person));
            noConsent += member && !consented ? 1 : 0;
        }
        return Optional.of(new PageChange(activation, destination, adds, removes, noConsent));
    }

    public PageOutcome sendPage(PageChange page) {
        return send(page.activation(), page.destination(), page.adds(), page.removes())
                ? new PageOutcome(page.adds().size(), page.removes().size(), page.removedNoConsent())
                : new PageOutcome(0, 0, 0);
    }

    /**
     * Sends the change with retries in place; false when the destination refused it for good and it
     * became a dead letter. Transient failures past the retries are thrown.
     */
    private boolean send(Activation activation, Destination destination, List<AudienceMember> adds,
            List<AudienceMember> removes) {
        if (adds.isEmpty() && removes.isEmpty()) {
            return true;
        }
        try {
            sendWithRetries(destination, activation, adds, removes);
        } catch (RuntimeException e) {
            if (classifier.classify(e) == FailureClassifier.Kind.TRANSIENT) {
                throw e;
            }
            String reason = classifier.reason(e);
            String id = UUID.randomUUID().toString();
            indices.syncDeadLetters().put(id, new SyncDeadLetter(id, activation.id(),
                    adds.stream().map(AudienceMember::profileId).toList(),
                    removes.stream().map(AudienceMember::profileId).toList(), reason, clock.instant()));
            meters.counter("cdp.activation.sync.dead-letters", "kind", destination.kind().name()).increment();
            LOG.warn("audience change of activation {} dead-lettered: {}", activation.id(), reason);
            return false;
        }
        meters.counter("cdp.activation.sync.identifiers", "kind", destination.kind().name())
                .increment(adds.size() + removes.size());
        return true;
    }

    /** Sends a dead letter's change again, reading the profiles as they are now. */
    public boolean retryDeadLetter(String id) {
        var letter = indices.syncDeadLetters().get(id);
        if (letter.isEmpty()) {
            return false;
        }
        Activation activation = catalog.activation(letter.get().document().activationId()).orElse(null);
        if (activation != null) {
            apply(activation, letter.get().document().adds(), letter.get().document().removes());
        }
        indices.syncDeadLetters().delete(id);
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
                if (classifier.classify(e) != FailureClassifier.Kind.TRANSIENT
                        || attempt >= properties.retry().inlineAttempts()) {
                    throw e;
                }
                // bounded, so that the membership consumer stays within its poll interval
                sleep(Math.min(MAX_INLINE_WAIT_MILLIS,
                        backoff.delay(attempt, classifier.retryAfter(e).orElse(null)).toMillis()));
            }
        }
    }

    /** The profiles, reading only identifiers and consent unless the destination needs traits. */
    private List<ProfileSnapshot> people(Destination destination, Collection<String> profileIds) {
        List<ProfileId> ids = profileIds.stream().map(ProfileId::of).toList();
        return senders.audience(destination.kind()).needsTraits() ? profiles.findAll(ids)
                : profiles.findIdentities(ids);
    }

    private AudienceMember audienceMember(ProfileSnapshot profile) {
        return AudienceMembers.of(profile, properties.defaultPhoneRegion());
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
