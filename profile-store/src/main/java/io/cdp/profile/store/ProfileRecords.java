package io.cdp.profile.store;

import static io.cdp.platform.elasticsearch.ElasticsearchClients.unchecked;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import lombok.RequiredArgsConstructor;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.cdp.platform.elasticsearch.PointInTimeScan;
import io.cdp.profile.domain.ProfileDocument;
import io.cdp.profile.identity.Identifier;

/**
 * What the profile API reads of a person and the GDPR erase, on the profile store's indices: a person's
 * records are those of the profile and of the profiles merged into it. Reads refresh first: the API
 * reads its own writes, while the timeline is written without refresh for throughput.
 */
@RequiredArgsConstructor
public final class ProfileRecords {

    private static final int ERASE_PAGE = 1000;

    /** One page of matches and how many there are in all. */
    public record Found<T>(List<T> items, long total) {
    }

    private final ProfileStore store;

    /**
     * The person's timeline events, newest first; with {@code event}, only those of that name: a track
     * call's event name, or a call type such as {@code page} (as the per-day rollups name them).
     */
    public Found<EventDocument> timeline(ProfileDocument profile, String event, int page, int size) {
        Query query = event == null ? byProfiles(profile) : Query.of(q -> q.bool(b -> b.filter(byProfiles(profile))
                .filter(f -> f.bool(named -> named.minimumShouldMatch("1")
                        .should(s -> s.term(t -> t.field("event").value(event)))
                        .should(s -> s.term(t -> t.field("type").value(event.toUpperCase(Locale.ROOT))))))));
        SearchResponse<EventDocument> response = search(store.names().eventsPattern(), query, page,
                size, "timestamp", EventDocument.class);
        return found(response, (id, document) -> document);
    }

    /**
     * Live profiles with these trait values and at least these orders and revenue (when given), newest
     * first, each as {@code view} makes it of the document id and the document.
     */
    public <V> Found<V> search(Map<String, String> traits, Long minOrders, Double minRevenue, int page, int size,
            BiFunction<String, ProfileDocument, V> view) {
        List<Query> filters = new ArrayList<>();
        filters.add(Query.of(q -> q.term(t -> t.field("erased").value(false))));
        traits.forEach((name, value) -> filters.add(Query.of(q -> q.term(t -> t.field("traits." + name + ".value")
                .value(value)))));
        if (minOrders != null) {
            filters.add(Query.of(q -> q.range(r -> r.number(n -> n.field("commerce.orders").gte(minOrders.doubleValue())))));
        }
        if (minRevenue != null) {
            filters.add(Query.of(q -> q.range(r -> r.number(n -> n.field("commerce.revenue").gte(minRevenue)))));
        }
        Query query = Query.of(q -> q.bool(b -> b.filter(filters).mustNot(m -> m.exists(e -> e.field("mergedInto")))));
        return found(search(store.names().profiles(), query, page, size, "createdAt", ProfileDocument.class), view);
    }

    /** The identity claims of the person, however many. */
    public List<IdentityClaim> claims(ProfileDocument profile) {
        return claimsOf(profile).stream().map(Hit::source).toList();
    }

    /** The person's whole timeline, however long. */
    public List<EventDocument> events(ProfileDocument profile) {
        return allHits(store.names().eventsPattern(), byProfiles(profile), EventDocument.class).stream()
                .map(Hit::source).toList();
    }

    /**
     * Deletes the person's identities, timeline events and merged-away profiles, page by page (no
     * delete-by-query), leaving the surviving document for {@link #tombstone}; repeatable.
     */
    public void deleteAllButProfile(ProfileDocument profile) {
        List<BulkOperation> deletes = new ArrayList<>();
        for (Hit<IdentityClaim> claim : claimsOf(profile)) {
            deletes.add(BulkOperation.of(b -> b.delete(d -> d.index(store.names().identities()).id(claim.id()))));
        }
        profile.identities.forEach(ref -> deletes.add(BulkOperation.of(b -> b.delete(d -> d
                .index(store.names().identities()).id(new Identifier(ref.type(), ref.value()).hash())))));
        for (Hit<EventDocument> event : allHits(store.names().eventsPattern(), byProfiles(profile), EventDocument.class)) {
            deletes.add(BulkOperation.of(b -> b.delete(d -> d.index(event.index()).id(event.id()))));
        }
        profile.absorbedProfiles.forEach(id -> deletes.add(BulkOperation.of(b -> b.delete(d -> d
                .index(store.names().profiles()).id(id)))));
        for (int from = 0; from < deletes.size(); from += ERASE_PAGE) {
            store.bulk(deletes.subList(from, Math.min(deletes.size(), from + ERASE_PAGE)), Refresh.True);
        }
    }

    /** Overwrites the surviving document with an empty, erased one: the profile is found no more. */
    public void tombstone(ProfileDocument profile) {
        ProfileDocument tombstone = ProfileDocument.create(profile.id, profile.updatedAt);
        tombstone.erased = true;
        store.bulk(List.of(BulkOperation.of(b -> b.index(i -> i.index(store.names().profiles()).id(profile.id)
                .document(tombstone)))), Refresh.True);
    }

    private List<Hit<IdentityClaim>> claimsOf(ProfileDocument profile) {
        return allHits(store.names().identities(), byProfiles(profile), IdentityClaim.class);
    }

    private static Query byProfiles(ProfileDocument profile) {
        return Query.of(q -> q.terms(t -> t.field("profileId").terms(v -> v.value(ids(profile)))));
    }

    private static List<FieldValue> ids(ProfileDocument profile) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(profile.id);
        ids.addAll(profile.absorbedProfiles);
        return ids.stream().map(FieldValue::of).toList();
    }

    /** All matches, however many. */
    private <T> List<Hit<T>> allHits(String index, Query query, Class<T> type) {
        refresh(index);
        List<Hit<T>> all = new ArrayList<>();
        PointInTimeScan.pages(store.client(), index, query, "_shard_doc", null, ERASE_PAGE, type, all::addAll);
        return all;
    }

    private <T> SearchResponse<T> search(String index, Query query, int page, int size, String sortField,
            Class<T> type) {
        refresh(index);
        return unchecked(() -> store.client().search(s -> s.index(index).ignoreUnavailable(true).allowNoIndices(true)
                .query(query).from(page * size).size(size).trackTotalHits(t -> t.enabled(true))
                .sort(o -> o.field(f -> f.field(sortField).order(SortOrder.Desc).unmappedType(FieldType.Date))), type));
    }

    private static <T, V> Found<V> found(SearchResponse<T> response, BiFunction<String, T, V> view) {
        return new Found<>(response.hits().hits().stream().map(h -> view.apply(h.id(), h.source())).toList(),
                response.hits().total() == null ? 0 : response.hits().total().value());
    }

    private void refresh(String index) {
        unchecked(() -> store.client().indices().refresh(r -> r.index(index).ignoreUnavailable(true)
                .allowNoIndices(true)));
    }
}
