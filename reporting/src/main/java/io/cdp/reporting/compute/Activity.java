package io.cdp.reporting.compute;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** One unified profile's events within a scope, summed exactly (a profile and the profiles merged into it). */
final class Activity {

    final Set<String> orders = new HashSet<>();
    long revenueMicros;
    long pageViews;
    long npsAnswers;
    long npsPromoters;
    long npsDetractors;
    long reviews;
    long ratingMicros;
    long storeVisits;
    /** Cost of goods and the revenue it covers of the scope's order and refund events, in millionths. */
    long goodsCostMicros;
    long costedRevenueMicros;
    /** Order and refund events of the scope that carry a cost of goods, and of those the Order Completed ones. */
    long costedEvents;
    long costedOrderEvents;
    /** The orders of the scope to their first Order Completed time in it, epoch millis. */
    final Map<String, Long> orderAt = new HashMap<>();
    /** What each order's Order Completed events of the scope add, in millionths. */
    final Map<String, Long> orderMicros = new HashMap<>();
    /** What the scope's Order Refunded events take from each order they name, in millionths (negative). */
    final Map<String, Long> refundMicros = new HashMap<>();
    /** The orders of the scope whose Order Completed channel is {@code store}. */
    final Set<String> storeOrders = new HashSet<>();
    /** The store orders preceded by an online view of one of their products within the ROPO window. */
    final Set<String> ropoOrders = new HashSet<>();
    /** Epoch millis of each event time to the events and the page / screen views at that time. */
    final TreeMap<Long, long[]> moments = new TreeMap<>();

    /** What an order's Order Completed events of the scope add, less its refunds of the scope. */
    long netMicros(String order) {
        return orderMicros.getOrDefault(order, 0L) + refundMicros.getOrDefault(order, 0L);
    }

    /**
     * Adds what another scope of the same profile holds: the two scopes together, as if read as one. ROPO orders are
     * not taken over: they depend on the merged scope's first Order Completed times, so they are marked afterwards.
     */
    void add(Activity other) {
        orders.addAll(other.orders);
        revenueMicros += other.revenueMicros;
        pageViews += other.pageViews;
        npsAnswers += other.npsAnswers;
        npsPromoters += other.npsPromoters;
        npsDetractors += other.npsDetractors;
        reviews += other.reviews;
        ratingMicros += other.ratingMicros;
        storeVisits += other.storeVisits;
        goodsCostMicros += other.goodsCostMicros;
        costedRevenueMicros += other.costedRevenueMicros;
        costedEvents += other.costedEvents;
        costedOrderEvents += other.costedOrderEvents;
        other.orderAt.forEach((order, at) -> orderAt.merge(order, at, Math::min));
        other.orderMicros.forEach((order, micros) -> orderMicros.merge(order, micros, Long::sum));
        other.refundMicros.forEach((order, micros) -> refundMicros.merge(order, micros, Long::sum));
        storeOrders.addAll(other.storeOrders);
        other.moments.forEach((at, moment) -> add(at, moment[0], moment[1]));
    }

    void add(long at, long events, long views) {
        long[] moment = moments.computeIfAbsent(at, t -> new long[2]);
        moment[0] += events;
        moment[1] += views;
    }

    /**
     * The profile's sessions in the scope: runs of its events (of any type) with no gap longer than {@code gapMillis}
     * between consecutive events.
     */
    SessionTotals sessions(long gapMillis) {
        SessionTotals totals = new SessionTotals();
        long start = 0;
        long last = 0;
        long events = 0;
        long views = 0;
        for (Map.Entry<Long, long[]> moment : moments.entrySet()) {
            if (events > 0 && moment.getKey() - last > gapMillis) {
                totals.add(events, views, last - start);
                events = 0;
                views = 0;
            }
            if (events == 0) {
                start = moment.getKey();
            }
            last = moment.getKey();
            events += moment.getValue()[0];
            views += moment.getValue()[1];
        }
        if (events > 0) {
            totals.add(events, views, last - start);
        }
        return totals;
    }

    /** Sessions, bounces (sessions of exactly one event, a page or screen view), their events and their millis. */
    static final class SessionTotals {

        long sessions;
        long bounces;
        long events;
        long millis;

        private void add(long sessionEvents, long sessionViews, long sessionMillis) {
            sessions++;
            if (sessionEvents == 1 && sessionViews == 1) {
                bounces++;
            }
            events += sessionEvents;
            millis += sessionMillis;
        }

        void add(SessionTotals other) {
            sessions += other.sessions;
            bounces += other.bounces;
            events += other.events;
            millis += other.millis;
        }
    }
}
