package io.cdp.profile.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cdp.profile.EventIngested;
import io.cdp.profile.EventType;

class ProfileFoldingTest {

    private static final Instant T = Instant.parse("2026-01-10T12:00:00Z");
    private final ProfileFolding folding = new ProfileFolding(3, 400);

    private static EventIngested identify(String id, Instant at, String name) {
        return new EventIngested(id, "crm", EventType.IDENTIFY, null, null, "u", null, null, null, at, at,
                Map.of("name", name), null, null, null);
    }

    private static EventIngested order(String id, Instant at, String revenue) {
        return new EventIngested(id, "web", EventType.TRACK, "Order Completed", null, "u", null, null, null, at, at,
                null, Map.of("revenue", revenue, "products", List.of(Map.of("product_id", "p-" + id))), null, null);
    }

    @Test
    void olderEventNeverOverwritesNewerTrait() {
        ProfileDocument profile = ProfileDocument.create("p", T);
        folding.apply(profile, identify("a", T.plusSeconds(10), "new"), "a", List.of(), T);
        folding.apply(profile, identify("b", T, "old"), "b", List.of(), T);
        assertThat(profile.traits.get("name").value()).isEqualTo("new");
    }

    @Test
    void absorbingAProfileTheSurvivorAbsorbedAlreadyCountsNothingTwice() {
        ProfileDocument survivor = ProfileDocument.create("a", T);
        ProfileDocument loser = ProfileDocument.create("b", T);
        folding.apply(survivor, identify("1", T, "x"), "k1", List.of(), T);
        folding.apply(loser, order("2", T, "20"), "k2", List.of(), T);
        survivor.pendingMerges.add("b");
        folding.absorb(survivor, loser, T);
        // a reader holding a copy of "b" from before the merge asks for it once more
        survivor.pendingMerges.add("b");

        folding.absorb(survivor, loser, T.plusSeconds(1));

        assertThat(survivor.eventCount).isEqualTo(2);
        assertThat(survivor.commerce.orders).isEqualTo(1);
        assertThat(survivor.commerce.revenue).isEqualByComparingTo("20");
        assertThat(survivor.pendingMerges).isEmpty();
        assertThat(survivor.absorbedProfiles).containsExactly("b");
    }

    @Test
    void mergeFoldingSumsOrdersAndKeepsLatestTraitsAndBounds() {
        ProfileDocument survivor = ProfileDocument.create("a", T);
        ProfileDocument loser = ProfileDocument.create("b", T);
        folding.apply(survivor, order("1", T, "10.5"), "k1", List.of(), T);
        folding.apply(survivor, identify("2", T, "old"), "k2", List.of(), T);
        folding.apply(loser, order("3", T.minusSeconds(3600), "4.5"), "k3", List.of(), T);
        folding.apply(loser, identify("4", T.plusSeconds(1), "new"), "k4", List.of(), T);
        loser.absorbedProfiles.add("c");
        survivor.pendingMerges.add("b");

        folding.absorb(survivor, loser, T);

        assertThat(survivor.commerce.orders).isEqualTo(2);
        assertThat(survivor.commerce.revenue).isEqualByComparingTo("15.0");
        assertThat(survivor.commerce.averageOrderValue()).isEqualByComparingTo("7.50");
        assertThat(survivor.commerce.firstOrderAt).isEqualTo(T.minusSeconds(3600));
        assertThat(survivor.firstSeen).isEqualTo(T.minusSeconds(3600));
        assertThat(survivor.lastSeen).isEqualTo(T.plusSeconds(1));
        assertThat(survivor.traits.get("name").value()).isEqualTo("new");
        assertThat(survivor.rollups.get("2026-01-10").events.get("Order Completed")).isEqualTo(2);
        assertThat(survivor.absorbedProfiles).containsExactly("b", "c");
        assertThat(survivor.pendingMerges).isEmpty();
        assertThat(survivor.recentEvents).hasSize(3).containsExactly("k2", "k3", "k4");
        assertThat(survivor.eventCount).isEqualTo(4);
    }

    @Test
    void refundSubtractsRevenue() {
        ProfileDocument profile = ProfileDocument.create("p", T);
        folding.apply(profile, order("1", T, "30"), "k1", List.of(), T);
        folding.apply(profile, new EventIngested("2", "web", EventType.TRACK, "Order Refunded", null, "u", null,
                null, null, T, T, null, Map.of("total", 10), null, null), "k2", List.of(), T);
        assertThat(profile.commerce.revenue).isEqualByComparingTo("20");
        assertThat(profile.commerce.refunds).isEqualTo(1);
    }

    @Test
    void rollupsKeepOnlyTheRetainedDays() {
        ProfileFolding shortRetention = new ProfileFolding(10, 2);
        ProfileDocument profile = ProfileDocument.create("p", T);
        for (int day = 0; day < 5; day++) {
            shortRetention.apply(profile, order("o" + day, T.plusSeconds(86_400L * day), "1"), "k" + day, List.of(), T);
        }
        assertThat(profile.rollups.keySet()).containsExactly("2026-01-13", "2026-01-14");
    }
}
