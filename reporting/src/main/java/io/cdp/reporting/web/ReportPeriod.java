package io.cdp.reporting.web;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import io.cdp.platform.InvalidValueException;
import io.cdp.reporting.KpiQuery;

/**
 * The period a console page reports on, as its query string says: the last 7, 30 or 90 days up to and
 * including today (UTC), or a custom range of whole days ({@code from} and {@code to} both included).
 */
record ReportPeriod(String choice, LocalDate firstDay, LocalDate lastDay) {

    static final String DEFAULT = "30d";

    static ReportPeriod of(String choice, String from, String to, Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        String picked = choice == null || choice.isBlank() ? DEFAULT : choice;
        return switch (picked) {
            case "7d" -> new ReportPeriod(picked, today.minusDays(6), today);
            case "30d" -> new ReportPeriod(picked, today.minusDays(29), today);
            case "90d" -> new ReportPeriod(picked, today.minusDays(89), today);
            case "custom" -> custom(from, to);
            default -> throw new InvalidValueException("period", "oneOf", "period must be 7d, 30d, 90d or custom");
        };
    }

    private static ReportPeriod custom(String from, String to) {
        LocalDate first = day("from", from);
        LocalDate last = day("to", to);
        if (last.isBefore(first)) {
            throw new InvalidValueException("to", "notBeforeFrom", "the last day must not be before the first day");
        }
        return new ReportPeriod("custom", first, last);
    }

    private static LocalDate day(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException(field, "required", "pick a " + (field.equals("from") ? "first" : "last")
                    + " day for a custom period");
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(field, "date", "a day is written 2026-11-30");
        }
    }

    /** Daily buckets; {@code to} is the start of the day after the last one (KPI periods are half-open). */
    KpiQuery query(KpiQuery.GroupBy groupBy) {
        return new KpiQuery(firstDay.atStartOfDay(ZoneOffset.UTC).toInstant(),
                lastDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), KpiQuery.Interval.DAY, groupBy);
    }

    public long days() {
        return lastDay.toEpochDay() - firstDay.toEpochDay() + 1;
    }
}
