package io.cdp.segmentation;

import static io.cdp.segmentation.SegmentationTestKit.readUntil;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import io.cdp.localstack.TestStack;
import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;
import io.cdp.platform.Topics;
import io.cdp.segmentation.membership.MembershipDocument;
import io.cdp.segmentation.run.SegmentationRuns;
import io.cdp.segmentation.store.MembershipStore;
import io.cdp.segmentation.store.RunDocument;
import tools.jackson.databind.JsonNode;

/**
 * "Order Completed where category = shoes and revenue > 100 at least 2 times in the last 30 days" on
 * the real stack, events going through the whole pipeline: the profile store resolves them, writes
 * profiles and timeline and publishes the changes, segmentation counts the timeline and evaluates.
 */
@SpringBootTest(classes = SegmentationTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FilteredEventConditionsIT {

    private static final SegmentationTestKit KIT = new SegmentationTestKit("filtered");
    private static final String EVENTS_TOPIC = "cdp.events." + KIT.name;
    private static final String STORE_GROUP = "cdp-profile-store-" + KIT.name;
    private static final String SEGMENTATION_GROUP = "cdp-segmentation-" + KIT.name;
    private static final String SHOE_BUYERS = "shoe-buyers";
    private static final String CONDITION = """
            {"type": "event", "event": "Order Completed",
             "where": [{"property": "category", "op": "equals", "value": "shoes"},
                       {"property": "revenue", "op": "gt", "value": 100}],
             "frequency": "atLeast", "count": 2, "withinDays": 30}""";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestStack.get().createTopics(1, EVENTS_TOPIC);
        // the store publishes to the one changes topic; no other test class of this module does
        KIT.register(registry, Map.of("cdp.profile.listener-enabled", "true",
                "cdp.profile.events-topic", EVENTS_TOPIC, "cdp.profile.consumer-group", STORE_GROUP,
                "cdp.profile.dead-letter-topic", "cdp.events.dlt." + KIT.name, "cdp.profile.concurrency", "1",
                "cdp.segmentation.changes-topic", Topics.PROFILE_CHANGES));
    }

    @LocalServerPort
    int port;

    @Autowired
    MembershipStore memberships;

    @Autowired
    Profiles profiles;

    @Autowired
    SegmentationRuns runs;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<JsonNode> read = new ArrayList<>();
    private final List<String> members = new ArrayList<>();
    private final List<String> nonMembers = new ArrayList<>();
    private RestClient http;
    private KafkaConsumer<String, String> published;
    private KafkaTemplate<String, EventIngested> producer;
    private Admin admin;

    @BeforeAll
    void defineSegment() {
        http = RestClient.create("http://127.0.0.1:" + port);
        put(SHOE_BUYERS);
        published = KIT.membershipConsumer();
        JacksonJsonSerializer<EventIngested> json = new JacksonJsonSerializer<>();
        json.setAddTypeInfo(false);
        producer = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), json));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.get().kafkaBootstrapServers()));
    }

    @AfterAll
    void cleanUp() {
        published.close();
        producer.destroy();
        admin.close();
        KIT.cleanUp();
    }

    @Test
    @Order(1)
    void entersInRealTimeExactlyWhenTheSecondMatchingOrderArrives() {
        String user = "shopper-" + run;
        send(order(user, null, "first-" + run, "shoes", 150, Instant.now()));
        send(order(user, null, "cheap-" + run, "shoes", 50, Instant.now()));
        send(order(user, null, "boots-" + run, "boots", 500, Instant.now()));
        send(order(user, null, "old-" + run, "shoes", 300, Instant.now().minus(Duration.ofDays(40))));
        awaitEverythingHandled();
        String id = profile("userId", user).id().value();
        assertThat(segmentsOf(id)).as("one matching order so far").doesNotContain(SHOE_BUYERS);

        send(order(user, null, "second-" + run, "shoes", 101, Instant.now()));

        readUntil(published, read, r -> !entered(r, id).isEmpty());
        assertThat(entered(read, id)).singleElement()
                .satisfies(e -> assertThat(e.get("cause").asString()).isEqualTo("second-" + run));
        assertThat(segmentsOf(id)).contains(SHOE_BUYERS);
        members.add(id);
    }

    @Test
    @Order(2)
    void countsTheOrdersOfAnAnonymousVisitorForTheKnownProfileItIsMergedInto() {
        String anonymous = "visitor-" + run;
        String user = "buyer-" + run;
        send(order(null, anonymous, "as-visitor-" + run, "shoes", 200, Instant.now()));
        send(order(user, null, "as-buyer-" + run, "shoes", 300, Instant.now()));
        awaitEverythingHandled();
        String visitor = profile("anonymousId", anonymous).id().value();
        String buyer = profile("userId", user).id().value();
        assertThat(visitor).isNotEqualTo(buyer);
        assertThat(segmentsOf(visitor)).doesNotContain(SHOE_BUYERS);
        assertThat(segmentsOf(buyer)).doesNotContain(SHOE_BUYERS);

        // the visitor logs in: one person, whose two orders stay on the timeline under their first ids
        send(new EventIngested("login-" + run, "web", EventType.IDENTIFY, null, null, user, anonymous, null, null,
                Instant.now(), Instant.now(), Map.of(), null, null, null));
        awaitEverythingHandled();

        String survivor = profile("userId", user).id().value();
        assertThat(profile("anonymousId", anonymous).id().value()).isEqualTo(survivor);
        assertThat(Set.of(visitor, buyer)).contains(survivor);
        readUntil(published, read, r -> !entered(r, survivor).isEmpty());
        assertThat(segmentsOf(survivor)).contains(SHOE_BUYERS);
        members.add(survivor);
    }

    @Test
    @Order(3)
    void aScheduledRunAndAPreviewComputeTheSameMembership() {
        String user = "once-" + run;
        send(order(user, null, "once-a-" + run, "shoes", 150, Instant.now()));
        send(order(user, null, "once-b-" + run, "shoes", 150, Instant.now().minus(Duration.ofDays(31))));
        awaitEverythingHandled();
        nonMembers.add(profile("userId", user).id().value());

        // the same condition saved again: the definition change runs over every profile
        Instant saved = Instant.now();
        put("shoe-buyers-again");
        SegmentationTestKit.await(Duration.ofSeconds(120), () -> runs.recent().stream().anyMatch(r ->
                !r.startedAt().isBefore(saved) && RunDocument.COMPLETED.equals(r.status())), "the run to complete");

        for (String id : members) {
            assertThat(segmentsOf(id)).as(id).contains(SHOE_BUYERS, "shoe-buyers-again");
        }
        for (String id : nonMembers) {
            assertThat(segmentsOf(id)).as(id).doesNotContain(SHOE_BUYERS, "shoe-buyers-again");
        }
        JsonNode preview = SegmentationTestKit.JSON.readTree(http.post().uri("/api/segments/preview")
                .contentType(MediaType.APPLICATION_JSON).body("{\"id\": \"draft\", \"condition\": " + CONDITION + "}")
                .retrieve().body(String.class));
        assertThat(preview.get("exact").asBoolean()).isTrue();
        assertThat(preview.get("estimate").asLong()).isEqualTo(members.size());
    }

    private void put(String segment) {
        http.put().uri("/api/segments/" + segment).contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\": \"Shoe buyers\", \"condition\": " + CONDITION + "}").retrieve().toBodilessEntity();
    }

    private static EventIngested order(String userId, String anonymousId, String messageId, String category,
            int revenue, Instant at) {
        return new EventIngested(messageId, "web", EventType.TRACK, "Order Completed", null, userId, anonymousId, null,
                null, at, Instant.now(), null, Map.of("category", category, "revenue", revenue), null, null);
    }

    private void send(EventIngested event) {
        done(producer.send(EVENTS_TOPIC, event.partitionKey(), event));
    }

    private static <T> T done(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private ProfileSnapshot profile(String type, String value) {
        return profiles.findByIdentifier(type, value).orElseThrow();
    }

    private List<String> segmentsOf(String profileId) {
        return memberships.find(profileId).map(MembershipDocument::segmentIds).orElse(List.of());
    }

    /** The store has applied every event sent, then segmentation every change the store published. */
    private void awaitEverythingHandled() {
        SegmentationTestKit.await(Duration.ofSeconds(60), () -> caughtUp(STORE_GROUP, EVENTS_TOPIC)
                && caughtUp(SEGMENTATION_GROUP, Topics.PROFILE_CHANGES), "the pipeline to catch up");
    }

    private boolean caughtUp(String group, String topic) {
        Map<TopicPartition, OffsetAndMetadata> committed =
                done(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        done(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        return done(admin.listOffsets(latest).all()).entrySet().stream().allMatch(end -> {
            OffsetAndMetadata handled = committed.get(end.getKey());
            return (handled == null ? 0 : handled.offset()) >= end.getValue().offset();
        });
    }

    private static List<JsonNode> entered(List<JsonNode> read, String profileId) {
        return read.stream().filter(e -> e.get("profileId").asString().equals(profileId)
                && e.get("type").asString().equals("SegmentEntered")
                && e.get("segmentId").asString().equals(SHOE_BUYERS)).toList();
    }
}
