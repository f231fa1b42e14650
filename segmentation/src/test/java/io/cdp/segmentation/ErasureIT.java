package io.cdp.segmentation;

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
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import io.cdp.profile.ProfileChanged;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileMerged;
import io.cdp.profile.Topics;
import io.cdp.profile.domain.ProfileDocument;
import io.cdp.segmentation.store.MembershipStore;
import tools.jackson.databind.JsonNode;

/**
 * GDPR erase through the profile API on the real stack: the store's ProfileErased reaches segmentation on
 * the profile store's own topic, and segmentation forgets the person without publishing anything about them.
 */
@SpringBootTest(classes = SegmentationTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErasureIT {

    private static final SegmentationTestKit KIT = new SegmentationTestKit("erasure", Topics.PROFILE_CHANGES);
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
        http.put().uri("/api/segments/" + BIG_SPENDERS).contentType(MediaType.APPLICATION_JSON).body("""
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
    void erasingAPersonDeletesTheirMembershipsAndHistoryAndPublishesNothingAboutThem() {
        String person = SegmentationTestKit.newId().value();
        String absorbed = SegmentationTestKit.newId().value();
        String bystander = SegmentationTestKit.newId().value();
        KIT.save(List.of(profile(absorbed, Map.of(), 2, "300"), profile(bystander, Map.of(), 2, "300")));
        KIT.publish(absorbed, new ProfileChanged(ProfileId.of(absorbed), "a-1", Set.of("commerce"), Instant.now()));
        KIT.publish(bystander, new ProfileChanged(ProfileId.of(bystander), "b-1", Set.of("commerce"),
                Instant.now()));
        readUntil(events, read, r -> entered(r, absorbed) == 1 && entered(r, bystander) == 1);
        // the store merges the absorbed profile into the person's
        ProfileDocument merged = profile(person, Map.of(), 2, "300");
        merged.absorbedProfiles.add(absorbed);
        ProfileDocument redirect = profile(absorbed, Map.of(), 2, "300");
        redirect.mergedInto = person;
        KIT.save(List.of(merged, redirect));
        KIT.publish(person, new ProfileMerged(ProfileId.of(person), List.of(ProfileId.of(absorbed)), Instant.now()));
        readUntil(events, read, r -> entered(r, person) == 1 && exits(r, absorbed) > 0);
        // history is appended, and the outbox emptied, once the events are out
        SegmentationTestKit.await(Duration.ofSeconds(30), () -> memberships.find(person).orElseThrow().outbox().isEmpty()
                && memberships.find(absorbed).orElseThrow().outbox().isEmpty(), "outboxes emptied");
        assertThat(memberships.history(person, 100)).isNotEmpty();
        assertThat(memberships.history(absorbed, 100)).isNotEmpty();
        int publishedAboutThem = about(read, person) + about(read, absorbed);

        http.delete().uri("/api/profiles/{id}", person).retrieve().toBodilessEntity();

        SegmentationTestKit.await(Duration.ofSeconds(60), () -> memberships.find(person).isEmpty()
                && memberships.find(absorbed).isEmpty(), "memberships of the erased person deleted");
        assertThat(memberships.history(person, 100)).isEmpty();
        assertThat(memberships.history(absorbed, 100)).isEmpty();
        assertThat(memberships.find(bystander).orElseThrow().segmentIds()).contains(BIG_SPENDERS);
        assertThat(memberships.history(bystander, 100)).isNotEmpty();
        // a later change is out: had the erasure published exits of the person, they would be out before it
        String marker = SegmentationTestKit.newId().value();
        KIT.save(List.of(profile(marker, Map.of(), 1, "500")));
        KIT.publish(marker, new ProfileChanged(ProfileId.of(marker), "m-1", Set.of("commerce"), Instant.now()));
        readUntil(events, read, r -> entered(r, marker) == 1);
        assertThat(about(read, person) + about(read, absorbed)).isEqualTo(publishedAboutThem);
    }

    private static int about(List<JsonNode> read, String profileId) {
        return (int) read.stream().filter(e -> e.get("profileId").asString().equals(profileId)).count();
    }

    private static int entered(List<JsonNode> read, String profileId) {
        return (int) read.stream().filter(e -> e.get("profileId").asString().equals(profileId)
                && e.get("type").asString().equals("SegmentEntered")
                && e.get("segmentId").asString().equals(BIG_SPENDERS)).count();
    }

    private static int exits(List<JsonNode> read, String profileId) {
        return (int) read.stream().filter(e -> e.get("profileId").asString().equals(profileId)
                && e.get("type").asString().equals("SegmentExited")).count();
    }
}
