package io.cdp.platform.elasticsearch;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

/**
 * Reads the dates our documents hold in the one form they are written in ({@code 2026-11-24T01:50:34.123Z},
 * {@code 2026-11-24}) without {@code DateTimeFormatter}: a scheduled run reads every profile and membership
 * state, each with dozens of dates, and the formatter's general parsing took some 40 % of the threads reading
 * them. Anything else (offsets, epoch numbers, leap seconds, years beyond four digits) goes to the general
 * parsers, which also report what is wrong with an invalid value.
 */
public final class IsoTime {

    private IsoTime() {
    }

    /** A Jackson module reading {@link Instant}s fast, the others through the JavaTimeModule's deserializer. */
    public static SimpleModule jacksonModule() {
        return new SimpleModule("cdp-iso-time").addDeserializer(Instant.class, new FastInstantDeserializer());
    }

    /** {@code Instant.parse}, fast for {@code yyyy-MM-ddTHH:mm:ss[.f…]Z}: how the module reads text. */
    public static Instant instant(String text) {
        Instant fast = fastInstant(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** {@code LocalDate.parse}, fast for {@code yyyy-MM-dd}. */
    public static LocalDate date(String text) {
        LocalDate fast = text.length() == 10 ? fastDate(text) : null;
        return fast != null ? fast : LocalDate.parse(text);
    }

    /** The instant, or null when the text is not in the canonical form (or not a valid date in it). */
    private static Instant fastInstant(String s) {
        int n = s.length();
        if (n < 20 || n == 21 || n > 30 || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':'
                || s.charAt(n - 1) != 'Z' || n > 20 && s.charAt(19) != '.') {
            return null;
        }
        LocalDate day = fastDate(s);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        int nanos = n > 20 ? digits(s, 20, n - 1) : 0;
        if (day == null || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59
                || nanos < 0) {
            return null;
        }
        for (int scale = Math.max(0, n - 21); scale < 9; scale++) {
            nanos *= 10;
        }
        return Instant.ofEpochSecond(day.toEpochDay() * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /**
     * The day {@code yyyy-MM-dd} at the start of the text, or null when it is not in that form or not a
     * date (say February 30th): the general parser then words the error.
     */
    private static LocalDate fastDate(String s) {
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        if (s.charAt(4) != '-' || s.charAt(7) != '-' || year < 0 || month < 0 || day < 0) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number in {@code [from, to)}, or -1 if a character there is not a digit. */
    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = s.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static final class FastInstantDeserializer extends StdScalarDeserializer<Instant> {

        FastInstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant fast = fastInstant(parser.getText().trim());
                if (fast != null) {
                    return fast;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }
}
