package io.cdp.profile.resolution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileMerged;

class ChangeSetTest {

    private static final Instant T = Instant.parse("2026-11-02T09:00:00Z");
    private static final String A = "a".repeat(28);
    private static final String B = "b".repeat(28);
    private static final String C = "c".repeat(28);

    private static EventIngested page(String messageId, Instant at) {
        return new EventIngested(messageId, "web", EventType.PAGE, null, null, null, "anon", null, null, at, at, null,
                Map.of(), null, null);
    }

    @Test
    void countsTheEventsEachProfileTookInOneWriteAndAnnouncesOneChangeCausedByTheLatest() {
        ChangeSet changes = new ChangeSet();
        changes.add(page("m1", T), new ResolutionOutcome(A, Set.of("sessions"), Map.of(), 0));
        changes.add(page("m2", T.plusSeconds(30)), new ResolutionOutcome(A, Set.of("rollups"), Map.of(), 0));
        changes.add(page("m3", T.plusSeconds(10)), new ResolutionOutcome(A, Set.of("rollups"), Map.of(), 0));
        changes.add(page("m4", T), new ResolutionOutcome(B, Set.of("rollups"), Map.of(), 0));

        assertThat(changes.eventsPerProfile()).containsExactlyInAnyOrder(3, 1);
        assertThat(changes.profileChanges(T)).hasSize(2).anySatisfy(change -> {
            assertThat(change.profileId().value()).isEqualTo(A);
            assertThat(change.causeMessageId()).isEqualTo("m2");
            assertThat(change.changedFields()).containsExactlyInAnyOrder("sessions", "rollups");
        });
    }

    @Test
    void aMergeNamedAgainByAReplayInTheSameRoundIsAnnouncedAndCountedOnce() {
        ChangeSet changes = new ChangeSet();
        changes.add(page("m1", T), new ResolutionOutcome(A, Set.of("rollups"), Map.of(A, List.of(B)), 0));
        changes.add(page("m2", T), new ResolutionOutcome(A, Set.of("rollups"), Map.of(A, List.of(B, C)), 0));

        assertThat(changes.profileMerges(T)).extracting(ProfileMerged::mergedIds)
                .containsExactly(List.of(ProfileId.of(B), ProfileId.of(C)));
        assertThat(changes.mergedProfiles()).isEqualTo(2);
    }
}
