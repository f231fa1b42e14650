package io.cdp.platform.kafka;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaJsonTest {

    record Stamped(Instant at) {
    }

    @Test
    void writesAndReadsInstantsAsJacksonDoesByDefault() {
        JsonMapper plain = JsonMapper.builder().build();
        for (String text : List.of("2026-11-24T01:50:34Z", "2026-11-24T01:50:34.120Z", "2026-11-24T01:50:34.123456Z",
                "2026-11-24T01:50:34.000000001Z", "1901-01-01T00:00:00Z", "+12026-11-24T01:50:34Z")) {
            Stamped stamped = new Stamped(Instant.parse(text));
            String json = KafkaJson.MAPPER.writeValueAsString(stamped);
            assertThat(json).isEqualTo(plain.writeValueAsString(stamped));
            assertThat(KafkaJson.MAPPER.readValue(json, Stamped.class)).isEqualTo(stamped);
        }
    }

    @Test
    void readsOffsetsAndEpochNumbersAsJacksonDoes() {
        assertThat(KafkaJson.MAPPER.readValue("{\"at\":\"2026-11-24T03:50:34+02:00\"}", Stamped.class).at())
                .isEqualTo(Instant.parse("2026-11-24T01:50:34Z"));
        assertThat(KafkaJson.MAPPER.readValue("{\"at\":1795484480.5}", Stamped.class).at())
                .isEqualTo(Instant.ofEpochSecond(1795484480L, 500_000_000));
        assertThat(KafkaJson.MAPPER.readValue("{\"at\":null}", Stamped.class).at()).isNull();
    }
}
