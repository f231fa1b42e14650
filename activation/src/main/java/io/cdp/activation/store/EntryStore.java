package io.cdp.activation.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.springframework.stereotype.Component;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonData;
import io.cdp.platform.elasticsearch.Documents;

/** The questions asked of the entries (one per membership entry of a person in a segment). */
@Component
public final class EntryStore {

    private final Documents<Entry> entries;

    EntryStore(ActivationIndices indices) {
        this.entries = indices.entries();
    }

    /** The segment's current members (open entries), page by page in entryId order. */
    public void scanCurrentMembers(String segmentId, int pageSize, Consumer<List<Entry>> page) {
        entries.scan(currentMembers(segmentId), "entryId", pageSize, page);
    }

    /** Which of these people hold an open entry in the segment now. */
    public Set<String> currentMembersAmong(String segmentId, List<String> profileIds) {
        Query query = Query.of(q -> q.bool(b -> b.filter(currentMembers(segmentId))
                .filter(f -> f.terms(t -> t.field("profileId").terms(v -> v.value(
                        profileIds.stream().map(FieldValue::of).toList()))))));
        return entries.distinct(query, "profileId", profileIds.size());
    }

    /** Every entry of the segment, current or ended: who might be in an audience because of it. */
    public long countInSegment(String segmentId) {
        return entries.count(inSegment(segmentId));
    }

    /** Every entry of the segment in entryId order, after {@code startAfter} (null: from the first). */
    public void scanSegment(String segmentId, int pageSize, String startAfter, Consumer<List<Entry>> page) {
        entries.scan(inSegment(segmentId), "entryId", pageSize, startAfter, page);
    }

    /** The person's entries begun between {@code from} and {@code to} (both included), latest first. */
    public List<Entry> enteredBetween(String profileId, Instant from, Instant to, int max) {
        Query query = Query.of(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("profileId").value(profileId)))
                .filter(f -> f.range(r -> r.untyped(u -> u.field("enteredAt")
                        .lte(JsonData.of(to.toString())).gte(JsonData.of(from.toString())))))));
        return entries.search(query, "enteredAt", SortOrder.Desc, max).stream().map(Documents.Versioned::document)
                .toList();
    }

    /**
     * Makes every stored entry searchable now rather than at the index's next refresh: a person can order
     * from an entry's email within a second of the entry, and {@link #enteredBetween} is a search.
     */
    public void refresh() {
        entries.refresh();
    }

    /** Open entries of every segment. */
    public void scanAllCurrent(int pageSize, Consumer<List<Entry>> page) {
        entries.scan(Query.of(q -> q.bool(b -> b.filter(f -> f.exists(e -> e.field("enteredAt")))
                .mustNot(m -> m.exists(e -> e.field("exitedAt"))))), "entryId", pageSize, page);
    }

    public void deleteOfProfiles(Collection<String> profileIds) {
        entries.deleteMatching(Filters.ofProfiles(profileIds));
    }

    private static Query currentMembers(String segmentId) {
        return Query.of(q -> q.bool(b -> b
                .filter(f -> f.term(t -> t.field("segmentId").value(segmentId)))
                .filter(f -> f.exists(e -> e.field("enteredAt")))
                .mustNot(m -> m.exists(e -> e.field("exitedAt")))));
    }

    private static Query inSegment(String segmentId) {
        return Query.of(q -> q.term(t -> t.field("segmentId").value(segmentId)));
    }
}
