package io.cdp.segmentation.membership;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import io.cdp.segmentation.Evaluation;
import io.cdp.segmentation.JourneyStage;
import io.cdp.segmentation.StageMatch;
import io.cdp.segmentation.membership.MembershipDocument.Change;
import io.cdp.segmentation.membership.MembershipDocument.Entry;
import io.cdp.segmentation.membership.MembershipDocument.Persona;

/** Compares an evaluation with the stored memberships: the new state and what entered or exited. */
final class MembershipChanges {

    private MembershipChanges() {
    }

    /**
     * @param stored the stored state, null when the profile has none yet
     * @return the new state with its changes in the outbox, or null when nothing changed
     */
    public static MembershipDocument apply(String profileId, MembershipDocument stored, Evaluation evaluation,
            String cause, Instant now) {
        Map<String, Entry> current = byId(stored);
        Map<String, Entry> next = new LinkedHashMap<>();
        List<Change> changes = new ArrayList<>();
        for (String segmentId : new TreeSet<>(evaluation.segments())) {
            Entry kept = current.get(segmentId);
            if (kept == null) {
                kept = new Entry(segmentId, EntryIds.of(profileId, segmentId, cause), cause, now);
                changes.add(new Change(true, segmentId, kept.entryId(), cause, now));
            }
            next.put(segmentId, kept);
        }
        current.values().stream().filter(e -> !next.containsKey(e.segmentId()))
                .forEach(e -> changes.add(new Change(false, e.segmentId(), e.entryId(), cause, now)));
        Persona persona = evaluation.persona()
                .map(p -> new Persona(p.personaId(), p.position(), p.reason())).orElse(null);
        String stage = evaluation.stage().map(JourneyStage::id).orElse(null);
        String stageReason = evaluation.stageMatch().map(StageMatch::reason).orElse(null);
        boolean sameRest = stored != null && Objects.equals(stored.persona(), persona)
                && Objects.equals(stored.stage(), stage) && Objects.equals(stored.stageReason(), stageReason)
                && stored.mergedInto() == null;
        if (changes.isEmpty() && sameRest) {
            return null;
        }
        return new MembershipDocument(profileId, List.copyOf(next.values()), null, persona, null, stage, stageReason,
                null, changes, now);
    }

    /** A merged-away profile leaves every segment, its persona and its stage; null if already done. */
    public static MembershipDocument mergedInto(String profileId, MembershipDocument stored, String survivorId,
            Instant now) {
        if (stored != null && survivorId.equals(stored.mergedInto())) {
            return null;
        }
        String cause = mergedCause(survivorId);
        List<Change> exits = byId(stored).values().stream()
                .map(e -> new Change(false, e.segmentId(), e.entryId(), cause, now)).toList();
        return new MembershipDocument(profileId, List.of(), null, null, null, null, null, survivorId, exits, now);
    }

    static String mergedCause(String survivorId) {
        return "merged-into:" + survivorId;
    }

    private static Map<String, Entry> byId(MembershipDocument stored) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (stored != null) {
            stored.segments().forEach(e -> entries.put(e.segmentId(), e));
        }
        return entries;
    }
}
