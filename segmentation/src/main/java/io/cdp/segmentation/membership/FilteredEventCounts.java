package io.cdp.segmentation.membership;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.cdp.profile.EventCounts;
import io.cdp.profile.EventQuery;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.segmentation.Condition;
import io.cdp.segmentation.Evaluator;
import io.cdp.segmentation.SegmentationProperties;
import io.cdp.segmentation.definition.Values;

/**
 * Loads what filtered event conditions count, for a batch of profiles at once: every distinct
 * selection (event, filters, window) of the rules is counted once per batch, in one
 * {@link EventCounts} call. Rules without filtered event conditions cost nothing.
 * Windows are whole calendar days in the segmentation zone: "within the last N days" is from the
 * start of the day N days ago to the end of today, "from/to" from the start of {@code from} to the
 * end of {@code to}.
 */
@Component
public final class FilteredEventCounts {

    private final EventCounts counts;
    private final Clock clock;
    private final ZoneId zone;

    @Autowired
    FilteredEventCounts(EventCounts counts, SegmentationProperties properties, Clock clock) {
        this(counts, clock, properties.zone());
    }

    public FilteredEventCounts(EventCounts counts, Clock clock, ZoneId zone) {
        this.counts = counts;
        this.clock = clock;
        this.zone = zone;
    }

    /**
     * The counts of every selection of {@code rules}, per profile id (empty when the rules filter no
     * event: no query at all).
     *
     * @param refreshFirst count events written up to now (real time); scheduled pages do without
     */
    public Map<String, Map<Condition.EventSelection, Long>> load(Evaluator.Rules rules,
            Collection<ProfileSnapshot> profiles, boolean refreshFirst) {
        List<Condition.EventSelection> selections = List.copyOf(rules.eventSelections());
        if (selections.isEmpty() || profiles.isEmpty()) {
            return Map.of();
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        List<EventQuery> queries = selections.stream().map(s -> query(s, today)).toList();
        Map<String, Map<Condition.EventSelection, Long>> byProfile = new HashMap<>();
        counts.countEvents(profiles, queries, refreshFirst).forEach((id, found) -> {
            Map<Condition.EventSelection, Long> mine = new HashMap<>();
            for (int i = 0; i < found.length; i++) {
                mine.put(selections.get(i), found[i]);
            }
            byProfile.put(id.value(), mine);
        });
        return byProfile;
    }

    private EventQuery query(Condition.EventSelection selection, LocalDate today) {
        LocalDate first = selection.withinDays() != null ? today.minusDays(selection.withinDays()) : selection.from();
        LocalDate last = selection.withinDays() != null ? today : selection.to();
        return new EventQuery(selection.event(), selection.where().stream().map(FilteredEventCounts::filter).toList(),
                startOf(first), startOf(last.plusDays(1)));
    }

    private Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    private static EventQuery.PropertyFilter filter(Condition.PropertyFilter filter) {
        Object value = filter.value() instanceof List<?> list ? list.stream().map(FilteredEventCounts::value).toList()
                : value(filter.value());
        return new EventQuery.PropertyFilter(filter.property(), EventQuery.Op.valueOf(filter.op().name()), value);
    }

    /** Numbers as Jackson read them (int, long, BigDecimal) become one type; text and booleans stay. */
    private static Object value(Object value) {
        Object number = Values.decimal(value);
        return number != null ? number : value;
    }
}
