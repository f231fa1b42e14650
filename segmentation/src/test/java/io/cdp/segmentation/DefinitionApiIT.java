package io.cdp.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * The definitions API on the real stack: a definition read by its id is exactly the one the list shows, through
 * saves, a save of a new version and a delete, for saved definitions and built-in defaults alike.
 */
class DefinitionApiIT extends BigSpendersStack {

    private static final SegmentationTestKit KIT = new SegmentationTestKit("definitions");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        KIT.register(registry, Map.of());
    }

    @Override
    SegmentationTestKit kit() {
        return KIT;
    }

    @Test
    void aDefinitionReadByIdIsTheOneTheListShowsThroughSavesAndDelete() {
        String id = "bargain-hunter-" + UUID.randomUUID().toString().substring(0, 8);
        String path = "/api/personas/" + id;
        assertThat(send("POST", "/api/personas", """
                {"id": "%s", "name": "Bargain hunter", "position": 2,
                 "condition": {"type": "metric", "metric": "aov", "op": "lt", "value": 20}}""".formatted(id)))
                .isEqualTo(201);
        assertThat(read(path)).isEqualTo(listed("personas", id));
        assertThat(read(path).get("version").asLong()).isEqualTo(1);

        assertThat(send("PUT", path, """
                {"name": "Bargain hunter (strict)", "position": 1,
                 "condition": {"type": "metric", "metric": "aov", "op": "lt", "value": 12.5}}""")).isEqualTo(200);
        JsonNode second = read(path);
        assertThat(second).isEqualTo(listed("personas", id));
        assertThat(second.get("version").asLong()).isEqualTo(2);
        assertThat(second.get("position").asInt()).isEqualTo(1);
        assertThat(second.at("/definition/name").asString()).isEqualTo("Bargain hunter (strict)");
        assertThat(read(path + "/versions")).extracting(v -> v.get("version").asLong()).containsExactly(2L, 1L);

        assertThat(read("/api/stages/awareness")).isEqualTo(listed("stages", "awareness"));
        assertThat(read("/api/stages/awareness").get("version").asLong()).isZero();
        assertThat(read("/api/segments/" + BIG_SPENDERS)).isEqualTo(listed("segments", BIG_SPENDERS));

        assertThat(send("DELETE", path, null)).isEqualTo(200);
        assertThat(send("GET", path, null)).isEqualTo(404);
        assertThat(listed("personas", id)).isNull();
    }

    private JsonNode read(String uri) {
        return SegmentationTestKit.JSON.readTree(http.get().uri(uri).retrieve().body(String.class));
    }

    private JsonNode listed(String kind, String id) {
        return StreamSupport.stream(read("/api/" + kind).spliterator(), false)
                .filter(c -> c.at("/definition/id").asString().equals(id)).findFirst().orElse(null);
    }

    private int send(String method, String uri, String body) {
        var request = http.method(HttpMethod.valueOf(method)).uri(uri);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return request.exchange((req, res) -> res.getStatusCode().value());
    }
}
