package io.cdp.segmentation.run;

import static io.cdp.segmentation.SegmentationTestKit.profile;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
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
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import co.elastic.clients.elasticsearch.core.IndexRequest;
import io.cdp.profile.domain.ProfileDocument;
import io.cdp.segmentation.SegmentationTestApplication;
import io.cdp.segmentation.SegmentationTestKit;
import io.cdp.segmentation.membership.MembershipDocument;
import io.cdp.segmentation.store.MembershipStore;
import io.cdp.segmentation.store.RunDocument;
import io.cdp.segmentation.store.RunStore;
import tools.jackson.databind.JsonNode;

/**
 * Scheduled evaluation, the definitions API, sizes, member lists and previews on the real stack,
 * over 50 profiles with revenue 0, 10 … 490 (even ones in DE), 10 profiles a page.
 */
@SpringBootTest(classes = SegmentationTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScheduledRunIT {

    private static final SegmentationTestKit KIT = new SegmentationTestKit("runs");
    private static final int PROFILES = 50;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        KIT.register(registry, Map.of("cdp.segmentation.schedule.page-size", "10",
                "cdp.segmentation.schedule.lease-timeout", "10m", "cdp.segmentation.preview-sample-size", "20"));
    }

    @LocalServerPort
    int port;

    @Autowired
    SegmentationRuns runs;

    @Autowired
    RunStore runStore;

    @Autowired
    MembershipStore memberships;

    private RestClient http;
    private final List<ProfileDocument> profiles = new ArrayList<>();

    @BeforeAll
    void seedProfiles() {
        http = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })
                .build();
        for (int i = 0; i < PROFILES; i++) {
            profiles.add(profile(SegmentationTestKit.newId().value(), Map.of("country", i % 2 == 0 ? "DE" : "FR"),
                    1, String.valueOf(i * 10)));
        }
        KIT.save(profiles);
    }

    @AfterAll
    void cleanUp() {
        KIT.cleanUp();
    }

    @Test
    @Order(1)
    void definitionChangeRunEntersAndExitsTheRightProfiles() {
        assertThat(put("/api/segments/rich", revenueAtLeast(300)).getStatusCode().value()).isEqualTo(200);
        awaitNoRunningRun();
        assertThat(size("rich")).isEqualTo(20);

        assertThat(put("/api/segments/rich", revenueAtLeast(400)).getStatusCode().value()).isEqualTo(200);
        awaitNoRunningRun();
        assertThat(size("rich")).isEqualTo(10);

        List<String> members = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = get("/api/segments/rich/members?size=4" + (after == null ? "" : "&after=" + after));
            page.get("members").forEach(m -> members.add(m.get("profileId").asString()));
            after = page.get("next").isNull() ? null : page.get("next").asString();
        } while (after != null);
        assertThat(members).containsExactlyElementsOf(profiles.subList(40, 50).stream().map(p -> p.id).sorted()
                .toList());
        ResponseEntity<String> csv = http.get().uri("/api/segments/rich/export").retrieve().toEntity(String.class);
        assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
        assertThat(csv.getBody().lines()).hasSize(11).first().isEqualTo("profile_id,entry_id,since");

        JsonNode exited = get("/api/profiles/" + profiles.get(35).id + "/memberships").get("history");
        assertThat(exited.valueStream().filter(h -> "rich".equals(h.path("segmentId").asString(null)))
                .map(h -> h.get("kind").asString())).containsExactly("entered", "exited");
        assertThat(get("/api/segments/rich/versions")).hasSize(2);
    }

    @Test
    @Order(2)
    void refusesInvalidDefinitionsNamingTheJsonPathAndRule() {
        ResponseEntity<String> invalid = put("/api/segments/bad",
                "{\"condition\": {\"type\": \"metric\", \"metric\": \"revenue\", \"op\": \"gte\", \"value\": \"lots\"}}");
        assertThat(invalid.getStatusCode().value()).isEqualTo(400);
        assertThat(invalid.getHeaders().getContentType().toString()).isEqualTo("application/problem+json");
        JsonNode problem = SegmentationTestKit.JSON.readTree(invalid.getBody());
        assertThat(problem.get("field").asString()).isEqualTo("$.condition.value");
        assertThat(problem.get("rule").asString()).isEqualTo("value.number");

        ResponseEntity<String> unknownOp = put("/api/segments/bad",
                "{\"condition\": {\"type\": \"metric\", \"metric\": \"revenue\", \"op\": \"huge\", \"value\": 1}}");
        assertThat(SegmentationTestKit.JSON.readTree(unknownOp.getBody()).get("field").asString())
                .isEqualTo("$.condition.op");

        assertThat(put("/api/segments/loop-a", inSegment("loop-b")).getStatusCode().value()).isEqualTo(400);
        assertThat(put("/api/segments/loop-b", revenueAtLeast(1)).getStatusCode().value()).isEqualTo(200);
        assertThat(put("/api/segments/loop-a", inSegment("loop-b")).getStatusCode().value()).isEqualTo(200);
        ResponseEntity<String> cycle = put("/api/segments/loop-b", inSegment("loop-a"));
        assertThat(cycle.getStatusCode().value()).isEqualTo(400);
        assertThat(SegmentationTestKit.JSON.readTree(cycle.getBody()).get("rule").asString())
                .isEqualTo("segment.cycle");

        ResponseEntity<String> drl = put("/api/segments/raw", "{\"drl\": \"ProfileFacts()\"}");
        assertThat(drl.getStatusCode().value()).isEqualTo(403);
        awaitNoRunningRun();
    }

    @Test
    @Order(3)
    void previewEstimatesFromItsSampleWithAnIntervalAroundItAndTheSavedSegmentCountsExactly() {
        String draft = "{\"id\": \"germans\", \"condition\": {\"type\": \"trait\", \"key\": \"country\","
                + " \"op\": \"equals\", \"value\": \"DE\"}}";
        for (long seed = 1; seed <= 10; seed++) {
            JsonNode estimate = preview(draft, seed);
            long matches = estimate.get("sampleMatches").asLong();
            assertThat(estimate.get("sampleSize").asInt()).isEqualTo(20);
            assertThat(estimate.get("totalProfiles").asLong()).isEqualTo(PROFILES);
            assertThat(estimate.get("exact").asBoolean()).isFalse();
            assertThat(estimate.get("estimate").asLong()).isEqualTo(Math.round(matches * PROFILES / 20.0));
            // how often such intervals hold the true size is computed exactly in SizeIntervalTest
            assertThat(estimate.get("low").asLong()).isLessThanOrEqualTo(estimate.get("estimate").asLong());
            assertThat(estimate.get("high").asLong()).isGreaterThanOrEqualTo(estimate.get("estimate").asLong());
        }

        assertThat(put("/api/segments/germans", draft).getStatusCode().value()).isEqualTo(200);
        awaitNoRunningRun();
        assertThat(size("germans")).isEqualTo(PROFILES / 2);
    }

    @Test
    @Order(3)
    void previewDrawsItsSampleAtRandomFromAllProfilesByItsSeed() {
        // the first 25 profiles saved have revenue 0 … 240, the last 25 have 250 … 490
        String draft = "{\"id\": \"late-spenders\", " + revenueAtLeast(250).substring(1);
        List<Long> matches = new ArrayList<>();
        for (long seed = 1; seed <= 12; seed++) {
            matches.add(preview(draft, seed).get("sampleMatches").asLong());
        }

        assertThat(matches).as("samples of 20 of 50 reach the profiles saved last").allMatch(m -> m > 0);
        assertThat(Set.copyOf(matches)).as("other seeds draw other profiles").hasSizeGreaterThan(1);
        assertThat(preview(draft, 4)).as("the same seed draws the same sample").isEqualTo(preview(draft, 4));
    }

    @Test
    @Order(4)
    void cancelledRunStopsBeforeItsNextPage() {
        RunDocument partial = runs.runPages("test", 1);
        assertThat(partial.status()).isEqualTo(RunDocument.RUNNING);
        assertThat(get("/api/segmentation/runs/" + partial.id()).get("processed").asLong()).isEqualTo(10);

        assertThat(http.delete().uri("/api/segmentation/runs/" + partial.id()).retrieve().toEntity(String.class)
                .getStatusCode().value()).isEqualTo(200);
        RunDocument cancelled = runs.resumeNow(partial.id()).orElseThrow();

        assertThat(cancelled.status()).isEqualTo(RunDocument.CANCELLED);
        assertThat(cancelled.processed()).isEqualTo(10);
        assertThat(cancelled.pages()).isEqualTo(1);
    }

    @Test
    @Order(5)
    void crashedRunResumesAfterItsLastFinishedPageWithoutRedoingIt() {
        // every profile now spends enough for "rich"; only a run can notice (no change events)
        profiles.forEach(p -> p.commerce.revenue = p.commerce.revenue.add(java.math.BigDecimal.valueOf(1000)));
        KIT.save(profiles);
        KafkaConsumer<String, String> events = KIT.membershipConsumer();

        RunDocument crashed = runs.runPages("test", 2);
        assertThat(crashed.status()).isEqualTo(RunDocument.RUNNING);
        assertThat(crashed.processed()).isEqualTo(20);
        String cursor = crashed.cursor();
        assertThat(cursor).isEqualTo(profiles.stream().map(p -> p.id).sorted().toList().get(19));

        RunDocument resumed = runs.resumeNow(crashed.id()).orElseThrow();

        assertThat(resumed.status()).isEqualTo(RunDocument.COMPLETED);
        assertThat(resumed.processed()).isEqualTo(PROFILES);
        assertThat(resumed.pages()).isEqualTo(5);
        assertThat(size("rich")).isEqualTo(PROFILES);
        String cause = "run:" + crashed.id();
        List<JsonNode> read = SegmentationTestKit.readUntil(events, new ArrayList<>(), r -> r.stream()
                .filter(e -> cause.equals(e.get("cause").asString()) && "rich".equals(e.get("segmentId").asString()))
                .count() >= 40);
        // each of the 40 profiles that entered did so exactly once: no page was evaluated twice
        assertThat(read.stream().filter(e -> cause.equals(e.get("cause").asString())
                && "rich".equals(e.get("segmentId").asString())).map(e -> e.get("profileId").asString()))
                .hasSize(40).doesNotHaveDuplicates();
        events.close();
    }

    @Test
    @Order(6)
    void outboxesARunLeavesInPlaceArePublishedOnceWhetherOrNotItsCursorPassedThem() throws Exception {
        List<String> ids = profiles.stream().map(p -> p.id).sorted().toList();
        String before = ids.get(5);
        String after = ids.get(30);
        // a run that died with its cursor after the first page, having stored further states with their events
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));
        RunDocument dead = runStore.create(new RunDocument(UUID.randomUUID().toString(), RunDocument.RUNNING, "test",
                PROFILES, 10, 0, 0, 1, ids.get(9), false, "a-dead-instance", longAgo, longAgo, null, null)).document();
        String cause = "run:" + dead.id();
        for (String id : List.of(before, after)) {
            MembershipDocument stored = memberships.find(id).orElseThrow();
            Instant at = Instant.now();
            String entryId = SegmentationTestKit.expectedEntryId(id, "rich", cause);
            List<MembershipDocument.Entry> segments = new ArrayList<>(stored.segments().stream()
                    .filter(e -> !"rich".equals(e.segmentId())).toList());
            segments.add(new MembershipDocument.Entry("rich", entryId, cause, at));
            MembershipDocument left = new MembershipDocument(id, segments, null, stored.persona(), null,
                    stored.stage(), stored.stageReason(), null,
                    List.of(new MembershipDocument.Change(true, "rich", entryId, cause, at)), at);
            KIT.elasticsearch.index(IndexRequest.of(i -> i.index(KIT.prefix + "memberships").id(id).document(left)));
        }
        KafkaConsumer<String, String> events = KIT.membershipConsumer();

        RunDocument resumed = runs.resumeNow(dead.id()).orElseThrow();
        RunDocument next = runs.runPages("test", Integer.MAX_VALUE);

        assertThat(resumed.status()).isEqualTo(RunDocument.COMPLETED);
        assertThat(next.status()).isEqualTo(RunDocument.COMPLETED);
        assertThat(next.changed()).isZero();
        List<JsonNode> ofDeadRun = readToTheEnd(events).stream()
                .filter(e -> cause.equals(e.get("cause").asString())).toList();
        // the cursor had passed one: published before the crash; the other is published by the resumed run, once
        assertThat(ofDeadRun).extracting(e -> e.get("profileId").asString()).containsExactly(after);
        assertThat(ofDeadRun.get(0).get("entryId").asString())
                .isEqualTo(SegmentationTestKit.expectedEntryId(after, "rich", cause));
        JsonNode history = get("/api/profiles/" + after + "/memberships").get("history");
        assertThat(history.valueStream().filter(h -> cause.equals(h.path("cause").asString(null)))).hasSize(1);
        events.close();
    }

    /** Every membership event published so far: all sends of a finished run are acknowledged. */
    private static List<JsonNode> readToTheEnd(KafkaConsumer<String, String> consumer) {
        List<JsonNode> read = new ArrayList<>();
        SegmentationTestKit.await(Duration.ofSeconds(60), () -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(SegmentationTestKit.JSON.readTree(r.value())));
            Set<TopicPartition> assigned = consumer.assignment();
            return !assigned.isEmpty() && consumer.endOffsets(assigned).entrySet().stream()
                    .allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
        }, "membership events to the end");
        return read;
    }

    private void awaitNoRunningRun() {
        SegmentationTestKit.await(Duration.ofSeconds(120), () -> !runs.busy()
                && runs.recent().stream().noneMatch(RunDocument::running), "runs to finish");
    }

    private JsonNode preview(String draft, long seed) {
        return SegmentationTestKit.JSON.readTree(http.post().uri("/api/segments/preview?seed=" + seed)
                .contentType(MediaType.APPLICATION_JSON).body(draft).retrieve().body(String.class));
    }

    private long size(String segment) {
        return get("/api/segments/" + segment + "/size").get("size").asLong();
    }

    private JsonNode get(String path) {
        return SegmentationTestKit.JSON.readTree(http.get().uri(path).retrieve().body(String.class));
    }

    private ResponseEntity<String> put(String path, String body) {
        return http.put().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .toEntity(String.class);
    }

    private static String revenueAtLeast(int value) {
        return "{\"condition\": {\"type\": \"metric\", \"metric\": \"revenue\", \"op\": \"gte\", \"value\": " + value
                + "}}";
    }

    private static String inSegment(String id) {
        return "{\"condition\": {\"type\": \"segment\", \"segment\": \"" + id + "\"}}";
    }
}
