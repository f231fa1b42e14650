package io.cdp.segmentation.store;

import static io.cdp.platform.elasticsearch.ElasticsearchClients.unchecked;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.springframework.stereotype.Component;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.cdp.platform.elasticsearch.Documents;
import io.cdp.platform.elasticsearch.Documents.Versioned;
import io.cdp.segmentation.membership.MembershipDocument;

/**
 * Current memberships (one document per profile, written only under if_seq_no or create-only so
 * that real-time evaluation and a scheduled run never overwrite each other's entries) and the
 * append-only history.
 */
@Component
public final class MembershipStore {

    private static final int ERASE_PAGE = 1000;

    private final ElasticsearchClient client;
    private final Documents<MembershipDocument> memberships;
    private final Documents<HistoryRecord> history;

    MembershipStore(ElasticsearchClient client, SegmentationIndices indices) {
        this.client = client;
        this.memberships = new Documents<>(client, indices.memberships(), MembershipDocument.class,
                SegmentationIndices.MEMBERSHIPS_MAPPING);
        this.history = new Documents<>(client, indices.history(), HistoryRecord.class,
                SegmentationIndices.HISTORY_MAPPING);
    }

    /** Real-time reads of the stored states of these profiles; profiles without a state are left out. */
    public Map<String, Versioned<MembershipDocument>> load(Collection<String> profileIds) {
        return memberships.getAll(profileIds);
    }

    public Optional<MembershipDocument> find(String profileId) {
        return memberships.get(profileId).map(Versioned::document);
    }

    /**
     * Writes new states (with their outboxes), each conditional on the state it was computed from
     * (create-only when there was none). Returns the versions written, the ids to recompute (a race lost,
     * or Elasticsearch too busy for that document just now) and the ids whose state Elasticsearch refused.
     */
    public WriteResult write(List<MembershipDocument> states, Map<String, Versioned<MembershipDocument>> readFrom) {
        List<BulkOperation> operations = new ArrayList<>();
        for (MembershipDocument state : states) {
            Versioned<MembershipDocument> before = readFrom.get(state.profileId());
            operations.add(before == null
                    ? BulkOperation.of(b -> b.create(c -> c.index(memberships.index()).id(state.profileId())
                            .document(state)))
                    : index(state, new long[] {before.seqNo(), before.primaryTerm()}));
        }
        WriteResult result = new WriteResult(new HashMap<>(), new ArrayList<>(), new HashMap<>());
        for (BulkResponseItem item : bulk(operations)) {
            if (item.error() == null) {
                result.written().put(item.id(), new long[] {item.seqNo(), item.primaryTerm()});
            } else if (item.status() == 409 || busy(item)) {
                result.retry().add(item.id());
            } else {
                result.rejected().put(item.id(), "membership write rejected: " + item.error().type());
            }
        }
        return result;
    }

    /** Versions written, ids to recompute, and ids refused with the reason (no personal data). */
    public record WriteResult(Map<String, long[]> written, List<String> retry, Map<String, String> rejected) {
    }

    /**
     * After the states' events are published, one bulk appends their history (create-only: a replay
     * leaves what is there) and stores the states with their outbox emptied, each under the version
     * written (unless a state changed since: its writer then found our outbox and publishes it). A state
     * whose history could not be appended gets its outbox back, so that the retry writes the history.
     *
     * @param published the states as written, outbox full; {@code versions} holds each one's seq_no / term
     */
    public void finish(List<HistoryRecord> records, List<MembershipDocument> published, Map<String, long[]> versions) {
        List<BulkOperation> operations = new ArrayList<>();
        records.forEach(r -> operations.add(BulkOperation.of(b -> b.create(c -> c.index(history.index()).id(r.id())
                .document(r)))));
        published.forEach(state -> operations.add(index(state.published(), versions.get(state.profileId()))));
        Set<String> historyMissing = new HashSet<>();
        Map<String, long[]> cleared = new HashMap<>();
        boolean allBusy = true;
        String failure = null;
        List<BulkResponseItem> items = bulk(operations);
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            boolean isHistory = i < records.size();
            if (item.error() == null) {
                if (!isHistory) {
                    cleared.put(item.id(), new long[] {item.seqNo(), item.primaryTerm()});
                }
            } else if (item.status() != 409) {
                allBusy &= busy(item);
                failure = (isHistory ? "membership history" : "outbox clearing") + " write failed: "
                        + item.error().type();
                if (isHistory) {
                    historyMissing.add(records.get(i).profileId());
                }
            }
        }
        if (failure == null) {
            return;
        }
        List<MembershipDocument> reopen = published.stream().filter(s -> historyMissing.contains(s.profileId())
                && cleared.containsKey(s.profileId())).toList();
        bulk(reopen.stream().map(s -> index(s, cleared.get(s.profileId()))).toList());
        throw allBusy ? new MembershipStoreBusyException(failure) : new IllegalStateException(failure);
    }

    /**
     * Deletes the whole history and then the states of these profiles (an erased person). There is no
     * delete-by-query: history is searched and deleted a page at a time until none is left. The states go
     * last so that a profile without a state has no history left either: whoever sees the state gone
     * (the membership API, a caller checking the erasure) sees the erasure finished.
     */
    public void erase(Collection<String> profileIds) {
        if (profileIds.isEmpty()) {
            return;
        }
        List<FieldValue> ids = profileIds.stream().map(FieldValue::of).toList();
        List<String> page;
        do {
            history.refresh();
            page = unchecked(() -> client.search(s -> s.index(history.index()).size(ERASE_PAGE).source(f -> f
                    .fetch(false)).query(q -> q.terms(t -> t.field("profileId").terms(v -> v.value(ids)))),
                    Void.class)).hits().hits().stream().map(Hit::id).toList();
            checkDeleted(bulk(page.stream().map(id -> BulkOperation.of(b -> b.delete(d -> d
                    .index(history.index()).id(id)))).toList()));
        } while (page.size() == ERASE_PAGE);
        checkDeleted(bulk(profileIds.stream().map(id -> BulkOperation.of(b -> b.delete(d -> d
                .index(memberships.index()).id(id)))).toList()));
    }

    private static void checkDeleted(List<BulkResponseItem> items) {
        for (BulkResponseItem item : items) {
            if (item.error() != null) {
                String failure = "membership erase failed: " + item.error().type();
                throw busy(item) ? new MembershipStoreBusyException(failure) : new IllegalStateException(failure);
            }
        }
    }

    private BulkOperation index(MembershipDocument state, long[] version) {
        return BulkOperation.of(b -> b.index(i -> i.index(memberships.index()).id(state.profileId())
                .document(state).ifSeqNo(version[0]).ifPrimaryTerm(version[1])));
    }

    /** Elasticsearch turned a document away for now (queue full, shard unavailable): worth retrying. */
    private static boolean busy(BulkResponseItem item) {
        return item.status() == 429 || item.status() >= 500;
    }

    public long count(String segmentId) {
        memberships.refresh();
        return memberships.count(inSegment(segmentId));
    }

    /** Members of a segment in profile id order, {@code size} after {@code afterProfileId}. */
    public List<MembershipDocument> members(String segmentId, String afterProfileId, int size) {
        return unchecked(() -> client.search(s -> {
            s.index(memberships.index()).size(size).query(inSegment(segmentId))
                    .sort(o -> o.field(f -> f.field("profileId").order(SortOrder.Asc)));
            if (afterProfileId != null) {
                s.searchAfter(FieldValue.of(afterProfileId));
            }
            return s;
        }, MembershipDocument.class)).hits().hits().stream().map(Hit::source).toList();
    }

    /** A page of a segment's members for the console, by offset (at most 10,000 deep), with the total. */
    public MemberPage memberPage(String segmentId, int offset, int limit) {
        memberships.refresh();
        var response = unchecked(() -> client.search(s -> s.index(memberships.index()).from(offset).size(limit)
                .trackTotalHits(t -> t.enabled(true)).query(inSegment(segmentId))
                .sort(o -> o.field(f -> f.field("profileId").order(SortOrder.Asc))), MembershipDocument.class));
        return new MemberPage(response.hits().hits().stream().map(Hit::source).toList(),
                response.hits().total() == null ? 0 : response.hits().total().value());
    }

    public record MemberPage(List<MembershipDocument> members, long total) {
    }

    /** Members now of every segment, persona or stage at once: one terms aggregation on {@code field}. */
    public Map<String, Long> countsBy(CountedBy field) {
        memberships.refresh();
        var response = unchecked(() -> client.search(s -> s.index(memberships.index()).size(0)
                .aggregations("counts", a -> a.terms(t -> t.field(field.field).size(10_000))), Void.class));
        Map<String, Long> counts = new HashMap<>();
        response.aggregations().get("counts").sterms().buckets().array()
                .forEach(b -> counts.put(b.key().stringValue(), b.docCount()));
        return counts;
    }

    /** What {@link #countsBy} groups the current states by. */
    public enum CountedBy {
        SEGMENT("segmentIds"), PERSONA("personaId"), STAGE("stage");

        private final String field;

        CountedBy(String field) {
            this.field = field;
        }
    }

    /** Every member, a page at a time (CSV export). */
    public void forEachMemberPage(String segmentId, int pageSize, Consumer<List<MembershipDocument>> page) {
        String after = null;
        while (true) {
            List<MembershipDocument> members = members(segmentId, after, pageSize);
            if (!members.isEmpty()) {
                page.accept(members);
            }
            if (members.size() < pageSize) {
                return;
            }
            after = members.get(members.size() - 1).profileId();
        }
    }

    /** The history of one profile, oldest first, at most {@code size} entries. */
    public List<HistoryEntry> history(String profileId, int size) {
        history.refresh();
        return history.search(Query.of(q -> q.term(t -> t.field("profileId").value(profileId))), "at",
                SortOrder.Asc, size).stream().flatMap(h -> h.document().entries().stream()).limit(size).toList();
    }

    private static Query inSegment(String segmentId) {
        return Query.of(q -> q.term(t -> t.field("segmentIds").value(segmentId)));
    }

    private List<BulkResponseItem> bulk(List<BulkOperation> operations) {
        if (operations.isEmpty()) {
            return List.of();
        }
        return unchecked(() -> client.bulk(b -> b.operations(operations))).items();
    }

    /**
     * One line of the append-only history: a segment entered or exited, or the persona or stage
     * changed ({@code kind} entered / exited / persona / stage, {@code value} the new persona or stage).
     */
    public record HistoryEntry(String id, String profileId, String kind, String segmentId, String entryId,
            String value, String cause, Instant at) {
    }

    /**
     * What one cause did to one profile: the history document, one per profile and cause. {@code entered} and
     * {@code exited} repeat the segments of its entries, as keyword fields for sizes over time.
     */
    public record HistoryRecord(String id, String profileId, String cause, Instant at,
            List<HistoryEntry> entries, List<String> entered, List<String> exited) {

        public HistoryRecord {
            entries = List.copyOf(entries);
            entered = segments(entries, "entered");
            exited = segments(entries, "exited");
        }

        public HistoryRecord(String id, String profileId, String cause, Instant at, List<HistoryEntry> entries) {
            this(id, profileId, cause, at, entries, null, null);
        }

        private static List<String> segments(List<HistoryEntry> entries, String kind) {
            return entries.stream().filter(e -> kind.equals(e.kind())).map(HistoryEntry::segmentId).distinct().toList();
        }
    }

    /**
     * Net change of every segment's size since {@code since} (entries minus exits), from the history: with the
     * size now, the size then.
     */
    public Map<String, Long> netChangesSince(Instant since) {
        history.refresh();
        var response = unchecked(() -> client.search(s -> s.index(history.index()).size(0)
                .query(q -> q.range(r -> r.date(d -> d.field("at").gte(since.toString()))))
                .aggregations("entered", a -> a.terms(t -> t.field("entered").size(10_000)))
                .aggregations("exited", a -> a.terms(t -> t.field("exited").size(10_000))), Void.class));
        Map<String, Long> net = new HashMap<>();
        response.aggregations().get("entered").sterms().buckets().array()
                .forEach(b -> net.merge(b.key().stringValue(), b.docCount(), Long::sum));
        response.aggregations().get("exited").sterms().buckets().array()
                .forEach(b -> net.merge(b.key().stringValue(), -b.docCount(), Long::sum));
        return net;
    }

    /** Net change of one segment's size per calendar day of {@code zone} since {@code since}, by day. */
    public Map<LocalDate, Long> dailyNetChanges(String segmentId, Instant since, ZoneId zone) {
        history.refresh();
        var response = unchecked(() -> client.search(s -> s.index(history.index()).size(0)
                .query(q -> q.range(r -> r.date(d -> d.field("at").gte(since.toString()))))
                .aggregations("entered", a -> a.filter(f -> f.term(t -> t.field("entered").value(segmentId)))
                        .aggregations("days", days(zone)))
                .aggregations("exited", a -> a.filter(f -> f.term(t -> t.field("exited").value(segmentId)))
                        .aggregations("days", days(zone))), Void.class));
        Map<LocalDate, Long> net = new TreeMap<>();
        for (String kind : List.of("entered", "exited")) {
            long sign = kind.equals("entered") ? 1 : -1;
            response.aggregations().get(kind).filter().aggregations().get("days").dateHistogram().buckets().array()
                    .forEach(b -> net.merge(Instant.ofEpochMilli(b.key()).atZone(zone).toLocalDate(),
                            sign * b.docCount(), Long::sum));
        }
        return net;
    }

    private static Aggregation days(ZoneId zone) {
        return Aggregation.of(a -> a.dateHistogram(h -> h
                .field("at").calendarInterval(CalendarInterval.Day)
                .timeZone(zone.getId()).minDocCount(1)));
    }

    /** Elasticsearch turned writes away for now: transient, the batch is retried. */
    public static final class MembershipStoreBusyException extends RuntimeException {
        MembershipStoreBusyException(String message) {
            super(message);
        }
    }

}
