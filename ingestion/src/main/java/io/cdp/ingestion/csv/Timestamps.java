package io.cdp.ingestion.csv;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.List;
import java.util.Locale;

/**
 * Reads the date-times of an import: with an offset as written, without one in the import's zone.
 * Without a {@code timestamp-format} the common unambiguous forms are accepted; day/month orders
 * such as {@code 01/12/2010} are ambiguous and need the format.
 */
final class Timestamps {

    static final String COMMON = "yyyy-MM-dd['T'| ]HH:mm[:ss[.fraction]] with or without an offset "
            + "(Z, +01:00, +0100), yyyy-MM-dd or yyyyMMdd";

    private static final List<DateTimeFormatter> COMMON_FORMATS = List.of(
            new DateTimeFormatterBuilder().parseCaseInsensitive().append(DateTimeFormatter.ISO_LOCAL_DATE)
                    .optionalStart().appendLiteral('T').optionalEnd()
                    .optionalStart().appendLiteral(' ').optionalEnd()
                    .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
                    .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
                    .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
                    .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
                    .optionalEnd()
                    .optionalStart().appendLiteral(' ').optionalEnd()
                    .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
                    .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
                    .toFormatter(Locale.ROOT),
            DateTimeFormatter.ISO_LOCAL_DATE,
            DateTimeFormatter.BASIC_ISO_DATE);

    private final ZoneId zone;
    private final List<DateTimeFormatter> formats;
    private final String expected;

    Timestamps(ZoneId zone, String pattern) {
        this.zone = zone;
        this.formats = pattern == null ? COMMON_FORMATS : List.of(formatter(pattern));
        this.expected = pattern == null ? COMMON + " (or set timestamp-format)" : "the timestamp-format " + pattern;
    }

    /** @throws IllegalArgumentException naming the expected format */
    Instant parse(String text) {
        for (DateTimeFormatter format : formats) {
            try {
                return instant(format.parse(text.trim()));
            } catch (DateTimeParseException e) {
                // the next format may fit
            }
        }
        throw new IllegalArgumentException("timestamp must be " + expected + "; date-times without an offset are read in "
                + zone);
    }

    private Instant instant(TemporalAccessor parsed) {
        if (!parsed.isSupported(ChronoField.HOUR_OF_DAY)) {
            return LocalDate.from(parsed).atStartOfDay(zone).toInstant();
        }
        if (parsed.query(TemporalQueries.zone()) != null) {
            return ZonedDateTime.from(parsed).toInstant();
        }
        return LocalDateTime.from(parsed).atZone(zone).toInstant();
    }

    /** @return the pattern, checked */
    static String checkPattern(String pattern) {
        if (pattern != null) {
            formatter(pattern);
        }
        return pattern;
    }

    private static DateTimeFormatter formatter(String pattern) {
        try {
            return DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidImportOptionException("timestamp-format", "pattern",
                    "timestamp-format must be a date-time pattern such as dd/MM/yyyy HH:mm");
        }
    }
}
