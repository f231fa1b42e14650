package io.cdp.platform;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IsoTimeTest {

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .registerModule(IsoTime.jackson2Module());

    record Stamped(Instant at) {
    }

    @Test
    void readsWhatInstantParseReadsForRandomInstantsAtEveryPrecision() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 8_000_000_000L),
                    List.of(0, 123_000_000, 123_456_000, 123_456_789, 100_000_000).get(random.nextInt(5)));
            String text = instant.toString();
            assertThat(IsoTime.instant(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void readsFractionsOfAnyLengthAndTheFormsTheGeneralParserAccepts() {
        for (String text : List.of("2026-11-24T01:50:34.1Z", "2026-11-24T01:50:34.12Z", "2026-11-24T01:50:34.1234Z",
                "2024-02-29T23:59:59.999999999Z", "2026-11-24T01:50:34+02:00", "+12026-11-24T01:50:34Z",
                "1970-01-01T00:00:00Z", "2026-11-24T24:00:00Z", "2026-11-24T23:59:60Z", "2026-11-24T01:50:34.Z")) {
            assertThat(IsoTime.instant(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void rejectsWhatInstantParseRejects() {
        for (String text : List.of("2026-02-30T01:50:34Z", "2026-13-01T01:50:34Z", "2026-11-24T01:60:34Z",
                "2026-11-24T01:50:34.1234567890Z",
                "2026-11-24 01:50:34Z", "2026-1a-24T01:50:34Z", "2026-11-24T01:50:34")) {
            assertThatThrownBy(() -> IsoTime.instant(text)).as(text).isInstanceOf(DateTimeException.class);
        }
    }

    @Test
    void readsDaysLikeLocalDateParse() {
        LocalDate day = LocalDate.of(1999, 1, 1);
        for (int i = 0; i < 15_000; i++, day = day.plusDays(1)) {
            assertThat(IsoTime.date(day.toString())).isEqualTo(day);
        }
        assertThatThrownBy(() -> IsoTime.date("2026-02-30")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> IsoTime.date("2026-2-3")).isInstanceOf(DateTimeException.class);
    }

    @Test
    void jacksonReadsCanonicalTextOffsetsAndEpochNumbers() throws Exception {
        assertThat(mapper.readValue("{\"at\":\"2026-11-24T01:50:34.123Z\"}", Stamped.class).at())
                .isEqualTo(Instant.parse("2026-11-24T01:50:34.123Z"));
        assertThat(mapper.readValue("{\"at\":\"2026-11-24T03:50:34+02:00\"}", Stamped.class).at())
                .isEqualTo(Instant.parse("2026-11-24T01:50:34Z"));
        assertThat(mapper.readValue("{\"at\":1795484480.5}", Stamped.class).at())
                .isEqualTo(Instant.ofEpochSecond(1795484480L, 500_000_000));
        assertThat(mapper.readValue("{\"at\":null}", Stamped.class).at()).isNull();
    }

    @Test
    void writesWhatInstantToStringWritesForRandomInstantsAtEveryPrecisionAndOutsideFourDigitYears() {
        Random random = new Random(11);
        List<Integer> nanos = List.of(0, 1, 999_999_999, 120_000_000, 123_000_000, 123_400_000, 123_456_000, 123_456_700,
                123_456_789, 1_000, 1_000_000);
        for (int i = 0; i < 50_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 300_000_000_000L),
                    nanos.get(random.nextInt(nanos.size())));
            assertThat(IsoTime.text(instant)).isEqualTo(instant.toString());
        }
        for (Instant edge : List.of(Instant.EPOCH, Instant.parse("2024-02-29T23:59:59.999Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("1969-12-31T23:59:59.5Z"), Instant.MIN, Instant.MAX)) {
            assertThat(IsoTime.text(edge)).isEqualTo(edge.toString());
        }
    }

    @Test
    void jacksonWritesInstantsAsTheJavaTimeModuleDoes() throws Exception {
        ObjectMapper javaTime = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        ObjectMapper ours = new ObjectMapper().registerModule(new JavaTimeModule())
                .registerModule(IsoTime.jackson2Module()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        for (String text : List.of("2026-11-24T01:50:34Z", "2026-11-24T01:50:34.120Z", "2026-11-24T01:50:34.123456Z",
                "2026-11-24T01:50:34.000000001Z", "1901-01-01T00:00:00Z")) {
            Stamped stamped = new Stamped(Instant.parse(text));
            assertThat(ours.writeValueAsString(stamped)).isEqualTo(javaTime.writeValueAsString(stamped))
                    .isEqualTo("{\"at\":\"" + Instant.parse(text) + "\"}");
        }
        // a mapper that writes dates as numbers keeps doing so
        ObjectMapper numbers = new ObjectMapper().registerModule(new JavaTimeModule())
                .registerModule(IsoTime.jackson2Module());
        assertThat(numbers.writeValueAsString(new Stamped(Instant.ofEpochSecond(1, 500_000_000))))
                .isEqualTo("{\"at\":1.500000000}");
    }
}
