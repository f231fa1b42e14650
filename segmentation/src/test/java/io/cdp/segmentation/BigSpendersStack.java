package io.cdp.segmentation;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.client.RestClient;

import io.cdp.segmentation.store.MembershipStore;
import tools.jackson.databind.JsonNode;

/**
 * Segmentation on the real stack with the segment {@value #BIG_SPENDERS} (revenue ≥ 100) and a reader of the
 * membership events it publishes. A subclass names its kit and registers the kit's properties.
 */
@SpringBootTest(classes = SegmentationTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BigSpendersStack {

    static final String BIG_SPENDERS = "big-spenders";

    @LocalServerPort
    int port;

    @Autowired
    MembershipStore memberships;

    RestClient http;
    KafkaConsumer<String, String> events;
    final List<JsonNode> read = new ArrayList<>();

    abstract SegmentationTestKit kit();

    @BeforeAll
    void defineSegment() {
        http = RestClient.create("http://127.0.0.1:" + port);
        http.put().uri("/api/segments/" + BIG_SPENDERS).contentType(MediaType.APPLICATION_JSON).body("""
                {"name": "Big spenders", "condition": {"type": "metric", "metric": "revenue", "op": "gte", "value": 100}}
                """).retrieve().toBodilessEntity();
        events = kit().membershipConsumer();
    }

    @AfterAll
    void cleanUp() {
        events.close();
        kit().cleanUp();
    }

    static List<JsonNode> about(List<JsonNode> read, String profileId) {
        return read.stream().filter(e -> e.get("profileId").asString().equals(profileId)).toList();
    }

    static List<JsonNode> entered(List<JsonNode> read, String profileId, String segmentId) {
        return about(read, profileId).stream().filter(e -> e.get("type").asString().equals("SegmentEntered")
                && e.get("segmentId").asString().equals(segmentId)).toList();
    }

    static List<JsonNode> exited(List<JsonNode> read, String profileId) {
        return about(read, profileId).stream().filter(e -> e.get("type").asString().equals("SegmentExited")).toList();
    }
}
