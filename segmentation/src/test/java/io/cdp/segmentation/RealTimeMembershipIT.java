package io.cdp.segmentation;

import static io.cdp.segmentation.SegmentationTestKit.expectedEntryId;
import static io.cdp.segmentation.SegmentationTestKit.profile;
import static io.cdp.segmentation.SegmentationTestKit.readUntil;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import co.elastic.clients.elasticsearch.core.IndexRequest;
import io.cdp.profile.ProfileChanged;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileMerged;
import io.cdp.profile.domain.ProfileDocument;
import io.cdp.segmentation.membership.MembershipDocument;
import io.cdp.segmentation.store.MembershipStore;
import tools.jackson.databind.JsonNode;

/** Real-time evaluation on the real stack: profile changes in, memberships stored and published. */
@SpringBootTest(classes = SegmentationTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealTimeMembershipIT {

    private static final SegmentationTestKit KIT = new SegmentationTestKit("realtime");
    private static final String BIG_SPENDERS = "big-spenders";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        KIT.register(registry, Map.of());
    }

    @LocalServerPort
    int port;

    @Autowired
    MembershipStore memberships;

    private RestClient http;
    private KafkaConsumer<String, String> events;
    private final List<JsonNode> read = new ArrayList<>();

    @BeforeAll
    void defineSegment() {
        http = RestClient.create("http://127.0.0.1:" + port);
        http.put().uri("/api/segments/" + BIG_SPENDERS).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body("""
                        {"name": "Big spenders", "condition": {"type": "metric", "metric": "revenue", "op": "gte", "value": 100}}
                        """).retrieve().toBodilessEntity();
        events = KIT.membershipConsumer();
    }

    @AfterAll
    void cleanUp() {
        events.close();
        KIT.cleanUp();
    }

    @Test
    void entersSegmentWhenOrderPushesRevenueOverThreshold() {
        String id = SegmentationTestKit.newId().value();
        KIT.save(List.of(profile(id, Map.of("country", "DE"), 1, "50")));
        KIT.publish(id, new ProfileChanged(ProfileId.of(id), "order-1", Set.of("commerce"), Instant.now()));
        SegmentationTestKit.await(Duration.ofSeconds(60), () -> memberships.find(id).isPresent(), "first evaluation");
        assertThat(memberships.find(id).orElseThrow().segmentIds()).doesNotContain(BIG_SPENDERS);

        KIT.save(List.of(profile(id, Map.of("country", "DE"), 2, "150")));
        KIT.publish(id, new ProfileChanged(ProfileId.of(id), "order-2", Set.of("commerce"), Instant.now()));

        readUntil(events, read, r -> entered(r, id, BIG_SPENDERS).size() == 1);
        JsonNode entered = entered(read, id, BIG_SPENDERS).get(0);
        String entryId = expectedEntryId(id, BIG_SPENDERS, "order-2");
        assertThat(entered.get("type").asString()).isEqualTo("SegmentEntered");
        assertThat(entered.get("entryId").asString()).isEqualTo(entryId);
        assertThat(entered.get("cause").asString()).isEqualTo("order-2");
        MembershipDocument stored = memberships.find(id).orElseThrow();
        assertThat(stored.segmentIds()).contains(BIG_SPENDERS);
        assertThat(stored.outbox()).isEmpty();
        assertThat(memberships.history(id, 100)).anySatisfy(h -> {
            assertThat(h.kind()).isEqualTo("entered");
            assertThat(h.entryId()).isEqualTo(entryId);
        });
        String api = http.get().uri("/api/profiles/" + id + "/memberships").retrieve().body(String.class);
        assertThat(api).contains("\"segmentId\":\"" + BIG_SPENDERS + "\"").contains("\"stage\"");
    }

    @Test
    void publishesNothingWhenNothingChangedOrAChangeIsReplayed() {
        String quiet = SegmentationTestKit.newId().value();
        KIT.save(List.of(profile(quiet, Map.of(), 1, "500")));
        KIT.publish(quiet, new ProfileChanged(ProfileId.of(quiet), "q-1", Set.of("commerce"), Instant.now()));
        readUntil(events, read, r -> entered(r, quiet, BIG_SPENDERS).size() == 1);
        int before = about(read, quiet).size();

        // the same change replayed, then a change that changes nothing segmentation sees
        KIT.publish(quiet, new ProfileChanged(ProfileId.of(quiet), "q-1", Set.of("commerce"), Instant.now()));
        KIT.publish(quiet, new ProfileChanged(ProfileId.of(quiet), "q-2", Set.of("traits"), Instant.now()));
        // a later change of another profile that does publish: once it is out, the ones before were handled
        String marker = SegmentationTestKit.newId().value();
        KIT.save(List.of(profile(marker, Map.of(), 1, "300")));
        KIT.publish(marker, new ProfileChanged(ProfileId.of(marker), "m-1", Set.of("commerce"), Instant.now()));
        readUntil(events, read, r -> entered(r, marker, BIG_SPENDERS).size() == 1);

        assertThat(about(read, quiet)).hasSize(before);
    }

    @Test
    void mergedAwayProfileExitsEverythingAndSurvivorIsReevaluated() {
        String loser = SegmentationTestKit.newId().value();
        String survivor = SegmentationTestKit.newId().value();
        KIT.save(List.of(profile(loser, Map.of(), 3, "900"), profile(survivor, Map.of(), 0, "0")));
        KIT.publish(loser, new ProfileChanged(ProfileId.of(loser), "l-1", Set.of("commerce"), Instant.now()));
        readUntil(events, read, r -> entered(r, loser, BIG_SPENDERS).size() == 1);
        List<MembershipDocument.Entry> loserEntries = memberships.find(loser).orElseThrow().segments();

        // the store folds the loser into the survivor and leaves a redirect
        ProfileDocument merged = profile(survivor, Map.of(), 3, "900");
        ProfileDocument redirect = profile(loser, Map.of(), 3, "900");
        redirect.mergedInto = survivor;
        KIT.save(List.of(merged, redirect));
        KIT.publish(survivor, new ProfileMerged(ProfileId.of(survivor), List.of(ProfileId.of(loser)), Instant.now()));

        readUntil(events, read, r -> exited(r, loser).size() == loserEntries.size()
                && entered(r, survivor, BIG_SPENDERS).size() == 1);
        assertThat(exited(read, loser)).allSatisfy(e ->
                assertThat(e.get("cause").asString()).isEqualTo("merged-into:" + survivor));
        assertThat(exited(read, loser).stream().map(e -> e.get("entryId").asString()))
                .containsExactlyInAnyOrderElementsOf(loserEntries.stream().map(MembershipDocument.Entry::entryId)
                        .toList());
        MembershipDocument gone = memberships.find(loser).orElseThrow();
        assertThat(gone.segments()).isEmpty();
        assertThat(gone.mergedInto()).isEqualTo(survivor);
    }

    @Test
    void republishesStoredButUnpublishedEntriesWithTheSameEntryIdsOnReplay() throws Exception {
        String id = SegmentationTestKit.newId().value();
        KIT.save(List.of(profile(id, Map.of(), 1, "250")));
        // the state an instance had stored when it died before publishing: entry in the outbox
        String entryId = expectedEntryId(id, BIG_SPENDERS, "c-1");
        Instant at = Instant.now();
        MembershipDocument crashed = new MembershipDocument(id,
                List.of(new MembershipDocument.Entry(BIG_SPENDERS, entryId, "c-1", at)), null, null, null, null,
                null, List.of(new MembershipDocument.Change(true, BIG_SPENDERS, entryId, "c-1", at)), at);
        KIT.elasticsearch.index(IndexRequest.of(i -> i.index(KIT.prefix + "memberships").id(id).document(crashed)));

        KIT.publish(id, new ProfileChanged(ProfileId.of(id), "c-1", Set.of("commerce"), Instant.now()));

        readUntil(events, read, r -> entered(r, id, BIG_SPENDERS).size() >= 1);
        assertThat(entered(read, id, BIG_SPENDERS)).allSatisfy(e ->
                assertThat(e.get("entryId").asString()).isEqualTo(entryId));
        SegmentationTestKit.await(Duration.ofSeconds(30),
                () -> memberships.find(id).orElseThrow().outbox().isEmpty(), "outbox emptied");
    }

    private static List<JsonNode> about(List<JsonNode> read, String profileId) {
        return read.stream().filter(e -> e.get("profileId").asString().equals(profileId)).toList();
    }

    private static List<JsonNode> entered(List<JsonNode> read, String profileId, String segmentId) {
        return about(read, profileId).stream().filter(e -> e.get("type").asString().equals("SegmentEntered")
                && e.get("segmentId").asString().equals(segmentId)).toList();
    }

    private static List<JsonNode> exited(List<JsonNode> read, String profileId) {
        return about(read, profileId).stream().filter(e -> e.get("type").asString().equals("SegmentExited")).toList();
    }
}
