package io.cdp.segmentation.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.IndexResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;

/** Runs and their cursors; every write is conditional, so two instances never both own a run. */
public final class RunStore {

    private final ElasticsearchClient client;
    private final SegmentationIndices indices;

    public RunStore(ElasticsearchClient client, SegmentationIndices indices) {
        this.client = client;
        this.indices = indices;
    }

    public Optional<Stored<RunDocument>> find(String id) {
        try {
            GetResponse<RunDocument> r = client.get(g -> g.index(indices.runs()).id(id), RunDocument.class);
            return r.found() ? Optional.of(new Stored<>(r.source(), r.seqNo(), r.primaryTerm())) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Stored<RunDocument> create(RunDocument run) {
        return write(run, null);
    }

    /** Writes {@code run} if it is still at {@code before}'s version; empty when someone else wrote it. */
    public Optional<Stored<RunDocument>> replace(RunDocument run, Stored<RunDocument> before) {
        try {
            return Optional.of(write(run, before));
        } catch (ElasticsearchException e) {
            if (e.status() == 409) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Stored<RunDocument> write(RunDocument run, Stored<RunDocument> before) {
        try {
            // searches (one run at a time, the run list) must see new runs and status changes at once;
            // a page's progress is read by id, so it does not wait for a refresh
            boolean statusChange = before == null || !before.document().status().equals(run.status());
            IndexResponse r = client.index(i -> {
                i.index(indices.runs()).id(run.id()).document(run)
                        .refresh(statusChange ? Refresh.WaitFor : Refresh.False);
                return before == null ? i.opType(co.elastic.clients.elasticsearch._types.OpType.Create)
                        : i.ifSeqNo(before.seqNo()).ifPrimaryTerm(before.primaryTerm());
            });
            return new Stored<>(run, r.seqNo(), r.primaryTerm());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs still marked running, whoever owns them. */
    public List<Stored<RunDocument>> running() {
        return search(q -> q.term(t -> t.field("status").value(RunDocument.RUNNING)), 100);
    }

    public List<Stored<RunDocument>> recent(int size) {
        return search(q -> q.matchAll(m -> m), size);
    }

    private List<Stored<RunDocument>> search(
            java.util.function.Function<co.elastic.clients.elasticsearch._types.query_dsl.Query.Builder,
                    co.elastic.clients.util.ObjectBuilder<co.elastic.clients.elasticsearch._types.query_dsl.Query>> query,
            int size) {
        try {
            return client.search(s -> s.index(indices.runs()).size(size).query(query).seqNoPrimaryTerm(true)
                    .sort(o -> o.field(f -> f.field("startedAt").order(SortOrder.Desc))), RunDocument.class)
                    .hits().hits().stream().map(RunStore::stored).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stored<RunDocument> stored(Hit<RunDocument> hit) {
        return new Stored<>(hit.source(), hit.seqNo(), hit.primaryTerm());
    }
}
