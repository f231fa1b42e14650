package io.cdp.activation.engine;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

import io.cdp.activation.ActivationProperties;
import io.cdp.activation.store.ActivationIndices;
import io.cdp.activation.store.Conversion;
import io.cdp.activation.store.Entry;
import io.cdp.activation.store.EntryStore;
import io.cdp.activation.store.MeasurementStore;
import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;
import io.cdp.platform.Sha256;
import io.cdp.profile.OrderAmounts;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Attributes conversion events to the membership entries their person entered within the
 * attribution window before converting. The person is found by userId, else anonymousId; one the
 * profile store has not resolved yet is retried (the batch fails, transiently) until
 * {@code unresolvedFor} after receipt, then skipped and counted. Refunds ({@code Order Refunded}) of an
 * attributed order are netted against it. Conversions are create-only under messageId × entryId, so replays
 * count once.
 */
@Component
@RequiredArgsConstructor
final class ConversionProcessor {

    private static final int MAX_ENTRIES = 100;
    /** At most a few refreshes of an index a second, whatever the rate of orders and refunds. */
    private static final Duration REFRESH_GAP = Duration.ofMillis(250);

    /** The person is not in the profile store yet; the batch is retried. */
    public static final class NotResolvedYet extends RuntimeException {
        NotResolvedYet() {
            super("the converting person is not resolved yet");
        }
    }

    private final Profiles profiles;
    private final EntryStore entries;
    private final MeasurementStore measurements;
    private final ActivationIndices indices;
    private final ActivationProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Refresher entriesRefresher = new Refresher();
    private final Refresher conversionsRefresher = new Refresher();

    /** Orders are attributed to their entries; refunds, after the batch's orders, to the entries of their order. */
    public synchronized void process(List<EventIngested> batch) {
        List<EventIngested> orders = new ArrayList<>();
        List<EventIngested> refunds = new ArrayList<>();
        for (EventIngested event : batch) {
            if (event.type() == EventType.TRACK && properties.conversion().events().contains(event.event())) {
                orders.add(event);
            } else if (event.type() == EventType.TRACK && Conversion.REFUND.equals(event.event())) {
                refunds.add(event);
            }
        }
        if (!orders.isEmpty()) {
            // the entries an order is attributed to were stored before the order arrived
            entriesRefresher.refreshUnlessDoneSince(orders.stream().map(EventIngested::receivedAt)
                    .max(Instant::compareTo).orElseThrow(), entries::refresh);
            orders.forEach(this::attribute);
        }
        if (!refunds.isEmpty()) {
            // the conversions of a refunded order may have been stored a moment ago, by this batch even
            conversionsRefresher.refreshUnlessDoneSince(clock.instant(), measurements::refreshConversions);
            refunds.forEach(this::net);
        }
    }

    /**
     * An order can follow its entry's email within a second, before the entries index refreshes on its own, and
     * the entries are found by a search (so are an order's conversions, which its refund can follow as fast). A
     * refresh begun after what must be found was stored makes it searchable; a consumer catching up finds that
     * done by an earlier batch's refresh. At most one refresh per {@link #REFRESH_GAP}, whatever the rate.
     */
    private final class Refresher {
        private Instant refreshedAt = Instant.MIN;
        private long refreshedNanos = System.nanoTime() - REFRESH_GAP.toNanos();

        void refreshUnlessDoneSince(Instant stored, Runnable refresh) {
            if (refreshedAt.isAfter(stored)) {
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
            refresh.run();
        }
    }

    private void attribute(EventIngested event) {
        Optional<ProfileSnapshot> profile = Optional.ofNullable(event.userId())
                .flatMap(id -> profiles.findByIdentifier("userId", id))
                .or(() -> Optional.ofNullable(event.anonymousId()).flatMap(id -> profiles.findByIdentifier("anonymousId", id)));
        if (profile.isEmpty()) {
            if (clock.instant().isBefore(event.receivedAt().plus(properties.conversion().unresolvedFor()))) {
                throw new NotResolvedYet();
            }
            meters.counter("cdp.activation.conversions.unattributed").increment();
            return;
        }
        String profileId = profile.get().id().value();
        // valued as the profile's revenue and reporting's revenue KPI value it, in the reporting currency
        BigDecimal revenue = OrderAmounts.completed(event).orElse(BigDecimal.ZERO);
        Instant from = event.timestamp().minus(properties.conversion().attributionWindow());
        for (Entry entry : entries.enteredBetween(profileId, from, event.timestamp(), MAX_ENTRIES)) {
            String id = Sha256.hex(event.messageId() + "|" + entry.entryId());
            if (indices.conversions().create(id, new Conversion(id, event.messageId(), entry.segmentId(),
                    entry.entryId(), profileId, event.event(), event.timestamp(), revenue, orderId(event)))) {
                meters.counter("cdp.activation.conversions", "segment", entry.segmentId()).increment();
            }
        }
    }

    /**
     * A refund of an attributed order becomes a conversion of each of the order's entries with its amount negative:
     * the activation's revenue is net of refunds. A refund of an order that was not attributed changes nothing.
     */
    private void net(EventIngested refund) {
        String orderId = orderId(refund);
        if (orderId == null) {
            meters.counter("cdp.activation.refunds.unattributed").increment();
            return;
        }
        // valued as the profile and reporting's revenue KPI value a refund: in the reporting currency
        BigDecimal amount = OrderAmounts.refunded(refund).orElse(BigDecimal.ZERO);
        for (Conversion order : measurements.conversionsOfOrder(orderId, MAX_ENTRIES)) {
            String id = Sha256.hex(refund.messageId() + "|" + order.entryId());
            if (indices.conversions().create(id, new Conversion(id, refund.messageId(), order.segmentId(),
                    order.entryId(), order.profileId(), refund.event(), refund.timestamp(), amount.negate(), orderId))) {
                meters.counter("cdp.activation.refunds", "segment", order.segmentId()).increment();
            }
        }
    }

    private static String orderId(EventIngested event) {
        Object orderId = event.properties().get("order_id");
        return orderId == null ? null : orderId.toString();
    }
}
