package io.cdp.profile.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;

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

    private static EventIngested nps(String id, Instant at, Object score) {
        return new EventIngested(id, "web", EventType.TRACK, "Survey Answered", null, "u", null, null, null, at, at,
                null, Map.of("survey", "nps", "score", score), null, null);
    }

    @Test
    void theLatestNpsAnswerWinsWhateverTheArrivalOrderWithItsCategory() {
        ProfileDocument profile = ProfileDocument.create("p", T);
        assertThat(folding.apply(profile, nps("a", T.plusSeconds(60), 10), "a", List.of(), T)).contains("nps");
        assertThat(folding.apply(profile, nps("b", T, 3), "b", List.of(), T)).doesNotContain("nps");

        assertThat(profile.nps).isEqualTo(new Nps(10, T.plusSeconds(60), "promoter"));
        folding.apply(profile, nps("c", T.plusSeconds(120), "8"), "c", List.of(), T);
        assertThat(profile.nps.latestScore()).isEqualTo(8);
        assertThat(profile.nps.category()).isEqualTo("passive");
        folding.apply(profile, nps("d", T.plusSeconds(180), 6), "d", List.of(), T);
        assertThat(profile.nps.category()).isEqualTo("detractor");
    }

    @Test
    void otherSurveysAndScoresOffTheScaleLeaveTheNpsAlone() {
        ProfileDocument profile = ProfileDocument.create("p", T);
        folding.apply(profile, new EventIngested("a", "web", EventType.TRACK, "Survey Answered", null, "u", null, null,
                null, T, T, null, Map.of("survey", "csat", "score", 9), null, null), "a", List.of(), T);
        folding.apply(profile, nps("b", T, 42), "b", List.of(), T);
        assertThat(profile.nps).isNull();
    }

    @Test
    void aMergeKeepsTheLaterNpsAnswerOfEitherProfile() {
        ProfileDocument survivor = ProfileDocument.create("a", T);
        ProfileDocument loser = ProfileDocument.create("b", T);
        folding.apply(survivor, nps("1", T, 2), "k1", List.of(), T);
        folding.apply(loser, nps("2", T.plusSeconds(5), 9), "k2", List.of(), T);

        folding.absorb(survivor, loser, T);

        assertThat(survivor.nps).isEqualTo(new Nps(9, T.plusSeconds(5), null));
        assertThat(survivor.nps.category()).isEqualTo("promoter");
    }

    @Test
    void theRingRemembersEveryEventOfAProfileAndOfWhatItAbsorbedUntilItDropsTheOldest() {
        ProfileDocument survivor = ProfileDocument.create("a", T);
        ProfileDocument loser = ProfileDocument.create("b", T);
        folding.apply(survivor, order("1", T, "5"), "k1", List.of(), T);
        folding.apply(loser, order("2", T, "6"), "k2", List.of(), T);
        assertThat(folding.remembersEveryEvent(survivor)).isTrue();

        folding.absorb(survivor, loser, T);
        assertThat(folding.remembersEveryEvent(survivor)).isTrue();
        folding.apply(survivor, order("3", T, "7"), "k3", List.of(), T);
        assertThat(folding.remembersEveryEvent(survivor)).isTrue();

        // the ring holds three: the fourth event drops k1, whose replay the ring can no longer tell
        folding.apply(survivor, order("4", T, "8"), "k4", List.of(), T);
        assertThat(survivor.recentEvents).containsExactly("k2", "k3", "k4");
        assertThat(folding.remembersEveryEvent(survivor)).isFalse();
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
    private static EventIngested lines(String messageId, String source, String event, String orderId, Instant at,
                                       Map<String, String> lineRevenues) {
        List<Map<String, Object>> products = lineRevenues.entrySet().stream()
                .<Map<String, Object>>map(line -> Map.of("line_id", line.getKey(), "revenue", line.getValue()))
                .toList();
        return new EventIngested(messageId, source, EventType.TRACK, event, null, "u", null, null, null, at, at,
                null, Map.of("order_id", orderId, "currency", "USD", "fx_rate", "1", "products", products), null, null);
    }

    @Test
    void linesOfOneOrderSplitAcrossEventsCountOneOrderWithTheSumOfItsLinesAndARepeatAddsNothing() {
        ProfileDocument profile = ProfileDocument.create("p", T);
        folding.apply(profile, lines("a", "pos", "Order Completed", "536365", T, Map.of("l1", "15.30", "l2", "20.34")),
                "a", List.of(), T);
        folding.apply(profile, lines("b", "pos", "Order Completed", "536365", T.plusSeconds(60), Map.of("l3", "22.00")),
                "b", List.of(), T);
        // the whole file imported again: other message ids, the same lines
        folding.apply(profile, lines("c", "pos", "Order Completed", "536365", T,
                Map.of("l1", "15.30", "l2", "20.34", "l3", "22.00")), "c", List.of(), T);

        assertThat(profile.commerce.orders).isEqualTo(1);
        assertThat(profile.commerce.revenue).isEqualByComparingTo("57.64");
        assertThat(profile.commerce.firstOrderAt).isEqualTo(T);
        assertThat(profile.commerce.orderBook.get("536365").currency).isEqualTo("USD");
        assertThat(profile.rollups.get("2026-01-10").revenue).isEqualByComparingTo("57.64");
    }

    @Test
    void refundedLinesReduceRevenueOnceAndCountTheOrderAsRefunded() {
        ProfileDocument profile = ProfileDocument.create("p", T);
        folding.apply(profile, lines("a", "pos", "Order Completed", "o1", T, Map.of("l1", "10", "l2", "5")),
                "a", List.of(), T);
        folding.apply(profile, lines("b", "pos", "Order Refunded", "o1", T.plusSeconds(60), Map.of("r1", "5")),
                "b", List.of(), T);
        folding.apply(profile, lines("c", "pos", "Order Refunded", "o1", T.plusSeconds(60), Map.of("r1", "5")),
                "c", List.of(), T);

        assertThat(profile.commerce.orders).isEqualTo(1);
        assertThat(profile.commerce.refunds).isEqualTo(1);
        assertThat(profile.commerce.revenue).isEqualByComparingTo("10");
    }

    @Test
    void theSameOrderFromTwoSourcesCountsOnceAndItsItemLinesReplaceTheWholeOrderTotal() {
        ProfileDocument profile = ProfileDocument.create("p", T);
        folding.apply(profile, new EventIngested("receipt", "email", EventType.TRACK, "Order Completed", null, "u",
                null, null, null, T, T, null, Map.of("order_id", "o1", "revenue", "15"), null, null), "r", List.of(), T);
        folding.apply(profile, lines("pos", "pos", "Order Completed", "o1", T, Map.of("l1", "10", "l2", "5")),
                "p", List.of(), T);

        assertThat(profile.commerce.orders).isEqualTo(1);
        assertThat(profile.commerce.revenue).isEqualByComparingTo("15");
    }

    @Test
    void mergingTwoProfilesThatBothKnowAnOrderCountsItOnceWithTheUnionOfItsLines() {
        ProfileDocument survivor = ProfileDocument.create("a", T);
        ProfileDocument loser = ProfileDocument.create("b", T);
        folding.apply(survivor, lines("a", "pos", "Order Completed", "o1", T, Map.of("l1", "10")), "a", List.of(), T);
        folding.apply(loser, lines("b", "web", "Order Completed", "o1", T, Map.of("l1", "10", "l2", "7")),
                "b", List.of(), T);
        folding.apply(loser, lines("c", "web", "Order Completed", "o2", T, Map.of("l1", "3")), "c", List.of(), T);
        survivor.pendingMerges.add("b");

        folding.absorb(survivor, loser, T);

        assertThat(survivor.commerce.orders).isEqualTo(2);
        assertThat(survivor.commerce.revenue).isEqualByComparingTo("20");
    }
    @Test
    void ordersWithARateCountInTheReportingCurrencyAndKeepTheirOwnCurrencyInTheOrderBook() {
        ProfileDocument profile = ProfileDocument.create("p", T);
        folding.apply(profile, new EventIngested("a", "pos", EventType.TRACK, "Order Completed", null, "u", null, null,
                null, T, T, null, Map.of("order_id", "o1", "currency", "GBP", "fx_rate", "1.25",
                        "products", List.of(Map.of("line_id", "1", "revenue", "10")),
                        "reporting_currency", "USD"), null, null), "a", List.of(), T);
        folding.apply(profile, new EventIngested("b", "pos", EventType.TRACK, "Order Refunded", null, "u", null, null,
                null, T, T, null, Map.of("order_id", "o1", "currency", "GBP", "fx_rate", "1.25",
                        "products", List.of(Map.of("line_id", "r1", "revenue", "4"))), null, null), "b", List.of(), T);

        assertThat(profile.commerce.revenue).isEqualByComparingTo("7.50");
        assertThat(profile.commerce.revenueByCurrency()).containsOnlyKeys("GBP");
        assertThat(profile.commerce.revenueByCurrency().get("GBP")).isEqualByComparingTo("6");
        assertThat(profile.rollups.get("2026-01-10").revenue).isEqualByComparingTo("7.50");
    }

    @Test
    void anOrderInACurrencyWithoutARateStaysInItsCurrencyAndOutOfTheReportingRevenueUntilSentAgainWithARate() {
        ProfileDocument profile = ProfileDocument.create("p", T);
        folding.apply(profile, order("a", "o1", Map.of("currency", "USD", "fx_rate", "1", "revenue", "10")),
                "a", List.of(), T);
        folding.apply(profile, order("b", "o2", Map.of("currency", "EUR", "fx_rate", "1.1", "revenue", "20")),
                "b", List.of(), T);
        folding.apply(profile, order("c", "o3", Map.of("currency", "JPY", "revenue", "1000")), "c", List.of(), T);
        ProfileDocument other = ProfileDocument.create("q", T);
        folding.apply(other, order("d", "o4", Map.of("currency", "JPY", "revenue", "500")), "d", List.of(), T);
        profile.pendingMerges.add("q");

        folding.absorb(profile, other, T);

        assertThat(profile.commerce.orders).isEqualTo(4);
        assertThat(profile.commerce.unconvertedOrders).isEqualTo(2);
        assertThat(profile.commerce.revenue).isEqualByComparingTo("32");
        assertThat(profile.commerce.revenueByCurrency()).containsOnlyKeys("USD", "EUR", "JPY");
        assertThat(profile.commerce.revenueByCurrency().get("JPY")).isEqualByComparingTo("1500");
        assertThat(profile.commerce.averageOrderValue()).isEqualByComparingTo("16.00");
        assertThat(profile.rollups.get("2026-01-10").revenue).isEqualByComparingTo("32");

        // sent again once the rate is known: converted, still one order
        folding.apply(profile, order("e", "o3", Map.of("currency", "JPY", "fx_rate", "0.01", "revenue", "1000")),
                "e", List.of(), T);

        assertThat(profile.commerce.orders).isEqualTo(4);
        assertThat(profile.commerce.unconvertedOrders).isEqualTo(1);
        assertThat(profile.commerce.revenue).isEqualByComparingTo("42");
    }

    private static EventIngested order(String messageId, String orderId, Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("order_id", orderId);
        return new EventIngested(messageId, "web", EventType.TRACK, "Order Completed", null, "u", null, null, null,
                T, T, null, all, null, null);
    }
}
