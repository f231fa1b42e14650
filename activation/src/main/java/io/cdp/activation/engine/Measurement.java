package io.cdp.activation.engine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.cdp.activation.domain.Activation;
import io.cdp.activation.domain.DeliveryState;
import io.cdp.activation.domain.Lift;
import io.cdp.activation.store.ActivationIndices;
import io.cdp.activation.store.ClvSnapshot;
import io.cdp.activation.store.Conversion;
import io.cdp.activation.store.DeliveryStore;
import io.cdp.activation.store.EntryStore;
import io.cdp.activation.store.MeasurementStore;
import io.cdp.platform.elasticsearch.Documents;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;

/**
 * Conversions and lift per activation over a period, and CLV snapshots of a segment's current members. A segment's
 * conversions, revenue and AOV are reporting's KPIs ({@code GET /api/measurement/segments/{id}}); the activation
 * figures stream the period's deliveries and conversions, fine up to millions, beyond that they become aggregations.
 */
@Component
public final class Measurement {

    private static final int PAGE = 1000;

    /** Treated were sent to, holdout deliberately not; lift = conv(treated) − conv(holdout) with a 95 % CI. */
    public record ActivationResult(String activationId, String segmentId, Instant from, Instant to, long orders,
            BigDecimal revenue, BigDecimal averageOrderValue, Lift lift) {
    }

    private final EntryStore entries;
    private final DeliveryStore deliveries;
    private final MeasurementStore measurements;
    private final Documents<ClvSnapshot> clv;
    private final Profiles profiles;
    private final Clock clock;

    Measurement(EntryStore entries, DeliveryStore deliveries, MeasurementStore measurements, ActivationIndices indices,
            Profiles profiles, Clock clock) {
        this.entries = entries;
        this.deliveries = deliveries;
        this.measurements = measurements;
        this.clv = indices.clv();
        this.profiles = profiles;
        this.clock = clock;
    }

    public ActivationResult activation(Activation activation, Instant from, Instant to) {
        Set<String> treated = new HashSet<>();
        Set<String> holdout = new HashSet<>();
        deliveries.scanCreatedInPeriod(activation.id(), from, to, PAGE, page -> page.forEach(d -> {
                    if (d.state() == DeliveryState.SENT && "entered".equals(d.change())) {
                        treated.add(d.entryId());
                    } else if (d.state() == DeliveryState.HOLDOUT) {
                        holdout.add(d.entryId());
                    }
                }));
        List<Conversion> converted = measurements.conversionsInPeriod(activation.segmentId(), from, to, PAGE);
        Set<String> treatedConverted = new HashSet<>();
        Set<String> holdoutConverted = new HashSet<>();
        List<Conversion> treatedConversions = new ArrayList<>();
        for (Conversion c : converted) {
            if (treated.contains(c.entryId())) {
                treatedConversions.add(c);
                if (!c.refund()) {
                    treatedConverted.add(c.entryId());
                }
            } else if (holdout.contains(c.entryId()) && !c.refund()) {
                holdoutConverted.add(c.entryId());
            }
        }
        Totals totals = Totals.of(treatedConversions);
        return new ActivationResult(activation.id(), activation.segmentId(), from, to, totals.orders(),
                totals.revenue(), totals.aov(), Lift.of(treatedConverted.size(), treated.size(),
                        holdoutConverted.size(), holdout.size()));
    }

    /** Records the historical CLV (revenue to date) and the predicted CLV of the segment's current members now. */
    public ClvSnapshot snapshotClv(String segmentId) {
        Value value = new Value();
        entries.scanCurrentMembers(segmentId, PAGE, page -> value.addAll(
                profiles.findAll(page.stream().map(e -> ProfileId.of(e.profileId())).distinct().toList())));
        Instant now = clock.instant();
        ClvSnapshot snapshot = value.snapshot(segmentId, now);
        clv.put(segmentId + "|" + now.toEpochMilli(), snapshot);
        clv.refresh();
        return snapshot;
    }

    public List<ClvSnapshot> clvHistory(String segmentId, Instant from, Instant to) {
        return measurements.clvInPeriod(segmentId, from, to, 1000);
    }

    /** The segment's last CLV snapshot, scheduled or on demand. */
    public Optional<ClvSnapshot> latestClv(String segmentId) {
        return measurements.latestClv(segmentId);
    }

    /** Segments that have current members, for the scheduled CLV snapshots. */
    public Set<String> segmentsWithMembers() {
        Set<String> segments = new HashSet<>();
        entries.scanAllCurrent(PAGE, page -> page.forEach(e -> segments.add(e.segmentId())));
        return segments;
    }

    /**
     * Historical and predicted CLV summed over profiles: the historical per customer (a profile with an order), as
     * reporting's {@code historicalClv} KPI; the predicted over those a CLV run scored.
     */
    private static final class Value {

        private long members;
        private long customers;
        private BigDecimal total = BigDecimal.ZERO;
        private long scored;
        private BigDecimal predicted = BigDecimal.ZERO;

        void addAll(List<ProfileSnapshot> found) {
            for (ProfileSnapshot p : found) {
                members++;
                customers += p.commerce().orders() > 0 ? 1 : 0;
                total = total.add(p.commerce().revenue());
                if (p.predictedValue() != null) {
                    scored++;
                    predicted = predicted.add(BigDecimal.valueOf(p.predictedValue().predictedClv()));
                }
            }
        }

        ClvSnapshot snapshot(String segmentId, Instant at) {
            BigDecimal predictedTotal = predicted.setScale(2, RoundingMode.HALF_UP);
            return new ClvSnapshot(segmentId, at, members, customers, total, average(total, customers), scored,
                    predictedTotal, average(predictedTotal, scored));
        }

        private static BigDecimal average(BigDecimal sum, long count) {
            return count == 0 ? BigDecimal.ZERO : sum.divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_UP);
        }
    }

    private record Totals(long orders, BigDecimal revenue, BigDecimal aov) {

        /**
         * Orders are distinct conversion events (one order attributed to two entries counts once); revenue is theirs
         * net of their refunds (each refund once, too), and the average order value is that net revenue per order,
         * as reporting's {@code averageOrderValue}.
         */
        static Totals of(List<Conversion> conversions) {
            Map<String, Conversion> byMessage = new HashMap<>();
            conversions.forEach(c -> byMessage.putIfAbsent(c.messageId(), c));
            long orders = byMessage.values().stream().filter(c -> !c.refund()).count();
            BigDecimal revenue = byMessage.values().stream().map(Conversion::revenue)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            return new Totals(orders, revenue, orders == 0 ? BigDecimal.ZERO
                    : revenue.divide(BigDecimal.valueOf(orders), 2, RoundingMode.HALF_UP));
        }
    }
}
