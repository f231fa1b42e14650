package io.cdp.segmentation.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.cdp.segmentation.Evaluation;
import io.cdp.segmentation.JourneyStage;
import io.cdp.segmentation.PersonaMatch;
import io.cdp.segmentation.StageMatch;
import io.cdp.segmentation.membership.MembershipDocument.Change;

class MembershipChangesTest {

    private static final String P = "p1";
    private static final StageMatch DECISION = new StageMatch(JourneyStage.DECISION, 3, "matched stage #3 'decision'");
    private static final Instant T1 = Instant.parse("2026-11-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-02T10:00:00Z");

    private static Evaluation evaluation(Set<String> segments) {
        return new Evaluation(segments, Optional.of(new PersonaMatch("saver", 1, "matched persona #1 'saver'")),
                Optional.of(DECISION));
    }

    @Test
    void entryIdIsDerivedFromProfileSegmentAndCauseSoAReplayYieldsTheSameId() {
        MembershipDocument first = MembershipChanges.apply(P, null, evaluation(Set.of("vip")), "msg-1", T1);
        MembershipDocument replay = MembershipChanges.apply(P, null, evaluation(Set.of("vip")), "msg-1", T2);
        MembershipDocument other = MembershipChanges.apply(P, null, evaluation(Set.of("vip")), "msg-2", T1);

        assertThat(first.outbox()).extracting(Change::entryId).isEqualTo(replay.outbox().stream()
                .map(Change::entryId).toList());
        assertThat(other.outbox().get(0).entryId()).isNotEqualTo(first.outbox().get(0).entryId());
    }

    @Test
    void returnsNothingWhenSegmentsPersonaAndStageAreUnchanged() {
        MembershipDocument stored = MembershipChanges.apply(P, null, evaluation(Set.of("vip", "new")), "m1", T1);

        assertThat(MembershipChanges.apply(P, stored, evaluation(Set.of("new", "vip")), "m2", T2)).isNull();
    }

    @Test
    void exitKeepsTheEntryIdOfItsSpellAndEntryKeepsItsOriginalSince() {
        MembershipDocument stored = MembershipChanges.apply(P, null, evaluation(Set.of("vip", "new")), "m1", T1);
        String vipEntry = stored.segments().stream().filter(e -> e.segmentId().equals("vip")).findFirst()
                .orElseThrow().entryId();

        MembershipDocument next = MembershipChanges.apply(P, stored, evaluation(Set.of("new")), "m2", T2);

        assertThat(next.outbox()).containsExactly(new Change(false, "vip", vipEntry, "m2", T2));
        assertThat(next.segments()).singleElement().satisfies(e -> assertThat(e.since()).isEqualTo(T1));
    }

    @Test
    void personaChangeAloneIsAChangeWithoutMembershipEvents() {
        MembershipDocument stored = MembershipChanges.apply(P, null, evaluation(Set.of()), "m1", T1);
        Evaluation noPersona = new Evaluation(Set.of(), Optional.empty(), Optional.of(DECISION));

        MembershipDocument next = MembershipChanges.apply(P, stored, noPersona, "m2", T2);

        assertThat(next.personaId()).isNull();
        assertThat(next.outbox()).isEmpty();
    }

    @Test
    void mergedAwayProfileExitsEverySegmentOnceWithTheMergeCause() {
        MembershipDocument stored = MembershipChanges.apply(P, null, evaluation(Set.of("vip", "new")), "m1", T1);

        MembershipDocument merged = MembershipChanges.mergedInto(P, stored, "p0", T2);

        assertThat(merged.segments()).isEmpty();
        assertThat(merged.persona()).isNull();
        assertThat(merged.outbox()).extracting(Change::entered, Change::cause)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(false, "merged-into:p0"));
        assertThat(merged.outbox()).extracting(Change::entryId)
                .containsExactlyInAnyOrderElementsOf(stored.segments().stream()
                        .map(MembershipDocument.Entry::entryId).toList());
        assertThat(MembershipChanges.mergedInto(P, merged, "p0", T2)).isNull();
        assertThat(List.copyOf(merged.segmentIds())).isEmpty();
    }
}
