package io.cdp.imports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

import io.cdp.ingestion.OrderHistoryWindows;
import io.cdp.segmentation.Condition;
import io.cdp.segmentation.Definitions;
import io.cdp.segmentation.Evaluator;
import io.cdp.segmentation.SegmentDefinition;

/**
 * The time windows over orders of the segments, personas and stages in force, for the import summary. Lives in
 * the app because ingestion may not depend on segmentation (segmentation consumes what ingestion produces); it
 * reads the definitions the evaluator holds, which the segmentation catalog loads at start and keeps current.
 * A window is about orders when imported orders move what it looks at: an {@code Order Completed} or
 * {@code Order Refunded} event condition with "within the last N days", or {@code lastOrderAt},
 * {@code lastSeen} or {@code firstSeen} (imported orders are seen at their order time) "within the last N days"
 * or "more than N days ago".
 */
@Component
@RequiredArgsConstructor
class SegmentOrderWindows implements OrderHistoryWindows {

    private static final Set<String> ORDER_EVENTS = Set.of("Order Completed", "Order Refunded");
    /** The date metrics imported orders move, in words. */
    private static final Map<Condition.MetricName, String> SUBJECTS = Map.of(
            Condition.MetricName.LAST_ORDER_AT, "last order",
            Condition.MetricName.LAST_SEEN, "last seen",
            Condition.MetricName.FIRST_SEEN, "first seen");

    private final Evaluator evaluator;

    /** A window found in a condition tree, before its edge is placed on the calendar. */
    private record Found(String rule, int days, boolean recent, boolean byFirstOrder) {
    }

    @Override
    public List<Window> at(Instant now) {
        Definitions definitions = evaluator.definitions();
        ZoneId zone = evaluator.zone();
        LocalDate today = LocalDate.ofInstant(now, zone);
        List<Window> windows = new ArrayList<>();
        add(windows, "segment", definitions.segments(), today, zone);
        add(windows, "persona", definitions.personas(), today, zone);
        add(windows, "stage", definitions.stages(), today, zone);
        return windows;
    }

    private static void add(List<Window> windows, String kind, List<SegmentDefinition> definitions, LocalDate today,
                            ZoneId zone) {
        for (SegmentDefinition definition : definitions) {
            Set<Found> found = new LinkedHashSet<>();
            collect(definition.condition(), false, found);
            for (Found window : found) {
                LocalDate day = today.minusDays(window.days());
                windows.add(new Window(kind, definition.id(), definition.name() == null ? definition.id()
                        : definition.name(), window.rule(), window.days(), day, day.atStartOfDay(zone).toInstant(),
                        window.recent(), window.byFirstOrder()));
            }
        }
    }

    /**
     * @param negated under an odd number of {@code not}s: "not more than N days ago" is "within the last N days",
     *                and the other way round; an event window counts the same orders, its rule says "not"
     */
    private static void collect(Condition condition, boolean negated, Set<Found> found) {
        if (condition instanceof Condition.And and) {
            and.conditions().forEach(child -> collect(child, negated, found));
        } else if (condition instanceof Condition.Or or) {
            or.conditions().forEach(child -> collect(child, negated, found));
        } else if (condition instanceof Condition.Not not) {
            collect(not.condition(), !negated, found);
        } else if (condition instanceof Condition.Event event && ORDER_EVENTS.contains(event.event())
                && event.withinDays() != null) {
            found.add(new Found((negated ? "not " : "") + eventRule(event), event.withinDays(), true, false));
        } else if (condition instanceof Condition.Metric metric && metric.value() instanceof Number days
                && SUBJECTS.containsKey(metric.metric())
                && (metric.op() == Condition.Op.WITHIN_LAST_DAYS || metric.op() == Condition.Op.MORE_THAN_DAYS_AGO)) {
            boolean recent = (metric.op() == Condition.Op.WITHIN_LAST_DAYS) != negated;
            found.add(new Found(SUBJECTS.get(metric.metric()) + (recent ? " within the last " + days.intValue()
                    + " days" : " more than " + days.intValue() + " days ago"), days.intValue(), recent,
                    metric.metric() == Condition.MetricName.FIRST_SEEN));
        }
    }

    private static String eventRule(Condition.Event event) {
        String times = event.count() == null ? "" : " " + event.count() + (event.count() == 1 ? " time" : " times");
        String frequency = switch (event.frequency()) {
            case AT_LEAST -> "at least" + times;
            case AT_MOST -> "at most" + times;
            case EXACTLY -> "exactly" + times;
            case NEVER -> "never";
        };
        return String.format(Locale.ROOT, "%s %s%s within the last %d days", event.event(), frequency,
                event.filtered() ? " (with property filters)" : "", event.withinDays());
    }
}
