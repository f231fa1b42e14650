package io.cdp.platform;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;

/**
 * Reads and writes the dates our documents and records hold in the one form they are written in
 * ({@code 2026-11-24T01:50:34.123Z}, {@code 2026-11-24}) without {@code DateTimeFormatter}: a scheduled run reads
 * every profile and membership state, each with dozens of dates, and the formatter's general parsing took some 40 %
 * of the threads reading them; writing the dates of a run's membership changes took 6 % of the app's CPU. Anything
 * else (offsets, epoch numbers, leap seconds, years beyond four digits) goes to the general parsers, which also
 * report what is wrong with an invalid value; instants before 1970 or from the year 10000 are written by
 * {@link Instant#toString()}.
 */
public final class IsoTime {

    /** The first instant of the year 10000: from it on, years take more than four digits. */
    private static final long YEAR_10000 = 253_402_300_800L;

    private IsoTime() {
    }

    /**
     * A Jackson 2 module (the Elasticsearch client's JSON layer) reading and writing {@link Instant}s fast, the others
     * through the JavaTimeModule's; register it after that module. Kafka's records (Jackson 3): {@code KafkaJson}.
     */
    public static SimpleModule jackson2Module() {
        return new SimpleModule("cdp-iso-time").addDeserializer(Instant.class, new FastInstantDeserializer())
                .addSerializer(Instant.class, new FastInstantSerializer());
    }

    /**
     * {@code Instant.toString()}: {@code yyyy-MM-ddTHH:mm:ss} with a fraction of 3, 6 or 9 digits when the nanoseconds
     * need them, and {@code Z}.
     */
    public static String text(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds >= YEAR_10000) {
            return instant.toString();
        }
        LocalDate day = LocalDate.ofEpochDay(seconds / 86_400);
        int secondOfDay = (int) (seconds % 86_400);
        int nanos = instant.getNano();
        int fraction = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        char[] text = new char[20 + (fraction == 0 ? 0 : fraction + 1)];
        put(text, 0, day.getYear(), 4);
        text[4] = '-';
        put(text, 5, day.getMonthValue(), 2);
        text[7] = '-';
        put(text, 8, day.getDayOfMonth(), 2);
        text[10] = 'T';
        put(text, 11, secondOfDay / 3_600, 2);
        text[13] = ':';
        put(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        put(text, 17, secondOfDay % 60, 2);
        if (fraction > 0) {
            text[19] = '.';
            put(text, 20, nanos / (fraction == 3 ? 1_000_000 : fraction == 6 ? 1_000 : 1), fraction);
        }
        text[text.length - 1] = 'Z';
        return new String(text);
    }

    /** Writes {@code value} as {@code digits} decimal digits, zero-padded, at {@code at}. */
    private static void put(char[] text, int at, int value, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** {@code Instant.parse}, fast for {@code yyyy-MM-ddTHH:mm:ss[.f…]Z}: how the module reads text. */
    public static Instant instant(String text) {
        Instant fast = canonicalInstant(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** {@code LocalDate.parse}, fast for {@code yyyy-MM-dd}. */
    public static LocalDate date(String text) {
        LocalDate fast = text.length() == 10 ? fastDate(text) : null;
        return fast != null ? fast : LocalDate.parse(text);
    }

    /**
     * The instant, or null when the text is not in the canonical form (or not a valid date in it): for readers that
     * fall back on a general parser of their own.
     */
    public static Instant canonicalInstant(String s) {
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

    private static final class FastInstantSerializer extends StdScalarSerializer<Instant> {

        FastInstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            if (provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)) {
                InstantSerializer.INSTANCE.serialize(value, generator, provider);
            } else {
                generator.writeString(text(value));
            }
        }
    }

    private static final class FastInstantDeserializer extends StdScalarDeserializer<Instant> {

        FastInstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant fast = canonicalInstant(parser.getText().trim());
                if (fast != null) {
                    return fast;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }
}
