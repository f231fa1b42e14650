package io.cdp.activation.engine;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonData;
import io.cdp.activation.domain.Hashing;
import io.cdp.activation.store.Conversion;
import io.cdp.platform.elasticsearch.Documents;
import io.cdp.activation.store.Entry;
import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Attributes conversion events to the membership spells their person entered within the
 * attribution window before converting. The person is found by userId, else anonymousId; one the
 * profile store has not resolved yet is retried (the batch fails, transiently) until
 * {@code unresolvedFor} after receipt, then skipped and counted. Conversions are create-only under
 * messageId × entryId, so replays count once.
 */
public final class ConversionProcessor {

    private static final int MAX_SPELLS = 100;

    /** The person is not in the profile store yet; the batch is retried. */
    public static final class NotResolvedYet extends RuntimeException {
        NotResolvedYet() {
            super("the converting person is not resolved yet");
        }
    }

    private final Profiles profiles;
    private final Documents<Entry> entries;
    private final Documents<Conversion> conversions;
    private final Set<String> events;
    private final Duration window;
    private final Duration unresolvedFor;
    private final Clock clock;
    private final MeterRegistry meters;

    public ConversionProcessor(Profiles profiles, Documents<Entry> entries, Documents<Conversion> conversions,
            List<String> events, Duration window, Duration unresolvedFor, Clock clock, MeterRegistry meters) {
        this.profiles = profiles;
        this.entries = entries;
        this.conversions = conversions;
        this.events = Set.copyOf(events);
        this.window = window;
        this.unresolvedFor = unresolvedFor;
        this.clock = clock;
        this.meters = meters;
    }

    public void process(List<EventIngested> batch) {
        for (EventIngested event : batch) {
            if (event.type() == EventType.TRACK && events.contains(event.event())) {
                attribute(event);
            }
        }
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
        Query spells = Query.of(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("profileId").value(profileId)))
                .filter(f -> f.range(r -> r.untyped(u -> u.field("enteredAt")
                        .lte(JsonData.of(event.timestamp().toString()))
                        .gte(JsonData.of(event.timestamp().minus(window).toString())))))));
        BigDecimal revenue = revenue(event);
        for (Documents.Versioned<Entry> spell : entries.search(spells, "enteredAt", SortOrder.Desc, MAX_SPELLS)) {
            Entry entry = spell.document();
            String id = Hashing.sha256Hex(event.messageId() + "|" + entry.entryId());
            if (conversions.create(id, new Conversion(id, event.messageId(), entry.segmentId(), entry.entryId(),
                    profileId, event.event(), event.timestamp(), revenue))) {
                meters.counter("cdp.activation.conversions", "segment", entry.segmentId()).increment();
            }
        }
    }

    /** Same rule as the profile store's order totals: revenue, else total. */
    private static BigDecimal revenue(EventIngested event) {
        Object raw = event.properties().get("revenue") != null ? event.properties().get("revenue")
                : event.properties().get("total");
        try {
            return raw == null ? BigDecimal.ZERO : new BigDecimal(String.valueOf(raw));
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }
}
