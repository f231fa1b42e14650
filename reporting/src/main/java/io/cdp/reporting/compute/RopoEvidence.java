package io.cdp.reporting.compute;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What decides which store orders of a period are ROPO (research online, purchase offline): the products of each
 * store order, and each unified profile's times of online (channel not {@code store}) Product Viewed per product
 * from the ROPO window before the period's start to its end.
 *
 * @param products     store order id to its product ids
 * @param views        unified profile to product id to the epoch millis of its online views of it
 * @param windowMillis how long before an order a view counts
 */
record RopoEvidence(Map<String, Set<String>> products, Map<String, Map<String, TreeSet<Long>>> views,
        long windowMillis) {

    /**
     * Marks the store orders preceded by an online view of one of their products by the same profile, at most the
     * window before the order's first Order Completed of the activity.
     */
    void mark(Map<String, Activity> activity) {
        activity.forEach((profile, a) -> a.storeOrders.forEach(order -> {
            long at = a.orderAt.get(order);
            Map<String, TreeSet<Long>> viewed = views.getOrDefault(profile, Map.of());
            boolean researched = products.getOrDefault(order, Set.of()).stream().map(viewed::get)
                    .filter(Objects::nonNull).map(times -> times.floor(at))
                    .anyMatch(seen -> seen != null && seen >= at - windowMillis);
            if (researched) {
                a.ropoOrders.add(order);
            }
        }));
    }
}
