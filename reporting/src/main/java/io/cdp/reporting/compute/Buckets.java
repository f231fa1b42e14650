package io.cdp.reporting.compute;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

import io.cdp.reporting.KpiQuery;

/**
 * The calendar buckets of a series in UTC, as Elasticsearch's {@code date_histogram} cuts them (days, ISO
 * weeks from Monday, months), the first and last cut to the period.
 */
record Buckets(KpiQuery.Interval interval) {

    record Bucket(Instant start, Instant from, Instant to) {
    }

    List<Bucket> of(Instant from, Instant to) {
        List<Bucket> buckets = new ArrayList<>();
        for (LocalDate start = start(from); start.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(to);
                start = next(start)) {
            Instant at = start.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant end = next(start).atStartOfDay(ZoneOffset.UTC).toInstant();
            buckets.add(new Bucket(at, at.isBefore(from) ? from : at, end.isAfter(to) ? to : end));
        }
        return buckets;
    }

    private LocalDate start(Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return switch (interval) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    private LocalDate next(LocalDate start) {
        return switch (interval) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
        };
    }
}
