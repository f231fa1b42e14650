package io.cdp.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cdp.bench.data.Call;
import io.cdp.bench.data.DemoDataGenerator;
import io.cdp.bench.data.Source;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ReplayerTest {

    @Test
    void batchesPerSourceKeepEachSourcesOrderAndLoseNothing() {
        List<Call> calls = DemoDataGenerator.generate(11, 2_000, Instant.parse("2026-11-01T00:00:00Z")).calls();

        List<Replayer.Batch> batches = Replayer.batches(calls, 50);

        assertThat(batches).allSatisfy(batch -> {
            assertThat(batch.calls()).hasSizeBetween(1, 50);
            assertThat(batch.calls()).allSatisfy(call -> assertThat(call.source()).isEqualTo(batch.source()));
        });
        for (Source source : List.of(Source.WEB, Source.APP, Source.POS)) {
            List<Call> sent = batches.stream().filter(batch -> batch.source() == source)
                    .flatMap(batch -> batch.calls().stream()).toList();
            assertThat(sent).isEqualTo(calls.stream().filter(call -> call.source() == source).toList());
        }
    }

    @Test
    void batchBodyStampsSentAtOnTheBatchAndEveryMessage() {
        Instant now = Instant.parse("2026-11-02T08:00:00Z");
        String body = PlatformClient.batchBody(List.of(Map.of("messageId", "m1", "type", "page", "anonymousId", "a",
                "timestamp", "2026-10-01T00:00:00Z")), now);

        JsonNode json = JsonMapper.builder().build().readTree(body);
        assertThat(json.path("sentAt").asString()).isEqualTo("2026-11-02T08:00:00Z");
        assertThat(json.path("batch").get(0).path("sentAt").asString()).isEqualTo("2026-11-02T08:00:00Z");
        assertThat(json.path("batch").get(0).path("timestamp").asString()).isEqualTo("2026-10-01T00:00:00Z");
        assertThat(json.path("batch").get(0).path("messageId").asString()).isEqualTo("m1");
    }

    @Test
    void moneyTravelsAsExactJsonNumbers() {
        String body = PlatformClient.batchBody(List.of(Map.of("messageId", "m1", "type", "track", "anonymousId", "a",
                "properties", Map.of("revenue", new java.math.BigDecimal("19.90")))), Instant.now());

        JsonNode revenue = JsonMapper.builder().build().readTree(body).path("batch").get(0).path("properties").path("revenue");
        assertThat(revenue.isNumber()).isTrue();
        assertThat(body).contains("\"revenue\":19.90");
    }

    @Test
    void writeKeyIsTheBasicUsernameWithAnEmptyPassword() {
        assertThat(PlatformClient.basic("wk_123", "")).isEqualTo("Basic d2tfMTIzOg==");
    }
}
