package io.cdp.activation.engine;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.cdp.activation.ActivationProperties;
import io.cdp.activation.domain.Hashing;
import io.cdp.activation.store.ActivationIndices;
import io.cdp.activation.store.Conversion;
import io.cdp.activation.store.Entry;
import io.cdp.activation.store.EntryStore;
import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;
import io.cdp.platform.elasticsearch.Documents;
import io.cdp.profile.OrderAmounts;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Attributes conversion events to the membership entries their person entered within the
 * attribution window before converting. The person is found by userId, else anonymousId; one the
 * profile store has not resolved yet is retried (the batch fails, transiently) until
 * {@code unresolvedFor} after receipt, then skipped and counted. Conversions are create-only under
 * messageId × entryId, so replays count once.
 */
@Component
final class ConversionProcessor {

    private static final int MAX_ENTRIES = 100;
    /** At most a few refreshes of the entries index a second, whatever the rate of orders. */
    private static final Duration REFRESH_GAP = Duration.ofMillis(250);

    /** The person is not in the profile store yet; the batch is retried. */
    public static final class NotResolvedYet extends RuntimeException {
        NotResolvedYet() {
            super("the converting person is not resolved yet");
        }
    }

    private final Profiles profiles;
    private final EntryStore entries;
    private final Documents<Conversion> conversions;
    private final Set<String> events;
    private final Duration window;
    private final Duration unresolvedFor;
    private final Clock clock;
    private final MeterRegistry meters;
    /** When this consumer last began to refresh the entries index: entries stored before then are searchable. */
    private Instant refreshedAt = Instant.MIN;
    private long refreshedNanos = System.nanoTime() - REFRESH_GAP.toNanos();

    ConversionProcessor(Profiles profiles, EntryStore entries, ActivationIndices indices, ActivationProperties properties,
            ObjectProvider<Clock> clock, ObjectProvider<MeterRegistry> meters) {
        this.profiles = profiles;
        this.entries = entries;
        this.conversions = indices.conversions();
        this.events = Set.copyOf(properties.conversion().events());
        this.window = properties.conversion().attributionWindow();
        this.unresolvedFor = properties.conversion().unresolvedFor();
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
    }

    public synchronized void process(List<EventIngested> batch) {
        List<EventIngested> conversionEvents = batch.stream()
                .filter(event -> event.type() == EventType.TRACK && events.contains(event.event())).toList();
        if (conversionEvents.isEmpty()) {
            return;
        }
        makeEntriesSearchable(conversionEvents.stream().map(EventIngested::receivedAt).max(Instant::compareTo)
                .orElseThrow());
        conversionEvents.forEach(this::attribute);
    }

    /**
     * An order can follow its entry's email within a second, before the entries index refreshes on its own, and
     * the entries are found by a search. The entries an order is attributed to were stored before the order
     * arrived, so a refresh begun after the newest order of the batch was received makes them all searchable;
     * a consumer catching up finds that done by an earlier batch's refresh.
     */
    private void makeEntriesSearchable(Instant newestReceived) {
        if (refreshedAt.isAfter(newestReceived)) {
            return;
        }
        long wait = refreshedNanos + REFRESH_GAP.toNanos() - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                // the container is stopping: refresh at once, the batch is still attributed
                Thread.currentThread().interrupt();
            }
        }
        refreshedAt = clock.instant();
        refreshedNanos = System.nanoTime();
        entries.refresh();
    }

    private void attribute(EventIngested event) {
        Optional<ProfileSnapshot> profile = Optional.ofNullable(event.userId())
                .flatMap(id -> profiles.findByIdentifier("userId", id))
                .or(() -> Optional.ofNullable(event.anonymousId()).flatMap(id -> profiles.findByIdentifier("anonymousId", id)));
        if (profile.isEmpty()) {
            if (clock.instant().isBefore(event.receivedAt().plus(unresolvedFor))) {
                throw new NotResolvedYet();
            }
            meters.counter("cdp.activation.conversions.unattributed").increment();
            return;
        }
        String profileId = profile.get().id().value();
        // valued as the profile's revenue and reporting's revenue KPI value it, in the reporting currency
        BigDecimal revenue = OrderAmounts.completed(event).orElse(BigDecimal.ZERO);
        for (Entry entry : entries.enteredBetween(profileId, event.timestamp().minus(window), event.timestamp(),
                MAX_ENTRIES)) {
            String id = Hashing.sha256Hex(event.messageId() + "|" + entry.entryId());
            if (conversions.create(id, new Conversion(id, event.messageId(), entry.segmentId(), entry.entryId(),
                    profileId, event.event(), event.timestamp(), revenue))) {
                meters.counter("cdp.activation.conversions", "segment", entry.segmentId()).increment();
            }
        }
    }
}
