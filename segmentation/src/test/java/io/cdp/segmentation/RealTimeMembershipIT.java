package io.cdp.segmentation;

import static io.cdp.segmentation.SegmentationTestKit.expectedEntryId;
import static io.cdp.segmentation.SegmentationTestKit.profile;
import static io.cdp.segmentation.SegmentationTestKit.readUntil;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import co.elastic.clients.elasticsearch.core.IndexRequest;
import io.cdp.profile.ProfileChanged;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileMerged;
import io.cdp.profile.domain.ProfileDocument;
import io.cdp.segmentation.membership.MembershipDocument;
import tools.jackson.databind.JsonNode;

/** Real-time evaluation on the real stack: profile changes in, memberships stored and published. */
class RealTimeMembershipIT extends BigSpendersStack {

    private static final SegmentationTestKit KIT = new SegmentationTestKit("realtime");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        KIT.register(registry, Map.of());
    }

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Override
    SegmentationTestKit kit() {
        return KIT;
    }

    private MessageListenerContainer changesContainer() {
        return listeners.getListenerContainer("profileChangesContainer");
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
        // history is appended, and the outbox emptied, once the events are out
        SegmentationTestKit.await(Duration.ofSeconds(30), () -> memberships.find(id).orElseThrow().outbox().isEmpty(),
                "outbox emptied");
        assertThat(memberships.find(id).orElseThrow().segmentIds()).contains(BIG_SPENDERS);
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
                List.of(new MembershipDocument.Entry(BIG_SPENDERS, entryId, "c-1", at)), null, null, null, null, null,
                null, List.of(new MembershipDocument.Change(true, BIG_SPENDERS, entryId, "c-1", at)), at);
        KIT.elasticsearch.index(IndexRequest.of(i -> i.index(KIT.prefix + "memberships").id(id).document(crashed)));

        KIT.publish(id, new ProfileChanged(ProfileId.of(id), "c-1", Set.of("commerce"), Instant.now()));

        readUntil(events, read, r -> entered(r, id, BIG_SPENDERS).size() >= 1);
        assertThat(entered(read, id, BIG_SPENDERS)).allSatisfy(e ->
                assertThat(e.get("entryId").asString()).isEqualTo(entryId));
        SegmentationTestKit.await(Duration.ofSeconds(30),
                () -> memberships.find(id).orElseThrow().outbox().isEmpty(), "outbox emptied");
    }

    @Test
    void mixedPollGivesWhatHandlingEachRecordAloneWouldGive() {
        String a = SegmentationTestKit.newId().value();
        String b = SegmentationTestKit.newId().value();
        String bad = SegmentationTestKit.newId().value();
        String loser = SegmentationTestKit.newId().value();
        String survivor = SegmentationTestKit.newId().value();
        String d = SegmentationTestKit.newId().value();
        KIT.save(List.of(profile(loser, Map.of(), 3, "900")));
        KIT.publish(loser, new ProfileChanged(ProfileId.of(loser), "l-0", Set.of("commerce"), Instant.now()));
        readUntil(events, read, r -> entered(r, loser, BIG_SPENDERS).size() == 1);
        List<MembershipDocument.Entry> loserEntries = memberships.find(loser).orElseThrow().segments();
        // a stored rollup no evaluation accepts: this profile's change can only be dead-lettered
        ProfileDocument unevaluable = profile(bad, Map.of(), 3, "500");
        ProfileDocument.DayRollup negative = new ProfileDocument.DayRollup();
        negative.events.put("Order Completed", -1L);
        unevaluable.rollups.put(LocalDate.now(ZoneOffset.UTC).toString(), negative);
        ProfileDocument redirect = profile(loser, Map.of(), 3, "900");
        redirect.mergedInto = survivor;
        KIT.save(List.of(profile(a, Map.of(), 2, "150"), profile(b, Map.of(), 1, "50"), unevaluable,
                profile(survivor, Map.of(), 3, "900"), redirect, profile(d, Map.of(), 2, "200")));
        Instant mergedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        // queued while the consumer is stopped, so that they come in one poll
        changesContainer().stop();
        KIT.publish(a, new ProfileChanged(ProfileId.of(a), "a-1", Set.of("commerce"), Instant.now()));
        KIT.publish(b, new ProfileChanged(ProfileId.of(b), "b-1", Set.of("commerce"), Instant.now()));
        KIT.publish(a, new ProfileChanged(ProfileId.of(a), "a-2", Set.of("commerce"), Instant.now()));
        KIT.publish(bad, new ProfileChanged(ProfileId.of(bad), "bad-1", Set.of("commerce"), Instant.now()));
        KIT.publish(survivor, new ProfileMerged(ProfileId.of(survivor), List.of(ProfileId.of(loser)), mergedAt));
        KIT.publishRaw("unreadable", "{\"type\": \"ProfileChanged\", \"profileId\": ");
        KIT.publish(d, new ProfileChanged(ProfileId.of(d), "d-1", Set.of("commerce"), Instant.now()));
        KIT.publish(a, new ProfileChanged(ProfileId.of(a), "a-3", Set.of("commerce"), Instant.now()));
        changesContainer().start();
        // once a later change is out, everything before it was handled
        String marker = SegmentationTestKit.newId().value();
        KIT.save(List.of(profile(marker, Map.of(), 1, "300")));
        KIT.publish(marker, new ProfileChanged(ProfileId.of(marker), "m-1", Set.of("commerce"), Instant.now()));
        readUntil(events, read, r -> entered(r, marker, BIG_SPENDERS).size() == 1);

        // a profile changed three times enters once, with the id of its first change
        assertThat(entered(read, a, BIG_SPENDERS)).singleElement().satisfies(e -> {
            assertThat(e.get("cause").asString()).isEqualTo("a-1");
            assertThat(e.get("entryId").asString()).isEqualTo(expectedEntryId(a, BIG_SPENDERS, "a-1"));
        });
        assertThat(entered(read, b, BIG_SPENDERS)).isEmpty();
        assertThat(memberships.find(b)).isPresent();
        assertThat(entered(read, d, BIG_SPENDERS)).singleElement()
                .satisfies(e -> assertThat(e.get("cause").asString()).isEqualTo("d-1"));
        assertThat(entered(read, survivor, BIG_SPENDERS)).singleElement().satisfies(e -> assertThat(
                e.get("cause").asString()).isEqualTo("merge:" + survivor + ":" + mergedAt));
        assertThat(exited(read, loser)).extracting(e -> e.get("entryId").asString())
                .containsExactlyInAnyOrderElementsOf(loserEntries.stream().map(MembershipDocument.Entry::entryId)
                        .toList());
        assertThat(about(read, bad)).isEmpty();
        assertThat(memberships.find(bad)).isEmpty();
        SegmentationTestKit.await(Duration.ofSeconds(30), () -> List.of(a, b, d, survivor, loser).stream()
                .allMatch(id -> memberships.find(id).orElseThrow().outbox().isEmpty()), "outboxes emptied");
        assertThat(memberships.history(a, 100)).filteredOn(h -> BIG_SPENDERS.equals(h.segmentId()))
                .singleElement().satisfies(h -> assertThat(h.entryId())
                        .isEqualTo(expectedEntryId(a, BIG_SPENDERS, "a-1")));
        // exactly the two records that cannot succeed are dead-lettered, each with its reason
        assertThat(KIT.deadLetters(2)).extracting(r -> r.key() + " " + reason(r)).containsExactly(
                bad + " permanent PermanentChangeFailure: profile could not be evaluated by the rules",
                "unreadable permanent PermanentChangeFailure: unreadable profile change");
    }

    private static String reason(ConsumerRecord<String, String> deadLetter) {
        return new String(deadLetter.headers().lastHeader("cdp-failure-reason").value(), StandardCharsets.UTF_8);
    }
}
