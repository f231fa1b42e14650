package io.cdp.segmentation.membership;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.cdp.profile.ProfileSnapshot;
import io.cdp.segmentation.Condition;
import io.cdp.segmentation.DayCount;
import io.cdp.segmentation.ProfileFacts;

/**
 * Maps the profile store's snapshot to what segmentation evaluates. Rollup days are the store's
 * UTC days; with another segmentation zone a window edge can be off by the zone offset, because
 * the store keeps no finer timestamps per day. The day's revenue is attributed to its orders.
 */
public final class FactsMapper {

    static final String ORDER_COMPLETED = "Order Completed";

    private FactsMapper() {
    }

    /** @param eventCounts the profile's counts from {@link FilteredEventCounts} (null: the rules filter no event) */
    public static ProfileFacts facts(ProfileSnapshot p, Set<String> storedSegments,
            Map<Condition.EventSelection, Long> eventCounts) {
        ProfileSnapshot.Commerce c = p.commerce();
        ProfileSnapshot.Sessions s = p.sessions();
        ProfileFacts.Metrics metrics = new ProfileFacts.Metrics(c == null ? 0 : c.orders(),
                c == null ? BigDecimal.ZERO : c.revenue(), c == null ? BigDecimal.ZERO : c.averageOrderValue(),
                s == null ? 0 : s.count(), s == null ? 0 : s.bounceRate(), p.firstSeen(), p.lastSeen(),
                c == null ? null : c.lastOrderAt(), p.nps() == null ? null : p.nps().latestScore(),
                p.nps() == null ? null : p.nps().answeredAt());
        Map<LocalDate, Map<String, DayCount>> rollups = new HashMap<>();
        p.rollups().forEach((day, activity) -> {
            Map<String, DayCount> counts = new HashMap<>();
            activity.events().forEach((event, count) -> counts.put(event,
                    new DayCount(count, ORDER_COMPLETED.equals(event) ? activity.revenue() : BigDecimal.ZERO)));
            rollups.put(day, counts);
        });
        return new ProfileFacts(p.id().value(), p.known(), p.traits(), metrics, p.email().isPresent(), p.consent(),
                storedSegments, rollups, eventCounts);
    }
}
