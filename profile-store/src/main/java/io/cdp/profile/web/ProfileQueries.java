package io.cdp.profile.web;

import io.cdp.platform.web.InvalidRequestException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Service;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.cdp.profile.ProfileId;
import io.cdp.profile.domain.ProfileDocument;
import io.cdp.profile.identity.Identifier;
import io.cdp.profile.identity.IdentifierExtractor;
import io.cdp.profile.store.EventDocument;
import io.cdp.profile.store.IdentityClaim;
import io.cdp.platform.elasticsearch.PointInTimeScan;
import io.cdp.profile.store.ProfileStore;
import io.cdp.profile.store.StoredProfiles;

/** Read side of the profile API, plus the GDPR erase. Reads follow merge redirects without writing. */
@Service
public final class ProfileQueries {

    private static final int ERASE_PAGE = 1000;

    private final ProfileStore store;
    private final IdentifierExtractor extractor;
    private final StoredProfiles profiles;
    private final ErasureSink erasures;

    /** Tells the other modules of an erasure; the news is durable when {@link #erased} returns. */
    public interface ErasureSink {
        void erased(ProfileId profileId, List<ProfileId> mergedIds);
    }

    public ProfileQueries(ProfileStore store, IdentifierExtractor extractor, ErasureSink erasures) {
        this.store = store;
        this.extractor = extractor;
        this.profiles = new StoredProfiles(store, extractor);
        this.erasures = erasures;
    }

    /** The live profile an id resolves to (itself, or its merge survivor). */
    public ProfileDocument resolve(String id) {
        return profiles.live(id).orElseThrow(() -> new ProfileNotFoundException("id " + id));
    }

    public ProfileDocument lookup(String type, String value) {
        Identifier identifier = extractor.normalize(type, value)
                .orElseThrow(() -> new InvalidRequestException("value", "must be a valid, non-blocked " + type));
        return profiles.liveByIdentifier(identifier)
                .orElseThrow(() -> new ProfileNotFoundException("this " + identifier.type()));
    }

    public Page<EventDocument> events(ProfileDocument profile, int page, int size) {
        SearchResponse<EventDocument> response = search(store.names().eventsPattern(), byProfiles(profile), page,
                size, "timestamp", EventDocument.class);
        return new Page<>(response.hits().hits().stream().map(Hit::source).toList(), page, size,
                response.hits().total() == null ? 0 : response.hits().total().value());
    }

    public Page<ProfileView> search(Map<String, String> traits, Long minOrders, Double minRevenue, int page, int size) {
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
        SearchResponse<ProfileDocument> response = search(store.names().profiles(), query, page, size, "createdAt",
                ProfileDocument.class);
        return new Page<>(response.hits().hits().stream().map(h -> ProfileView.of(h.id(), h.source())).toList(), page,
                size, response.hits().total() == null ? 0 : response.hits().total().value());
    }

    /** Everything held about the person: the profile, merged-away profiles, identities and events. */
    public Map<String, Object> export(ProfileDocument profile) {
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("profile", ProfileView.of(profile.id, profile));
        List<ProfileDocument> absorbed = new ArrayList<>();
        profile.absorbedProfiles.forEach(id -> store.profile(id).ifPresent(v -> absorbed.add(v.document())));
        export.put("mergedProfiles", absorbed);
        export.put("identities", claimsOf(profile).stream().map(Hit::source).toList());
        export.put("events", allHits(store.names().eventsPattern(), byProfiles(profile), EventDocument.class).stream()
                .map(Hit::source).toList());
        return export;
    }

    /**
     * GDPR erase: identities, timeline events and every profile document of the person. Search and
     * bulk delete page by page (no delete-by-query); the surviving document is overwritten with an
     * empty tombstone last, so that a crash half way can simply be repeated. The other modules are told
     * (ProfileErased) before the tombstone: once it is written the API no longer finds the profile, and
     * an erase whose news was lost could not be repeated.
     */
    public void erase(ProfileDocument profile) {
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
        erasures.erased(ProfileId.of(profile.id), profile.absorbedProfiles.stream().map(ProfileId::of).toList());
        ProfileDocument tombstone = ProfileDocument.create(profile.id, profile.updatedAt);
        tombstone.erased = true;
        store.bulk(List.of(BulkOperation.of(b -> b.index(i -> i.index(store.names().profiles()).id(profile.id)
                .document(tombstone)))), Refresh.True);
    }

    private List<Hit<IdentityClaim>> claimsOf(ProfileDocument profile) {
        return allHits(store.names().identities(), Query.of(q -> q.terms(t -> t.field("profileId")
                .terms(v -> v.value(ids(profile))))), IdentityClaim.class);
    }

    private Query byProfiles(ProfileDocument profile) {
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
        try {
            return store.client().search(s -> s.index(index).ignoreUnavailable(true).allowNoIndices(true)
                    .query(query).from(page * size).size(size).trackTotalHits(t -> t.enabled(true))
                    .sort(o -> o.field(f -> f.field(sortField).order(SortOrder.Desc).unmappedType(
                            co.elastic.clients.elasticsearch._types.mapping.FieldType.Date))), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The API reads its own writes: the timeline is written without refresh for throughput. */
    private void refresh(String index) {
        try {
            store.client().indices().refresh(r -> r.index(index).ignoreUnavailable(true).allowNoIndices(true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
