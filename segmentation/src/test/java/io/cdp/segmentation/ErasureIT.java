package io.cdp.segmentation;

import static io.cdp.segmentation.SegmentationTestKit.profile;
import static io.cdp.segmentation.SegmentationTestKit.readUntil;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.cdp.profile.ProfileChanged;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileMerged;
import io.cdp.platform.Topics;
import io.cdp.profile.domain.ProfileDocument;

/**
 * GDPR erase through the profile API on the real stack: the store's ProfileErased reaches segmentation on
 * the profile store's own topic, and segmentation forgets the person without publishing anything about them.
 */
class ErasureIT extends BigSpendersStack {

    private static final SegmentationTestKit KIT = new SegmentationTestKit("erasure", Topics.PROFILE_CHANGES);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        KIT.register(registry, Map.of());
    }

    @Override
    SegmentationTestKit kit() {
        return KIT;
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
        readUntil(events, read, r -> entered(r, absorbed, BIG_SPENDERS).size() == 1
                && entered(r, bystander, BIG_SPENDERS).size() == 1);
        // the store merges the absorbed profile into the person's
        ProfileDocument merged = profile(person, Map.of(), 2, "300");
        merged.absorbedProfiles.add(absorbed);
        ProfileDocument redirect = profile(absorbed, Map.of(), 2, "300");
        redirect.mergedInto = person;
        KIT.save(List.of(merged, redirect));
        KIT.publish(person, new ProfileMerged(ProfileId.of(person), List.of(ProfileId.of(absorbed)), Instant.now()));
        readUntil(events, read, r -> entered(r, person, BIG_SPENDERS).size() == 1 && !exited(r, absorbed).isEmpty());
        // history is appended, and the outbox emptied, once the events are out
        SegmentationTestKit.await(Duration.ofSeconds(30), () -> memberships.find(person).orElseThrow().outbox()
                .isEmpty() && memberships.find(absorbed).orElseThrow().outbox().isEmpty(), "outboxes emptied");
        assertThat(memberships.history(person, 100)).isNotEmpty();
        assertThat(memberships.history(absorbed, 100)).isNotEmpty();
        // events published with the outboxes' (journey stages, say) may still be on their way to this reader
        SegmentationTestKit.readToEnd(events, read);
        int publishedAboutThem = about(read, person).size() + about(read, absorbed).size();

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
        readUntil(events, read, r -> entered(r, marker, BIG_SPENDERS).size() == 1);
        assertThat(about(read, person).size() + about(read, absorbed).size()).isEqualTo(publishedAboutThem);
    }
}
