package io.cdp.segmentation.drl;

import io.cdp.segmentation.Condition;
import io.cdp.segmentation.DayCount;
import io.cdp.segmentation.definition.Values;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Collection;
import java.util.Map;

/**
 * Per-evaluation state of one rule session: "today" in the segmentation zone and the rules
 * that fired. Days are calendar days in the zone, so a 23- or 25-hour DST day still counts as
 * one day and "within the last N days" includes everything since the start of the day N days
 * before today.
 */
public final class EvaluationContext {

    private final LocalDate today;
    private final ZoneId zone;
    private final BitSet matched = new BitSet();

    public EvaluationContext(Instant now, ZoneId zone) {
        this.zone = zone;
        this.today = LocalDate.ofInstant(now, zone);
    }

    public void matched(int index) {
        matched.set(index);
    }

    BitSet matched() {
        return matched;
    }

    public LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, zone);
    }

    public long daysAgo(Instant instant) {
        return ChronoUnit.DAYS.between(day(instant), today);
    }

    public long countWithinDays(Map<LocalDate, Map<String, DayCount>> rollups, String event, int days) {
        return countBetween(rollups, event, today.minusDays(days), today);
    }

    public long countBetween(Map<LocalDate, Map<String, DayCount>> rollups, String event,
                             LocalDate from, LocalDate to) {
        long total = 0;
        for (Map.Entry<LocalDate, Map<String, DayCount>> day : rollups.entrySet()) {
            if (!day.getKey().isBefore(from) && !day.getKey().isAfter(to)) {
                DayCount count = day.getValue().get(event);
                total += count == null ? 0 : count.count();
            }
        }
        return total;
    }

    /** The timeline count loaded for a filtered event condition. */
    public long eventCount(Map<Condition.EventSelection, Long> counts, Object selection) {
        Long count = counts.get(selection);
        if (count == null) {
            throw new IllegalStateException("the facts lack the event count of a filtered event condition");
        }
        return count;
    }

    /** False for a metric the profile has no value of (the predicted ones before a CLV run scored it). */
    public boolean present(Object metric) {
        return metric != null;
    }

    /** Sign of {@code metric - threshold}. */
    public int compare(Object metric, BigDecimal threshold) {
        return Values.decimal(metric).compareTo(threshold);
    }

    public boolean traitEquals(Object trait, Object value) {
        BigDecimal a = Values.decimal(trait);
        BigDecimal b = Values.decimal(value);
        if (a != null && b != null) {
            return a.compareTo(b) == 0;
        }
        return trait != null && trait.equals(value);
    }

    public boolean traitIn(Object trait, Collection<?> values) {
        for (Object value : values) {
            if (traitEquals(trait, value)) {
                return true;
            }
        }
        return false;
    }

    /** A text trait containing the text, or a list trait containing an equal element. */
    public boolean traitContains(Object trait, Object value) {
        if (trait instanceof String text) {
            return value instanceof String part && text.contains(part);
        }
        return trait instanceof Collection<?> list && traitIn(value, list);
    }

    public BigDecimal traitNumber(Object trait) {
        return Values.decimal(trait);
    }

    /** Traits hold dates as ISO dates or instants (strings or java.time values). */
    public LocalDate traitDay(Object trait) {
        if (trait instanceof Instant instant) {
            return day(instant);
        }
        if (trait instanceof LocalDate date) {
            return date;
        }
        if (trait instanceof String text) {
            LocalDate date = Values.date(text);
            if (date != null) {
                return date;
            }
            try {
                return day(Instant.parse(text));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    public long daysSince(LocalDate day) {
        return ChronoUnit.DAYS.between(day, today);
    }
}
