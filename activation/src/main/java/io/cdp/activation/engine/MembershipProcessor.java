package io.cdp.activation.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import lombok.RequiredArgsConstructor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.cdp.activation.domain.Activation;
import io.cdp.activation.domain.ActivationMode;
import io.cdp.activation.domain.Delivery;
import io.cdp.activation.domain.DeliveryState;
import io.cdp.activation.domain.Destination;
import io.cdp.activation.domain.Holdout;
import io.cdp.activation.store.ActivationIndices;
import io.cdp.activation.store.Catalog;
import io.cdp.activation.store.Entry;
import io.cdp.platform.elasticsearch.Documents;
import io.cdp.segmentation.MembershipEvent;
import io.cdp.segmentation.SegmentEntered;
import io.cdp.segmentation.SegmentExited;

/**
 * Turns a batch of membership events into stored work: the entry is recorded, triggered
 * activations get a delivery reserved under their idempotency key (create-only, so a replayed
 * event finds it taken and does nothing), audience syncs get the batch's net adds and removes.
 * Nothing is sent here; the {@link Dispatcher} sends what is stored, so the Kafka offset may be
 * committed as soon as this returns. Deliveries due at once are also handed to the dispatch loop
 * ({@link DeliveryHandoff}), which sends them without waiting for its search to find them. Events
 * about erased profiles, still in Kafka after the erasure, are left out; a profile erased while its
 * batch is stored has what the batch wrote erased again.
 */
@Component
@RequiredArgsConstructor
final class MembershipProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(MembershipProcessor.class);

    private final Catalog catalog;
    private final ActivationIndices indices;
    private final AudienceSync audienceSync;
    private final Erasure erasure;
    private final DeliveryHandoff handoff;
    private final Clock clock;

    public void process(List<MembershipEvent> events) {
        try {
            processBatch(events);
        } catch (RuntimeException e) {
            // the container retries the batch with backoff and logs nothing until it gives up: say why now
            LOG.warn("membership batch failed, will be retried", e);
            throw e;
        }
    }

    private void processBatch(List<MembershipEvent> batch) {
        Set<String> profileIds = batch.stream().map(e -> e.profileId().value())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> erased = erasure.erasedAmong(profileIds);
        List<MembershipEvent> events = batch.stream().filter(e -> !erased.contains(e.profileId().value())).toList();
        store(events);
        // an erasure marked after the check above may have deleted before these writes: erase again
        profileIds.removeAll(erased);
        erasure.erase(List.copyOf(erasure.erasedAmong(profileIds)));
    }

    /** The batch's entries (new ones created, others merged), then its reserved deliveries in one bulk request. */
    private void store(List<MembershipEvent> events) {
        Map<String, List<Activation>> bySegment = catalog.forSegments(events.stream().map(MembershipEvent::segmentId)
                .collect(Collectors.toSet()));
        Map<String, Optional<Destination>> destinations = new HashMap<>();
        Map<Activation, Map<String, Boolean>> audienceChanges = new LinkedHashMap<>();
        Map<String, Map<String, Object>> recorded = new LinkedHashMap<>();
        List<Documents.Write<Delivery>> reserved = new ArrayList<>();
        for (MembershipEvent event : events) {
            record(event, recorded);
            boolean entered = event instanceof SegmentEntered;
            for (Activation activation : bySegment.get(event.segmentId())) {
                if (activation.mode() == ActivationMode.AUDIENCE_SYNC) {
                    // the last change of a profile in the batch wins
                    audienceChanges.computeIfAbsent(activation, a -> new LinkedHashMap<>())
                            .put(event.profileId().value(), entered);
                } else if (activation.mode() == ActivationMode.TRIGGER
                        && (entered ? activation.onEntry() : activation.onExit())) {
                    destinations.computeIfAbsent(activation.destinationId(), catalog::destination)
                            .ifPresent(destination -> reserved.add(reserve(activation, destination, event, entered)));
                }
            }
        }
        storeEntries(recorded);
        // create-only: a replayed event finds its delivery reserved and leaves it as it is
        Instant now = clock.instant();
        handoff.offer(indices.deliveries().writeAll(reserved).values().stream()
                .filter(stored -> stored.document().state() == DeliveryState.PENDING
                        && !stored.document().dueAt().isAfter(now))
                .toList());
        audienceChanges.forEach((activation, changes) -> {
            Set<String> adds = new LinkedHashSet<>();
            Set<String> removes = new LinkedHashSet<>();
            changes.forEach((profileId, in) -> (in ? adds : removes).add(profileId));
            audienceSync.apply(activation, adds, removes);
        });
    }

    /**
     * An entry only entered is new: it is created without reading it. Exits, and entries whose create found them
     * stored (a replay, or an exit stored before its entry), merge their fields into the stored entry.
     */
    private void storeEntries(Map<String, Map<String, Object>> recorded) {
        List<Documents.Write<Entry>> created = new ArrayList<>();
        Map<String, Map<String, Object>> merged = new LinkedHashMap<>();
        recorded.forEach((entryId, fields) -> {
            if (fields.containsKey("exitedAt")) {
                merged.put(entryId, fields);
            } else {
                created.add(Documents.Write.create(entryId, new Entry(entryId, (String) fields.get("segmentId"),
                        (String) fields.get("profileId"), (Instant) fields.get("enteredAt"), null)));
            }
        });
        Set<String> written = indices.entries().writeAll(created).keySet();
        created.stream().filter(w -> !written.contains(w.id())).forEach(w -> merged.put(w.id(), recorded.get(w.id())));
        indices.entries().mergeAll(merged);
    }

    /** Adds the event's fields to its entry's (an entry entered and exited in one batch gets both). */
    private void record(MembershipEvent event, Map<String, Map<String, Object>> recorded) {
        Map<String, Object> fields = recorded.computeIfAbsent(event.entryId(), id -> new HashMap<>());
        fields.put("entryId", event.entryId());
        fields.put("segmentId", event.segmentId());
        fields.put("profileId", event.profileId().value());
        fields.put(event instanceof SegmentEntered ? "enteredAt" : "exitedAt", at(event));
    }

    private Documents.Write<Delivery> reserve(Activation activation, Destination destination, MembershipEvent event,
            boolean entered) {
        String change = entered ? "entered" : "exited";
        String profileId = event.profileId().value();
        Instant at = at(event);
        Instant now = clock.instant();
        boolean heldOut = entered && Holdout.heldOut(profileId, activation.id(), activation.holdoutPercent());
        Delivery delivery = new Delivery(Delivery.key(profileId, activation.id(), event.entryId(), change),
                activation.id(), destination.id(), profileId, event.segmentId(), event.entryId(), change,
                heldOut ? DeliveryState.HOLDOUT : DeliveryState.PENDING, destination.kind().name().toLowerCase(),
                at.plus(activation.delay()), null, 0, heldOut ? "holdout" : null, false, now, now, null);
        return Documents.Write.create(delivery.key(), delivery);
    }

    private static Instant at(MembershipEvent event) {
        return event instanceof SegmentEntered e ? e.at() : ((SegmentExited) event).at();
    }
}
