package io.cdp.segmentation.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import java.util.function.Consumer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import io.cdp.segmentation.membership.MembershipDocument;

/**
 * Current memberships (one document per profile, written only under if_seq_no or create-only so
 * that real-time evaluation and a scheduled run never overwrite each other's entries) and the
 * append-only history.
 */
public final class MembershipStore {

    private final ElasticsearchClient client;
    private final SegmentationIndices indices;

    public MembershipStore(ElasticsearchClient client, SegmentationIndices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** Real-time reads of the stored states of these profiles; profiles without a state are left out. */
    public Map<String, Stored<MembershipDocument>> load(Collection<String> profileIds) {
        Map<String, Stored<MembershipDocument>> found = new HashMap<>();
        if (profileIds.isEmpty()) {
            return found;
        }
        try {
            MgetResponse<MembershipDocument> response = client.mget(m -> m.index(indices.memberships())
                    .ids(List.copyOf(profileIds)), MembershipDocument.class);
            for (MultiGetResponseItem<MembershipDocument> item : response.docs()) {
                if (item.isFailure()) {
                    throw new IllegalStateException("membership lookup failed: " + item.failure().error().type());
                }
                if (item.result().found()) {
                    found.put(item.result().id(), new Stored<>(item.result().source(), item.result().seqNo(),
                            item.result().primaryTerm()));
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<MembershipDocument> find(String profileId) {
        try {
            GetResponse<MembershipDocument> response = client.get(g -> g.index(indices.memberships()).id(profileId),
                    MembershipDocument.class);
            return response.found() ? Optional.of(response.source()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes new states, each conditional on the state it was computed from (create-only when there
     * was none). Returns the ids that lost a race and must be recomputed, and the versions written.
     */
    public WriteResult write(List<MembershipDocument> states, Map<String, Stored<MembershipDocument>> readFrom) {
        List<BulkOperation> operations = new ArrayList<>();
        for (MembershipDocument state : states) {
            Stored<MembershipDocument> before = readFrom.get(state.profileId());
            operations.add(before == null
                    ? BulkOperation.of(b -> b.create(c -> c.index(indices.memberships()).id(state.profileId())
                            .document(state)))
                    : BulkOperation.of(b -> b.index(i -> i.index(indices.memberships()).id(state.profileId())
                            .document(state).ifSeqNo(before.seqNo()).ifPrimaryTerm(before.primaryTerm()))));
        }
        WriteResult result = new WriteResult(new ArrayList<>(), new HashMap<>());
        for (BulkResponseItem item : bulk(operations)) {
            if (item.error() == null) {
                result.written().put(item.id(), new long[] {item.seqNo(), item.primaryTerm()});
            } else if (item.status() == 409) {
                result.conflicts().add(item.id());
            } else {
                throw new IllegalStateException("membership write failed: " + item.error().type());
            }
        }
        return result;
    }

    /** Ids that lost a race, and the seq_no / primary term of each written state. */
    public record WriteResult(List<String> conflicts, Map<String, long[]> written) {
    }

    /** Appends history documents; a document already there (a replay) is left as it is. */
    public void appendHistory(List<HistoryEntry> entries) {
        List<BulkOperation> operations = entries.stream().map(e -> BulkOperation.of(b -> b.create(c -> c
                .index(indices.history()).id(e.id()).document(e)))).toList();
        for (BulkResponseItem item : bulk(operations)) {
            if (item.error() != null && item.status() != 409) {
                throw new IllegalStateException("membership history write failed: " + item.error().type());
            }
        }
    }

    /**
     * Stores the published states (their outboxes empty) unless a state changed since (then its writer
     * publishes what it found in the outbox). Whole documents rather than partial updates: an update
     * would make Elasticsearch read back each document it has just been sent.
     */
    public void clearOutboxes(List<MembershipDocument> published, Map<String, long[]> written) {
        List<BulkOperation> operations = new ArrayList<>();
        for (MembershipDocument state : published) {
            long[] version = written.get(state.profileId());
            operations.add(BulkOperation.of(b -> b.index(i -> i.index(indices.memberships()).id(state.profileId())
                    .document(state).ifSeqNo(version[0]).ifPrimaryTerm(version[1]))));
        }
        for (BulkResponseItem item : bulk(operations)) {
            if (item.error() != null && item.status() != 409) {
                throw new IllegalStateException("outbox clearing failed: " + item.error().type());
            }
        }
    }

    public long count(String segmentId) {
        try {
            client.indices().refresh(r -> r.index(indices.memberships()));
            return client.count(c -> c.index(indices.memberships())
                    .query(q -> q.term(t -> t.field("segmentIds").value(segmentId)))).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Members of a segment in profile id order, {@code size} after {@code afterProfileId}. */
    public List<MembershipDocument> members(String segmentId, String afterProfileId, int size) {
        try {
            SearchResponse<MembershipDocument> response = client.search(s -> {
                s.index(indices.memberships()).size(size)
                        .query(q -> q.term(t -> t.field("segmentIds").value(segmentId)))
                        .sort(o -> o.field(f -> f.field("profileId").order(SortOrder.Asc)));
                if (afterProfileId != null) {
                    s.searchAfter(FieldValue.of(afterProfileId));
                }
                return s;
            }, MembershipDocument.class);
            return response.hits().hits().stream().map(h -> h.source()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    /** The history of one profile, oldest first. */
    public List<HistoryEntry> history(String profileId, int size) {
        try {
            client.indices().refresh(r -> r.index(indices.history()));
            return client.search(s -> s.index(indices.history()).size(size)
                    .query(q -> q.term(t -> t.field("profileId").value(profileId)))
                    .sort(o -> o.field(f -> f.field("at").order(SortOrder.Asc))), HistoryEntry.class)
                    .hits().hits().stream().map(h -> h.source()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<BulkResponseItem> bulk(List<BulkOperation> operations) {
        if (operations.isEmpty()) {
            return List.of();
        }
        try {
            BulkResponse response = client.bulk(b -> b.operations(operations));
            return response.items();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One line of the append-only history: a segment entered or exited, or the persona or stage
     * changed ({@code kind} entered / exited / persona / stage, {@code value} the new persona or stage).
     */
    public record HistoryEntry(String id, String profileId, String kind, String segmentId, String entryId,
            String value, String cause, java.time.Instant at) {
    }

}
