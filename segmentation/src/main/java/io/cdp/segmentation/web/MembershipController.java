package io.cdp.segmentation.web;

import java.time.Instant;
import java.util.List;

import lombok.RequiredArgsConstructor;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.cdp.segmentation.membership.MembershipDocument;
import io.cdp.segmentation.store.MembershipStore;

/**
 * A profile's segments, persona (with the reason) and journey stage, next to the profile API
 * (the profile store does not know segmentation); for a merged-away id, {@code mergedInto} names
 * the survivor whose memberships count.
 */
@RestController
@RequiredArgsConstructor
class MembershipController {

    private static final int HISTORY_SIZE = 500;

    private final MembershipStore memberships;

    public record Memberships(String profileId, List<MembershipDocument.Entry> segments,
            MembershipDocument.Persona persona, String stage, String stageReason, String mergedInto, Instant updatedAt,
            List<MembershipStore.HistoryEntry> history) {
    }

    @GetMapping("/api/profiles/{id}/memberships")
    public Memberships memberships(@PathVariable String id) {
        MembershipDocument m = memberships.find(id)
                .orElseThrow(() -> new NotFoundException("no memberships stored for this profile"));
        return new Memberships(m.profileId(), m.segments(), m.persona(), m.stage(), m.stageReason(), m.mergedInto(), m.updatedAt(),
                memberships.history(id, HISTORY_SIZE));
    }
}
