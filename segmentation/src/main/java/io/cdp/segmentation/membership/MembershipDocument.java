package io.cdp.segmentation.membership;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A profile's current memberships as stored in {@code cdp-memberships} (document id = profile id).
 *
 * @param segmentIds the ids of {@code segments} again, as a keyword field for sizes and member lists
 * @param stageReason why the profile is in {@code stage}: the matching stage and the earlier ones not matched
 * @param mergedInto set once the profile was merged away: it belongs to nothing any more
 * @param outbox     the membership events of the last write, kept until they are published so
 *                   that a crash between storing and publishing re-publishes them (same entry ids)
 */
public record MembershipDocument(String profileId, List<Entry> segments, List<String> segmentIds, Persona persona,
        String personaId, String stage, String stageReason, String mergedInto, List<Change> outbox, Instant updatedAt) {

    public MembershipDocument {
        segments = segments == null ? List.of() : List.copyOf(segments);
        segmentIds = segments.stream().map(Entry::segmentId).toList();
        personaId = persona == null ? null : persona.id();
        outbox = outbox == null ? List.of() : List.copyOf(outbox);
    }

    /** This state once its outbox is published. */
    public MembershipDocument published() {
        return new MembershipDocument(profileId, segments, segmentIds, persona, personaId, stage, stageReason, mergedInto, List.of(),
                updatedAt);
    }

    /** This state with {@code changes} as its outbox. */
    MembershipDocument withOutbox(List<Change> changes) {
        return new MembershipDocument(profileId, segments, segmentIds, persona, personaId, stage, stageReason, mergedInto,
                changes, updatedAt);
    }

    /**
     * This state with changes an earlier write left unpublished (a crash) in front of its own, so that
     * overwriting the earlier state does not lose them; they keep their entry ids.
     */
    public MembershipDocument after(List<Change> unpublished) {
        if (unpublished.isEmpty()) {
            return this;
        }
        List<Change> changes = new ArrayList<>(unpublished);
        changes.addAll(outbox);
        return new MembershipDocument(profileId, segments, segmentIds, persona, personaId, stage, stageReason, mergedInto, changes,
                updatedAt);
    }

    /** One membership entry: since when, why, and the id every event of the entry carries. */
    public record Entry(String segmentId, String entryId, String cause, Instant since) {
    }

    public record Persona(String id, int position, String reason) {
    }

    /** A SegmentEntered ({@code entered=true}) or SegmentExited waiting to be published. */
    public record Change(boolean entered, String segmentId, String entryId, String cause, Instant at) {
    }
}
