package io.cdp.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

import io.cdp.ingestion.source.SourceStore;
import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;
import io.cdp.platform.Topics;

@SpringBootTest(classes = IngestionTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrackingApiIT extends IngestionItSupport {

    @Value("${local.server.port}")
    int port;

    @Autowired
    SourceStore sources;

    @Autowired
    MeterRegistry meters;

    String sourceId;
    String writeKey;
    TopicReader events;

    @BeforeEach
    void createSource() {
        sourceId = unique("web");
        writeKey = sources.create(sourceId, "Website").writeKey();
        events = new TopicReader(Topics.EVENTS);
    }

    @AfterEach
    void closeReader() {
        events.close();
    }

    private HttpResponse<String> postJson(String path, String contentType, String body) throws Exception {
        return send(post(port, path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsAnalyticsJsTextPlainBatchWithWriteKeyInBody() throws Exception {
        HttpResponse<String> response = postJson("/v1/b", "text/plain", """
                {"writeKey":"%s","sentAt":"2026-01-01T00:00:01.000Z","batch":[
                  {"type":"page","anonymousId":"anon-1","messageId":"ajs-1","name":"Home",
                   "originalTimestamp":"2026-01-01T00:00:00.000Z","properties":{"path":"/"}},
                  {"type":"track","anonymousId":"anon-1","messageId":"ajs-2","event":"Clicked",
                   "originalTimestamp":"2026-01-01T00:00:00.500Z"}]}""".formatted(writeKey));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("{\"success\":true}"));
        List<EventIngested> seen = events.events(sourceId, 2);
        assertThat(seen).extracting(EventIngested::messageId).containsExactlyInAnyOrder("ajs-1", "ajs-2");
        EventIngested page = seen.stream().filter(e -> e.type() == EventType.PAGE).findFirst().orElseThrow();
        assertThat(page.name()).isEqualTo("Home");
        assertThat(page.properties()).containsEntry("path", "/");
        assertThat(page.timestamp()).isEqualTo(page.receivedAt().minusSeconds(1));
    }

    @Test
    void acceptsAnalyticsJavaImportWithTrailingSlashAndCorrectsTimestamps() throws Exception {
        HttpResponse<String> response = postJson("/v1/import/", "application/json; charset=utf-8", """
                {"writeKey":"%s","sentAt":"2026-01-01T10:00:10.000+0000",
                 "context":{"library":{"name":"analytics-java","version":"3.5.1"}},
                 "batch":[
                  {"type":"identify","userId":"user-7","messageId":"aj-1","timestamp":"2026-01-01T10:00:00.000+0000",
                   "traits":{"plan":"gold"},"context":{"traits":{"email":"someone@example.com"}}},
                  {"type":"track","userId":"user-7","messageId":"aj-2","event":"Order Completed",
                   "timestamp":"2026-01-01T10:00:05.000+0000","properties":{"revenue":12.5}}]}"""
                .formatted(writeKey));

        assertThat(response.statusCode()).isEqualTo(200);
        List<EventIngested> seen = events.events(sourceId, 2);
        assertThat(seen).hasSize(2);
        EventIngested identify = seen.stream().filter(e -> e.messageId().equals("aj-1")).findFirst().orElseThrow();
        assertThat(identify.timestamp()).isEqualTo(identify.receivedAt().minusSeconds(10));
        assertThat(identify.traits()).isEqualTo(Map.of("plan", "gold"));
        assertThat(identify.context()).isEqualTo(Map.of(
                "library", Map.of("name", "analytics-java", "version", "3.5.1"),
                "traits", Map.of("email", "someone@example.com")));
        EventIngested track = seen.stream().filter(e -> e.messageId().equals("aj-2")).findFirst().orElseThrow();
        assertThat(track.timestamp()).isEqualTo(track.receivedAt().minusSeconds(5));
        assertThat(track.event()).isEqualTo("Order Completed");
    }

    @Test
    void acceptsRudderStackGzipFormUrlencodedChunkedBodyWithBasicAuth() throws Exception {
        byte[] gzipped = gzip("""
                {"batch":[{"type":"screen","anonymousId":"device-9","messageId":"rs-1","name":"Cart",
                           "originalTimestamp":"2026-01-01T00:00:00Z","sentAt":"2026-01-01T00:00:02Z"}]}""");
        HttpRequest request = post(port, "/v1/batch")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Content-Encoding", "gzip")
                .header("Authorization", basic(writeKey))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(gzipped)))
                .build();

        HttpResponse<String> response = send(request);

        assertThat(response.statusCode()).isEqualTo(200);
        List<EventIngested> seen = events.events(sourceId, 1);
        assertThat(seen).singleElement().satisfies(event -> {
            assertThat(event.messageId()).isEqualTo("rs-1");
            assertThat(event.type()).isEqualTo(EventType.SCREEN);
            assertThat(event.anonymousId()).isEqualTo("device-9");
            assertThat(event.timestamp()).isEqualTo(event.receivedAt().minusSeconds(2));
        });
    }

    @Test
    void singleCallWithBasicAuthGetsDeterministicMessageIdAndRetryKeepsIt() throws Exception {
        String body = "{\"userId\":\"user-1\",\"event\":\"Signed Up\"}";
        HttpRequest request = post(port, "/v1/t").header("Authorization", basic(writeKey))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();

        assertThat(send(request).statusCode()).isEqualTo(200);
        assertThat(send(request).statusCode()).isEqualTo(200);

        List<EventIngested> seen = events.events(sourceId, 2);
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).messageId()).isNotBlank().isEqualTo(seen.get(1).messageId());
        assertThat(seen.get(0).event()).isEqualTo("Signed Up");
        assertThat(meters.counter("cdp.ingestion.events.accepted", "source", sourceId).count()).isEqualTo(2.0);
    }

    @Test
    void batchWithSomeInvalidCallsAcceptsValidOnesAndListsRejected() throws Exception {
        HttpResponse<String> response = postJson("/v1/batch", "application/json", """
                {"writeKey":"%s","batch":[
                  {"type":"track","userId":"u1","event":"A","messageId":"p-0"},
                  {"type":"track","event":"B","messageId":"p-1"},
                  {"type":"identify","userId":"u2","messageId":"p-2"},
                  {"type":"teleport","userId":"u3","messageId":"p-3"}]}""".formatted(writeKey));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("""
                {"success":true,"rejected":[
                  {"index":1,"field":"userId","rule":"userIdOrAnonymousId","reason":"a call needs a userId or an anonymousId"},
                  {"index":3,"field":"type","rule":"oneOf","reason":"type must be one of identify, track, page, screen, group, alias"}]}"""));
        assertThat(events.events(sourceId, 2)).extracting(EventIngested::messageId)
                .containsExactlyInAnyOrder("p-0", "p-2");
        assertThat(meters.counter("cdp.ingestion.events.rejected", "source", sourceId, "reason", "oneOf").count())
                .isEqualTo(1.0);
    }

    @Test
    void batchWithoutAnyValidCallIs400ListingEveryRejection() throws Exception {
        HttpResponse<String> response = postJson("/v1/batch", "application/json", """
                {"writeKey":"%s","batch":[{"type":"track","userId":"u1"}]}""".formatted(writeKey));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("""
                {"type":"urn:cdp:problem:ingestion:invalid-request","title":"Invalid request","status":400,
                 "detail":"no call in the batch is valid","instance":"/v1/batch","field":"batch","rule":"noValidCall",
                 "rejected":[{"index":0,"field":"event","rule":"required","reason":"a track call needs an event name"}]}"""));
        assertThat(events.events(sourceId, 0)).isEmpty();
    }

    @Test
    void callsWithoutIdsOrWithInvalidJsonOrLongMessageIdAre400NamingFieldAndRule() throws Exception {
        assertProblem(postJson("/v1/identify", "application/json",
                        "{\"writeKey\":\"%s\",\"traits\":{}}".formatted(writeKey)), "/v1/identify",
                "a call needs a userId or an anonymousId", "userId", "userIdOrAnonymousId");
        assertProblem(postJson("/v1/track", "application/json", "{\"writeKey\":"), "/v1/track",
                "the body is not valid JSON", "body", "json");
        assertProblem(postJson("/v1/p", "text/plain", "{\"writeKey\":\"%s\",\"anonymousId\":\"a\",\"messageId\":\"%s\"}"
                        .formatted(writeKey, "m".repeat(101))), "/v1/p",
                "messageId must not be longer than 100 characters", "messageId", "maxLength");
        assertThat(events.events(sourceId, 0)).isEmpty();
        // each refused call counts once, under its source once the write key is known
        assertThat(meters.counter("cdp.ingestion.events.rejected", "source", sourceId, "reason",
                "userIdOrAnonymousId").count()).isEqualTo(1.0);
        assertThat(meters.find("cdp.ingestion.events.rejected").tag("source", "unresolved")
                .tag("reason", "userIdOrAnonymousId").counter()).isNull();
        assertThat(meters.counter("cdp.ingestion.events.rejected", "source", "unresolved", "reason", "json").count())
                .isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void reviewsAndNpsAnswersOffTheirScaleAre400NamingTheFieldWhileStoreTouchpointsAreAccepted() throws Exception {
        assertProblem(postJson("/v1/track", "application/json", ("{\"writeKey\":\"%s\",\"userId\":\"u\","
                        + "\"event\":\"Survey Answered\",\"properties\":{\"survey\":\"nps\",\"score\":11}}")
                        .formatted(writeKey)), "/v1/track",
                "properties.score must be between 0 and 10", "properties.score", "range");
        assertProblem(postJson("/v1/track", "application/json", ("{\"writeKey\":\"%s\",\"userId\":\"u\","
                        + "\"event\":\"Product Reviewed\",\"properties\":{\"product_id\":\"p1\"}}").formatted(writeKey)),
                "/v1/track", "properties.rating is required", "properties.rating", "required");

        HttpResponse<String> response = postJson("/v1/batch", "application/json", """
                {"writeKey":"%s","batch":[
                  {"type":"track","userId":"u","event":"Store Visited","messageId":"s-0","properties":{"store_id":"b1"}},
                  {"type":"track","userId":"u","event":"Order Completed","messageId":"s-1",
                   "properties":{"order_id":"o-s1","revenue":12,"currency":"USD","channel":"store"}},
                  {"type":"track","userId":"u","event":"Survey Answered","messageId":"s-2",
                   "properties":{"survey":"nps","score":9}},
                  {"type":"track","userId":"u","event":"Product Reviewed","messageId":"s-3",
                   "properties":{"product_id":"p1","rating":4}}]}""".formatted(writeKey));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("{\"success\":true}"));
        assertThat(events.events(sourceId, 4)).extracting(EventIngested::event)
                .containsExactlyInAnyOrder("Store Visited", "Order Completed", "Survey Answered", "Product Reviewed");
    }

    @Test
    void enforcesEventRequestAndBatchLimitsWith400NamingTheLimit() throws Exception {
        String bigTrait = "x".repeat(33 * 1024);
        assertProblem(postJson("/v1/identify", "application/json",
                        "{\"writeKey\":\"%s\",\"userId\":\"u\",\"traits\":{\"t\":\"%s\"}}".formatted(writeKey, bigTrait)),
                "/v1/identify", "a call must not exceed 32768 bytes", "call", "maxEventBytes");

        StringBuilder huge = new StringBuilder("{\"writeKey\":\"" + writeKey + "\",\"batch\":[");
        for (int i = 0; i < 20; i++) {
            huge.append(i == 0 ? "" : ",").append("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"t\":\"")
                    .append("y".repeat(30 * 1024)).append("\"}}");
        }
        huge.append("]}");
        assertProblem(postJson("/v1/batch", "application/json", huge.toString()), "/v1/batch",
                "the request body exceeds 512000 bytes", "body", "maxRequestBytes");

        StringBuilder many = new StringBuilder("{\"writeKey\":\"" + writeKey + "\",\"batch\":[");
        for (int i = 0; i < 2501; i++) {
            many.append(i == 0 ? "" : ",").append("{\"type\":\"page\",\"anonymousId\":\"a\"}");
        }
        many.append("]}");
        assertProblem(postJson("/v1/batch", "application/json", many.toString()), "/v1/batch",
                "batch has 2501 calls; at most 2500 are allowed", "batch", "maxBatchEvents");
        assertThat(events.events(sourceId, 0)).isEmpty();
    }

    @Test
    void cutsOffGzipBombAtTheRequestLimit() throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(("{\"writeKey\":\"" + writeKey + "\",\"batch\":[").getBytes(StandardCharsets.UTF_8));
            byte[] spaces = new byte[1024 * 1024];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 100; i++) {
                gzip.write(spaces);
            }
        }
        assertThat(compressed.size()).isLessThan(200 * 1024);

        HttpResponse<String> response = send(post(port, "/v1/batch").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(compressed.toByteArray())).build());

        assertProblem(response, "/v1/batch", "the request body exceeds 512000 bytes", "body", "maxRequestBytes");
    }

    @Test
    void unknownOrMissingWriteKeyIs401Problem() throws Exception {
        HttpResponse<String> unknown = send(post(port, "/v1/track").header("Authorization", basic("nope"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u\",\"event\":\"E\"}")).build());
        HttpResponse<String> missing = postJson("/v1/track", "application/json", "{\"userId\":\"u\",\"event\":\"E\"}");

        for (HttpResponse<String> response : List.of(unknown, missing)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("""
                    {"type":"urn:cdp:problem:ingestion:unknown-write-key","title":"Unknown write key","status":401,
                     "detail":"missing or unknown write key","instance":"/v1/track","field":"writeKey","rule":"knownWriteKey"}"""));
        }
    }

    @Test
    void adminApiShowsKeyOnceRotatesAndDeletes() throws Exception {
        String id = unique("pos");
        HttpResponse<String> created = send(post(port, "/api/admin/sources").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\",\"name\":\"Stores\"}")).build());
        assertThat(created.statusCode()).isEqualTo(201);
        String key = JSON.readTree(created.body()).path("writeKey").asString();
        assertThat(key).hasSizeGreaterThan(20);

        HttpResponse<String> listed = send(post(port, "/api/admin/sources").GET().build());
        JsonNode entry = JSON.readTree(listed.body()).valueStream()
                .filter(node -> node.path("id").asString().equals(id)).findFirst().orElseThrow();
        assertThat(entry.path("keyPrefix").asString()).isEqualTo(key.substring(0, 6));
        assertThat(listed.body()).doesNotContain(key);
        assertThat(send(post(port, "/api/admin/sources/" + id).GET().build()).body()).doesNotContain(key);
        assertThat(send(post(port, "/api/admin/sources").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\"}")).build()).statusCode())
                .isEqualTo(409);

        assertThat(track(key).statusCode()).isEqualTo(200);
        HttpResponse<String> rotated = send(post(port, "/api/admin/sources/" + id + "/rotate")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        String newKey = JSON.readTree(rotated.body()).path("writeKey").asString();
        assertThat(newKey).isNotEqualTo(key);
        assertThat(track(key).statusCode()).isEqualTo(401);
        assertThat(track(newKey).statusCode()).isEqualTo(200);

        assertThat(send(post(port, "/api/admin/sources/" + id).DELETE().build()).statusCode()).isEqualTo(204);
        assertThat(track(newKey).statusCode()).isEqualTo(401);
        assertThat(send(post(port, "/api/admin/sources/" + id).GET().build()).statusCode()).isEqualTo(404);
    }

    @Test
    void adminApiRefusesInvalidSourceId() throws Exception {
        HttpResponse<String> response = send(post(port, "/api/admin/sources").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"Not Valid!\"}")).build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("field").asString()).isEqualTo("id");
    }

    private HttpResponse<String> track(String key) throws IOException, InterruptedException {
        return send(post(port, "/v1/track").header("Authorization", basic(key))
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u\",\"event\":\"E\"}")).build());
    }

    private void assertProblem(HttpResponse<String> response, String path, String detail, String field, String rule) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("""
                {"type":"urn:cdp:problem:ingestion:invalid-request","title":"Invalid request","status":400,
                 "detail":"%s","instance":"%s","field":"%s","rule":"%s"}""".formatted(detail, path, field, rule)));
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

}
