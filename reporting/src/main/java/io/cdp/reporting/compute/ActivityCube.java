package io.cdp.reporting.compute;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * A period's activity of each unified profile per cell of calendar bucket and channel or campaign, read in one scan,
 * and the views a report takes of it: per bucket (its series), per channel or campaign (its groups) and the whole
 * period (its totals). Merging cells is exact: a profile's sessions come from its event times, its orders' first
 * Order Completed from the earliest cell. ROPO orders are marked in each view, since whether a view of a product
 * came before an order depends on the order's first Order Completed within that view.
 */
final class ActivityCube {

    /** The key of the one cell of a period without buckets, or of events without a grouping. */
    static final String WHOLE = ReportingSearches.ALL;

    private final Map<String, Map<String, Map<String, Activity>>> cells = new HashMap<>();
    private final Supplier<RopoEvidence> readRopoEvidence;
    private final Map<String, Map<String, Map<String, Activity>>> views = new HashMap<>();
    private RopoEvidence ropoEvidence;

    /** @param readRopoEvidence reads the period's store orders' products and online product views, when needed */
    ActivityCube(Supplier<RopoEvidence> readRopoEvidence) {
        this.readRopoEvidence = readRopoEvidence;
    }

    /** The profiles' activity of a calendar bucket and a channel or campaign, for the scan to add to. */
    Map<String, Activity> cell(String bucket, String group) {
        return cells.computeIfAbsent(bucket, b -> new HashMap<>()).computeIfAbsent(group, g -> new HashMap<>());
    }

    /** Per calendar bucket start (as an ISO instant), each profile's activity. */
    Map<String, Map<String, Activity>> byBucket() {
        return view("bucket", (bucket, group) -> bucket);
    }

    /** Per channel or campaign ({@code ""} for events without one), each profile's activity. */
    Map<String, Map<String, Activity>> byGroup() {
        return view("group", (bucket, group) -> group);
    }

    /** Each profile's activity in the whole period. */
    Map<String, Activity> whole() {
        return view("whole", (bucket, group) -> WHOLE).getOrDefault(WHOLE, Map.of());
    }

    private Map<String, Map<String, Activity>> view(String name, BinaryOperator<String> key) {
        Map<String, Map<String, Activity>> view = views.get(name);
        if (view != null) {
            return view;
        }
        Map<String, Map<String, Activity>> merged = new HashMap<>();
        cells.forEach((bucket, groups) -> groups.forEach((group, profiles) -> {
            Map<String, Activity> target = merged.computeIfAbsent(key.apply(bucket, group), k -> new HashMap<>());
            profiles.forEach((profile, activity) -> target.computeIfAbsent(profile, p -> new Activity()).add(activity));
        }));
        if (merged.values().stream().flatMap(m -> m.values().stream()).anyMatch(a -> !a.storeOrders.isEmpty())) {
            if (ropoEvidence == null) {
                ropoEvidence = readRopoEvidence.get();
            }
            merged.values().forEach(ropoEvidence::mark);
        }
        views.put(name, merged);
        return merged;
    }
}
