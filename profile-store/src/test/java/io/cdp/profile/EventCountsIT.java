package io.cdp.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;
import io.cdp.profile.EventQuery.Op;
import io.cdp.profile.EventQuery.PropertyFilter;
import io.cdp.profile.domain.ProfileDocument;
import io.cdp.profile.store.EventDocument;
import io.cdp.profile.store.ProfileStore;
import io.cdp.profile.store.StoredProfiles;
import io.cdp.profile.store.TimelineCounts;
import io.cdp.profile.store.Versioned;

/**
 * Counting timeline events on the real Elasticsearch, written by the store's own timeline write:
 * property filters with the trait operators' semantics, event names and windows as the rollups
 * have them, merged-away profiles' events, pages of many profiles and many queries.
 */
class EventCountsIT {

    private static final Instant T0 = Instant.parse("2026-10-01T10:00:00Z");
    private static final Instant FROM = T0.minusSeconds(86_400);
    private static final Instant TO = T0.plusSeconds(86_400);

    private static final TestKit KIT = new TestKit("event-counts", 1);
    private static final ProfileStore STORE = KIT.store();
    private static final EventCounts COUNTS = new TimelineCounts(STORE);

    @AfterAll
    static void cleanUp() {
        KIT.cleanUp();
    }

    @Test
    void filtersPropertiesWithTheSemanticsOfTraitOperators() {
        ProfileId id = ProfileId.newId(T0);
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("category", "shoes");
        first.put("revenue", 150);
        first.put("tags", List.of("sale", "new"));
        first.put("shipping", Map.of("country", "DE"));
        first.put("products", List.of(Map.of("sku", "a", "price", 10), Map.of("sku", "b", "price", 30.0)));
        first.put("gift", true);
        first.put("note", "fast * delivery?");
        write(id, order("first", first, T0));
        write(id, order("second", Map.of("category", "boots", "revenue", new BigDecimal("100.0"), "tags", List.of(),
                "shipping", Map.of("country", "FR"), "code", "30"), T0));
        write(id, order("third", Map.of("category", "shoes", "revenue", "150", "count", 30), T0));
        write(id, order("fourth", Map.of(), T0));
        write(id, order("fifth", Map.of("category", "Shoes", "revenue", -20.5), T0));

        Map<String, Long> expected = new LinkedHashMap<>();
        List<EventQuery> queries = new ArrayList<>();
        expect(queries, expected, 2, filter("category", Op.EQUALS, "shoes"));
        expect(queries, expected, 3, filter("category", Op.NOT_EQUALS, "shoes"));
        expect(queries, expected, 2, filter("category", Op.IN, List.of("boots", "Shoes")));
        expect(queries, expected, 3, filter("category", Op.CONTAINS, "hoe"));
        expect(queries, expected, 1, filter("revenue", Op.GT, 100));
        expect(queries, expected, 2, filter("revenue", Op.GTE, 100));
        expect(queries, expected, 1, filter("revenue", Op.LT, 0));
        expect(queries, expected, 2, filter("revenue", Op.LTE, new BigDecimal("100.00")));
        expect(queries, expected, 1, filter("revenue", Op.EQUALS, 100));
        expect(queries, expected, 1, filter("code", Op.EQUALS, "30"));
        expect(queries, expected, 0, filter("code", Op.EQUALS, 30));
        expect(queries, expected, 1, filter("count", Op.EQUALS, 30.0));
        expect(queries, expected, 1, filter("tags", Op.CONTAINS, "sale"));
        expect(queries, expected, 0, filter("tags", Op.CONTAINS, "sal"));
        expect(queries, expected, 1, filter("note", Op.CONTAINS, "* delivery?"));
        expect(queries, expected, 0, filter("note", Op.CONTAINS, "x*"));
        expect(queries, expected, 1, filter("shipping.country", Op.EQUALS, "DE"));
        expect(queries, expected, 1, filter("products.sku", Op.CONTAINS, "b"));
        expect(queries, expected, 0, filter("products.sku", Op.EQUALS, "b"));
        expect(queries, expected, 1, filter("products.price", Op.CONTAINS, 30));
        expect(queries, expected, 0, filter("products.price", Op.GT, 20));
        expect(queries, expected, 2, filter("tags", Op.EXISTS, null));
        expect(queries, expected, 2, filter("shipping", Op.EXISTS, null));
        expect(queries, expected, 1, filter("gift", Op.EQUALS, true));
        expect(queries, expected, 0, filter("gift", Op.EQUALS, "true"));
        expect(queries, expected, 1, filter("category", Op.EQUALS, "shoes"), filter("revenue", Op.GT, 100));

        long[] counts = COUNTS.countEvents(profiles(List.of(id)), queries, true).get(id);

        Map<String, Long> actual = new LinkedHashMap<>();
        for (int i = 0; i < queries.size(); i++) {
            actual.put((i + 1) + ": " + queries.get(i).where(), counts[i]);
        }
        assertThat(actual).containsExactlyEntriesOf(expected);
    }

    @Test
    void countsTheNamedEventsInsideTheWindowOnly() {
        ProfileId id = ProfileId.newId(T0);
        write(id, order("before", Map.of(), FROM.minusMillis(1)));
        write(id, order("at-start", Map.of(), FROM));
        write(id, order("at-end", Map.of(), TO.minusMillis(1)));
        write(id, order("after", Map.of(), TO));
        write(id, TestKit.event(msg("viewed"), EventType.TRACK, "Product Viewed", null, "anon", T0, null,
                Map.of("path", "/shoes"), null));
        write(id, TestKit.event(msg("page"), EventType.PAGE, null, null, "anon", T0, null,
                Map.of("path", "/checkout"), null));

        long[] counts = COUNTS.countEvents(profiles(List.of(id)), List.of(query("Order Completed"),
                new EventQuery("page", List.of(filter("path", Op.CONTAINS, "check")), FROM, TO),
                new EventQuery("Product Viewed", List.of(filter("path", Op.CONTAINS, "check")), FROM, TO)), true)
                .get(id);

        assertThat(counts).containsExactly(2, 1, 0);
    }

    @Test
    void countsTheEventsOfProfilesMergedIntoTheSurvivor() {
        ProfileId survivor = ProfileId.newId(T0);
        ProfileId loser = ProfileId.newId(T0);
        ProfileId earlierLoser = ProfileId.newId(T0);
        ProfileId other = ProfileId.newId(T0);
        ProfileDocument merged = ProfileDocument.create(survivor.value(), T0);
        merged.absorbedProfiles.addAll(List.of(loser.value(), earlierLoser.value()));
        assertThat(STORE.createProfile(merged)).isTrue();
        write(survivor, order("own", Map.of(), T0));
        write(loser, order("as-anonymous", Map.of(), T0));
        write(earlierLoser, order("on-another-device", Map.of(), T0));
        write(other, order("someone-else", Map.of(), T0));

        Map<ProfileId, long[]> counts = COUNTS.countEvents(profiles(List.of(survivor, other)),
                List.of(query("Order Completed")), true);

        assertThat(counts.get(survivor)).containsExactly(3);
        assertThat(counts.get(other)).containsExactly(1);
    }

    @Test
    void countsEveryProfileOfManyPagesForManyQueries() {
        List<ProfileId> ids = new ArrayList<>();
        for (int i = 0; i < 5_003; i++) {
            ids.add(ProfileId.newId(T0));
        }
        write(ids.get(0), order("page-one", Map.of("n", 1), T0));
        write(ids.get(4_999), order("page-one-last", Map.of("n", 2), T0));
        write(ids.get(5_002), order("page-two", Map.of("n", 3), T0));
        // 40 queries: a page of 5,000 profiles would exceed the bucket budget, so it is searched in parts
        List<EventQuery> queries = new ArrayList<>();
        for (int q = 0; q < 40; q++) {
            queries.add(new EventQuery("Order Completed", List.of(filter("n", Op.GTE, q % 4)), FROM, TO));
        }

        Map<ProfileId, long[]> counts = COUNTS.countEvents(profiles(ids), queries, true);

        assertThat(counts).hasSize(ids.size());
        assertThat(counts.get(ids.get(0))[0]).isEqualTo(1);
        assertThat(counts.get(ids.get(0))[2]).isEqualTo(0);
        assertThat(counts.get(ids.get(4_999))[2]).isEqualTo(1);
        assertThat(counts.get(ids.get(5_002))[3]).isEqualTo(1);
        assertThat(counts.get(ids.get(5_002))[39]).isEqualTo(1);
        assertThat(counts.get(ids.get(1))).containsOnly(0);
    }

    @Test
    void countsEventsWrittenJustBeforeWhenAskedToRefreshFirst() {
        ProfileId id = ProfileId.newId(T0);
        write(id, order("just-now", Map.of("category", "shoes"), T0));

        long[] counts = COUNTS.countEvents(profiles(List.of(id)),
                List.of(new EventQuery("Order Completed", List.of(filter("category", Op.EQUALS, "shoes")), FROM, TO)),
                true).get(id);

        assertThat(counts).containsExactly(1);
    }

    private static void expect(List<EventQuery> queries, Map<String, Long> expected, long count,
            PropertyFilter... where) {
        queries.add(new EventQuery("Order Completed", List.of(where), FROM, TO));
        // numbered: 30 and "30" print alike
        expected.put(queries.size() + ": " + List.of(where), count);
    }

    private static PropertyFilter filter(String property, Op op, Object value) {
        return new PropertyFilter(property, op, value);
    }

    private static EventQuery query(String event) {
        return new EventQuery(event, List.of(), FROM, TO);
    }

    private static EventIngested order(String name, Map<String, Object> properties, Instant at) {
        return TestKit.event(msg(name), EventType.TRACK, "Order Completed", null, "anon", at, null, properties, null);
    }

    private static String msg(String name) {
        return name + "-" + UUID.randomUUID();
    }

    /** The profiles as the store holds them; a profile known only by its timeline events as a fresh one. */
    private static List<ProfileSnapshot> profiles(List<ProfileId> ids) {
        Map<String, Versioned<ProfileDocument>> stored = STORE.profiles(ids.stream().map(ProfileId::value).toList());
        return ids.stream().map(id -> StoredProfiles.snapshot(stored.containsKey(id.value())
                ? stored.get(id.value()).document() : ProfileDocument.create(id.value(), T0))).toList();
    }

    private static void write(ProfileId id, EventIngested event) {
        STORE.createEvents(List.of(EventDocument.of(event, id.value(), Instant.now())));
    }
}
