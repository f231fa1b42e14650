package io.cdp.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import tools.jackson.databind.JsonNode;

import io.cdp.ingestion.source.SourceStore;
import io.cdp.localstack.Await;
import io.cdp.localstack.TestStack;
import io.cdp.platform.elasticsearch.ElasticsearchClients;
import io.cdp.platform.EventIngested;
import io.cdp.profile.ProfileStoreConfiguration;
import io.cdp.platform.Topics;

/**
 * Ingestion in front of the real profile store: every value the profile store could not store
 * (event times outside the bounds, amounts that are no finite number within the maximum, negative
 * orders, non-integral numeric ids, control characters in identifiers, over-deep traits) is refused
 * at the door with a 400 naming field and rule, over HTTP, and dead-lettered with field and rule
 * from the input topic; none of it reaches Kafka's events topic or Elasticsearch, and no month
 * index outside the bounds is created.
 */
@SpringBootTest(classes = {IngestionTestApplication.class, ProfileStoreConfiguration.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventBoundsIT extends IngestionItSupport {

    /** The profile store's own indices and consumer group, so that other tests' data does not interfere. */
    private static final String PREFIX = "bounds-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy.MM");

    /** One bad value per call, with the field and rule the answer must name. */
    private record Bad(String call, String body, String field, String rule) {
    }

    private static final List<Bad> BAD = List.of(
            new Bad("identify", "{\"userId\":\"u\",\"timestamp\":\"1000-01-01T00:00:00Z\"}", "timestamp",
                    "eventTimeBounds"),
            new Bad("identify", "{\"userId\":\"u\",\"timestamp\":\"1500-06-01T00:00:00Z\"}", "timestamp",
                    "eventTimeBounds"),
            new Bad("identify", "{\"userId\":\"u\",\"timestamp\":\"3000-01-01T00:00:00Z\"}", "timestamp",
                    "eventTimeBounds"),
            new Bad("identify", "{\"userId\":\"u\",\"originalTimestamp\":\"-7973-12-01T00:00:00Z\"}",
                    "originalTimestamp", "eventTimeBounds"),
            new Bad("track", order("\"NaN\""), "properties.revenue", "number"),
            new Bad("track", order("1e400"), "properties.revenue", "finite"),
            new Bad("track", order("1e999999999"), "properties.revenue", "finite"),
            new Bad("track", order("1.7e308"), "properties.revenue", "max"),
            new Bad("track", order("-25"), "properties.revenue", "nonNegative"),
            new Bad("track", "{\"userId\":\"u\",\"event\":\"Order Refunded\",\"properties\":{\"total\":-5}}",
                    "properties.total", "nonNegative"),
            new Bad("identify", "{\"userId\":1e400}", "userId", "wholeNumber"),
            new Bad("identify", "{\"userId\":\"u\",\"traits\":{\"email\":\"a\\u0000b@example.com\"}}", "traits.email",
                    "noControlCharacters"),
            new Bad("identify",
                    "{\"userId\":\"u\",\"traits\":{\"t\":" + "{\"a\":".repeat(19) + "1" + "}".repeat(19) + "}}",
                    "traits.t", "maxDepth"));

    private static String order(String revenue) {
        return "{\"userId\":\"u\",\"event\":\"Order Completed\",\"properties\":{\"revenue\":" + revenue + "}}";
    }

    @DynamicPropertySource
    static void ownProfileStore(DynamicPropertyRegistry registry) {
        registry.add("cdp.profile.index-prefix", () -> PREFIX);
        registry.add("cdp.profile.consumer-group", () -> PREFIX + "profile-store");
        registry.add("cdp.profile.concurrency", () -> "1");
    }

    @AfterAll
    static void deleteProfileStoreIndices() throws IOException {
        ElasticsearchClient client = ElasticsearchClients.create(TestStack.get().elasticsearchUrl());
        try {
            client.indices().delete(d -> d.index(PREFIX + "*").ignoreUnavailable(true).allowNoIndices(true));
            for (String template : List.of("profiles", "identities", "events")) {
                client.indices().deleteIndexTemplate(d -> d.name(PREFIX + template));
            }
        } finally {
            client._transport().close();
        }
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    SourceStore sources;

    @Autowired
    ElasticsearchClient elasticsearch;

    /** A source of its own per test, whose events are told apart from all others by its id. */
    private String sourceId;
    private String writeKey;

    private void newSource() {
        sourceId = unique("web");
        writeKey = sources.create(sourceId, "Website").writeKey();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send(post(port, path)
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void everyUnstorableValueGets400NamingFieldAndRuleAndNothingReachesElasticsearch() throws Exception {
        newSource();
        for (Bad bad : BAD) {
            HttpResponse<String> response = post("/v1/" + bad.call(), bad.body());

            assertThat(response.statusCode()).as(bad.body()).isEqualTo(400);
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("field").asString()).as(bad.body()).isEqualTo(bad.field());
            assertThat(problem.path("rule").asString()).as(bad.body()).isEqualTo(bad.rule());
        }
        // the bodies as written: parsed and written again, 1e400 would no longer be what a client sends
        String batch = BAD.stream().map(bad -> bad.body().substring(0, bad.body().length() - 1)
                + ",\"type\":\"" + bad.call() + "\"}").collect(Collectors.joining(",", "{\"batch\":[", "]}"));
        HttpResponse<String> refusedBatch = post("/v1/batch", batch);

        assertThat(refusedBatch.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(refusedBatch.body());
        assertThat(problem.path("rule").asString()).isEqualTo("noValidCall");
        assertThat(problem.path("rejected").valueStream()
                .map(r -> r.path("index").asInt() + ":" + r.path("field").asString() + ":" + r.path("rule").asString()))
                .containsExactlyElementsOf(IntStream.range(0, BAD.size())
                        .mapToObj(i -> i + ":" + BAD.get(i).field() + ":" + BAD.get(i).rule()).toList());

        try (TopicReader events = new TopicReader(Topics.EVENTS)) {
            assertThat(post("/v1/track", """
                    {"userId":"u","event":"Order Completed","messageId":"good","properties":{"revenue":1000000000}}""")
                    .statusCode()).isEqualTo(200);
            assertThat(events.events(sourceId, 1)).extracting(EventIngested::messageId).containsExactly("good");
        }
        assertThat(storedMessageIds()).containsExactly("good");
        assertNoMonthIndexOutsideBounds();
    }

    @Test
    void inputTopicDeadLettersOutOfBoundsTimesWithFieldAndRule() throws Exception {
        newSource();
        String marker = UUID.randomUUID().toString();
        try (TopicReader events = new TopicReader(Topics.EVENTS);
             TopicReader deadLetters = new TopicReader(Topics.EVENTS_DEAD_LETTER);
             KafkaProducer<String, byte[]> producer = inputProducer()) {
            for (String time : List.of("1000-01-01T00:00:00Z", "3000-01-01T00:00:00Z")) {
                producer.send(inputRecord("""
                        {"writeKey":"%s","type":"track","userId":"u","event":"E","messageId":"%s",
                         "timestamp":"%s","properties":{"marker":"%s"}}""".formatted(writeKey, time, time, marker)))
                        .get();
            }
            producer.send(inputRecord("""
                    {"writeKey":"%s","type":"track","userId":"u","event":"E","messageId":"good"}"""
                    .formatted(writeKey))).get();

            List<ConsumerRecord<String, byte[]>> dead = deadLetters.read(
                    r -> new String(r.value(), StandardCharsets.UTF_8).contains(marker), 2);
            assertThat(dead).extracting(r -> TopicReader.headers(r).get("cdp-field") + ":"
                    + TopicReader.headers(r).get("cdp-rule"))
                    .containsExactlyInAnyOrder("timestamp:eventTimeBounds", "timestamp:eventTimeBounds");
            assertThat(events.events(sourceId, 1)).extracting(EventIngested::messageId).containsExactly("good");
        }
        assertThat(storedMessageIds()).containsExactly("good");
        assertNoMonthIndexOutsideBounds();
    }

    /** Waits until the profile store stored this source's accepted event, then lists all it stored of the source. */
    private List<String> storedMessageIds() {
        Await.until(Duration.ofSeconds(60), () -> !searchMessageIds().isEmpty(), "the accepted event in Elasticsearch");
        return searchMessageIds();
    }

    private List<String> searchMessageIds() {
        try {
            return elasticsearch.search(s -> s.index(PREFIX + "events-*").allowNoIndices(true).size(100)
                            .query(q -> q.term(t -> t.field("sourceId").value(sourceId))), StoredEvent.class)
                    .hits().hits().stream().map(hit -> hit.source().messageId()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record StoredEvent(String messageId) {
    }

    private void assertNoMonthIndexOutsideBounds() throws IOException {
        Set<String> indices = elasticsearch.indices().get(g -> g.index(PREFIX + "events-*")).result().keySet();
        YearMonth earliest = YearMonth.of(2000, 1);
        YearMonth latest = YearMonth.from(Instant.now().plus(Duration.ofDays(1)).atZone(ZoneOffset.UTC));
        assertThat(indices).isNotEmpty().allSatisfy(index -> assertThat(
                YearMonth.parse(index.substring((PREFIX + "events-").length()), MONTH))
                .isBetween(earliest, latest));
    }
}
