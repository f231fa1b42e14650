package io.cdp.ingestion.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;

class EventNormalizerTest {

    private static final Instant RECEIVED = Instant.parse("2026-01-10T12:00:00Z");
    private final JsonMapper json = JsonMapper.builder().build();
    private final Limits limits = new Limits(32 * 1024, 500 * 1024, 2500, 100);
    private final EventNormalizer normalizer = new EventNormalizer(json, limits,
            new EventTimeBounds(Instant.parse("2000-01-01T00:00:00Z"), Duration.ofDays(1)));
    private final RequestParser parser = new RequestParser(json, limits);

    private EventNormalizer.Result normalize(String call, String singleType) {
        return normalizer.normalize(json.readTree(call), singleType, json.createObjectNode(), "web", RECEIVED,
                "generated-id");
    }

    @Test
    void mapsTrackCallToEventIngestedWithGeneratedMessageId() {
        EventNormalizer.Result result = normalize("""
                {"userId":42,"event":"Order Completed","properties":{"revenue":10.5},
                 "context":{"ip":"1.2.3.4"},"integrations":{"All":true}}""", "track");

        EventIngested event = result.event();
        assertThat(event.type()).isEqualTo(EventType.TRACK);
        assertThat(event.userId()).isEqualTo("42");
        assertThat(event.messageId()).isEqualTo("generated-id");
        assertThat(event.sourceId()).isEqualTo("web");
        assertThat(event.event()).isEqualTo("Order Completed");
        assertThat(event.properties()).containsEntry("revenue", 10.5);
        assertThat(event.context()).containsEntry("ip", "1.2.3.4");
        assertThat(event.integrations()).containsEntry("All", true);
        assertThat(event.timestamp()).isEqualTo(RECEIVED);
        assertThat(event.receivedAt()).isEqualTo(RECEIVED);
    }

    @Test
    void correctsClientClockSkewFromSentAtAndOriginalTimestamp() {
        EventNormalizer.Result result = normalize("""
                {"anonymousId":"a1","originalTimestamp":"2020-01-01T00:00:00.000Z",
                 "sentAt":"2020-01-01T00:00:30.000Z"}""", "page");

        assertThat(result.event().timestamp()).isEqualTo(RECEIVED.minusSeconds(30));
    }

    @Test
    void acceptsAnalyticsJavaOffsetWithoutColon() {
        assertThat(EventNormalizer.parseInstant("2026-01-10T13:00:00.123+0100"))
                .isEqualTo(Instant.parse("2026-01-10T12:00:00.123Z"));
    }

    @Test
    void keepsClientTimestampWhenNoSentAt() {
        EventNormalizer.Result result = normalize("""
                {"anonymousId":"a1","timestamp":"2019-05-05T10:00:00Z"}""", "screen");

        assertThat(result.event().timestamp()).isEqualTo(Instant.parse("2019-05-05T10:00:00Z"));
    }

    @Test
    void refusesCallWithoutUserIdOrAnonymousId() {
        EventNormalizer.Result result = normalize("""
                {"userId":"  ","event":"Signed Up"}""", "track");

        assertThat(result.violation()).isEqualTo(
                Violation.of("userId", "userIdOrAnonymousId", "a call needs a userId or an anonymousId"));
    }

    @Test
    void refusesTrackWithoutEventAndAliasWithoutPreviousIdAndGroupWithoutGroupId() {
        assertThat(normalize("{\"userId\":\"u\"}", "track").violation().field()).isEqualTo("event");
        assertThat(normalize("{\"userId\":\"u\"}", "alias").violation().field()).isEqualTo("previousId");
        assertThat(normalize("{\"userId\":\"u\"}", "group").violation().field()).isEqualTo("groupId");
    }

    @Test
    void refusesMessageIdLongerThanLimit() {
        String call = "{\"userId\":\"u\",\"messageId\":\"" + "m".repeat(101) + "\"}";

        assertThat(normalize(call, "identify").violation().rule()).isEqualTo("maxLength");
        assertThat(normalize("{\"userId\":\"u\",\"messageId\":\"" + "m".repeat(100) + "\"}", "identify")
                .isAccepted()).isTrue();
    }

    @Test
    void refusesUnknownTypeAndNonObjectTraitsAndBadTimestamp() {
        assertThat(normalizer.normalize(json.readTree("{\"type\":\"purchase\",\"userId\":\"u\"}"), null,
                json.createObjectNode(), "web", RECEIVED, "id").violation().rule()).isEqualTo("oneOf");
        assertThat(normalize("{\"userId\":\"u\",\"traits\":[1]}", "identify").violation())
                .isEqualTo(Violation.of("traits", "object", "traits must be a JSON object"));
        assertThat(normalize("{\"userId\":\"u\",\"timestamp\":\"yesterday\"}", "identify").violation().rule())
                .isEqualTo("iso8601");
    }

    @Test
    void refusesCallLargerThanEventLimit() {
        String call = "{\"userId\":\"u\",\"traits\":{\"bio\":\"" + "x".repeat(33 * 1024) + "\"}}";

        assertThat(normalize(call, "identify").violation().rule()).isEqualTo("maxEventBytes");
    }

    @Test
    void mergesBatchContextUnderItemContextItemValuesWin() {
        ParsedRequest request = parser.parse("""
                {"batch":[{"type":"identify","userId":"u","traits":{"plan":"pro"},
                           "context":{"library":{"name":"item"},"traits":{"email":"x@example.com"}}}],
                 "context":{"library":{"name":"batch","version":"1"},"locale":"de-DE"},
                 "integrations":{"Mixpanel":false}}""".getBytes(), null);

        EventIngested event = normalizer.normalize(request.items().get(0), null, request.defaults(), "app",
                RECEIVED, "id").event();

        assertThat(event.context()).isEqualTo(Map.of(
                "library", Map.of("name", "item", "version", "1"),
                "locale", "de-DE",
                "traits", Map.of("email", "x@example.com")));
        assertThat(event.traits()).isEqualTo(Map.of("plan", "pro"));
        assertThat(event.integrations()).isEqualTo(Map.of("Mixpanel", false));
    }

    @Test
    void parserRefusesOversizedBatchAndInvalidJson() {
        ObjectNode body = json.createObjectNode();
        var batch = body.putArray("batch");
        for (int i = 0; i < 2501; i++) {
            batch.addObject().put("type", "page").put("anonymousId", "a");
        }
        InvalidTrackingRequestException tooMany = org.junit.jupiter.api.Assertions.assertThrows(InvalidTrackingRequestException.class,
                () -> parser.parse(json.writeValueAsBytes(body), null));
        assertThat(tooMany.violation()).isEqualTo(Violation.of("batch", "maxBatchEvents",
                "batch has 2501 calls; at most 2500 are allowed"));

        InvalidTrackingRequestException notJson = org.junit.jupiter.api.Assertions.assertThrows(InvalidTrackingRequestException.class,
                () -> parser.parse("{\"userId\":".getBytes(), "track"));
        assertThat(notJson.violation().rule()).isEqualTo("json");
    }

    @Test
    void parserTakesWriteKeyFromBodyAndItemsFromBatch() {
        ParsedRequest request = parser.parse("""
                {"writeKey":"k1","batch":[{"type":"page","anonymousId":"a"},{"type":"track"}]}""".getBytes(), null);

        assertThat(request.writeKey()).isEqualTo("k1");
        assertThat(request.items()).extracting(JsonNode::toString)
                .isEqualTo(List.of("{\"type\":\"page\",\"anonymousId\":\"a\"}", "{\"type\":\"track\"}"));
    }

    @Test
    void refusesEventTimeBeforeEarliestOrMoreThanMaxAheadNamingTheField() {
        assertThat(normalize("{\"userId\":\"u\",\"timestamp\":\"1000-01-01T00:00:00Z\"}", "identify").violation())
                .isEqualTo(Violation.of("timestamp", "eventTimeBounds", "the event time derived from timestamp "
                        + "must lie between 2000-01-01T00:00:00Z and PT24H after its receipt"));
        assertThat(normalize("{\"userId\":\"u\",\"originalTimestamp\":\"3000-01-01T00:00:00Z\"}", "identify")
                .violation().field()).isEqualTo("originalTimestamp");
        assertThat(normalize("{\"userId\":\"u\",\"timestamp\":\"-7973-12-01T00:00:00Z\"}", "identify")
                .violation().rule()).isEqualTo("eventTimeBounds");
        assertThat(normalize("{\"userId\":\"u\",\"timestamp\":\"1999-12-31T23:59:59.999Z\"}", "identify")
                .violation().rule()).isEqualTo("eventTimeBounds");
        assertThat(normalize("{\"userId\":\"u\",\"timestamp\":\"2026-01-11T12:00:00.001Z\"}", "identify")
                .violation().rule()).isEqualTo("eventTimeBounds");
    }

    @Test
    void acceptsEventTimesOnTheBounds() {
        assertThat(normalize("{\"userId\":\"u\",\"timestamp\":\"2000-01-01T00:00:00Z\"}", "identify").event()
                .timestamp()).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(normalize("{\"userId\":\"u\",\"timestamp\":\"2026-01-11T12:00:00Z\"}", "identify").event()
                .timestamp()).isEqualTo(RECEIVED.plus(Duration.ofDays(1)));
    }

    @Test
    void refusesSentAtThatSkewsAValidClientTimeOutOfBounds() {
        EventNormalizer.Result result = normalize("""
                {"userId":"u","originalTimestamp":"2026-01-10T11:00:00Z","sentAt":"9999-01-01T00:00:00Z"}""",
                "identify");

        assertThat(result.violation().field()).isEqualTo("sentAt");
        assertThat(result.violation().rule()).isEqualTo("eventTimeBounds");
    }

    @Test
    void correctsSkewedDeviceClocksWhateverTheirYearAndRefusesTimesBeyondAnyDate() {
        EventNormalizer.Result skewed = normalize("""
                {"userId":"u","originalTimestamp":"1970-01-01T00:00:00Z","sentAt":"1970-01-01T00:00:05Z"}""",
                "identify");
        EventNormalizer.Result beyond = normalize("""
                {"userId":"u","originalTimestamp":"-999999999-01-01T00:00:00Z",
                 "sentAt":"+999999999-12-31T00:00:00Z"}""",
                "identify");

        assertThat(skewed.event().timestamp()).isEqualTo(RECEIVED.minusSeconds(5));
        assertThat(beyond.violation().rule()).isEqualTo("eventTimeBounds");
    }
}
