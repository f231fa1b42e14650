package io.cdp.profile.store;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The profile store's index names; the prefix lets tests and tenants run side by side. */
public record IndexNames(String prefix) {

    /** Beyond this many months a time span is searched by the events pattern rather than by naming each month. */
    static final int MAX_NAMED_MONTHS = 24;
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy.MM").withZone(ZoneOffset.UTC);

    public String profiles() {
        return prefix + "profiles";
    }

    public String identities() {
        return prefix + "identities";
    }

    public String eventsPattern() {
        return prefix + "events-*";
    }

    /** Events are kept in monthly indices by event time. */
    public String events(Instant timestamp) {
        return prefix + "events-" + MONTH.format(timestamp);
    }

    /**
     * The monthly indices that can hold events timestamped in {@code [from, to)}, or the events pattern for a
     * span of more than {@link #MAX_NAMED_MONTHS} months. Naming the months spares a search (and a refresh)
     * the shards of every other month, which an imported history of years makes many; indices that do not
     * exist must be ignored by the caller.
     */
    public List<String> eventsBetween(Instant from, Instant to) {
        if (Duration.between(from, to).compareTo(Duration.ofDays(31L * MAX_NAMED_MONTHS)) > 0) {
            return List.of(eventsPattern());
        }
        YearMonth last = YearMonth.from(to.minusNanos(1).atZone(ZoneOffset.UTC));
        List<String> months = new ArrayList<>();
        for (YearMonth month = YearMonth.from(from.atZone(ZoneOffset.UTC)); !month.isAfter(last);
                month = month.plusMonths(1)) {
            months.add(events(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        return months;
    }
}
