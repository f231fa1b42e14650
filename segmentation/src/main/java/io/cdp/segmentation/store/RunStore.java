package io.cdp.segmentation.store;

import static io.cdp.platform.elasticsearch.ElasticsearchClients.unchecked;
import static io.cdp.platform.elasticsearch.ElasticsearchClients.written;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.IndexResponse;
import io.cdp.platform.elasticsearch.Documents;
import io.cdp.platform.elasticsearch.Documents.Versioned;

/** Runs and their cursors; every write is conditional, so two instances never both own a run. */
@Component
public final class RunStore {

    private final Documents<RunDocument> runs;

    RunStore(ElasticsearchClient client, SegmentationIndices indices) {
        this.runs = new Documents<>(client, indices.runs(), RunDocument.class, SegmentationIndices.RUNS_MAPPING);
    }

    public Optional<Versioned<RunDocument>> find(String id) {
        return runs.get(id);
    }

    public Versioned<RunDocument> create(RunDocument run) {
        IndexResponse r = unchecked(() -> runs.client().index(i -> i.index(runs.index()).id(run.id()).document(run)
                .refresh(Refresh.WaitFor).opType(OpType.Create)));
        return new Versioned<>(run.id(), run, r.seqNo(), r.primaryTerm());
    }

    /** Writes {@code run} if it is still at {@code before}'s version; empty when someone else wrote it. */
    public Optional<Versioned<RunDocument>> replace(RunDocument run, Versioned<RunDocument> before) {
        // searches (one run at a time, the run list) must see status changes at once; a page's progress is
        // read by id, so it does not wait for a refresh
        Refresh refresh = before.document().status().equals(run.status()) ? Refresh.False : Refresh.WaitFor;
        IndexResponse[] r = new IndexResponse[1];
        boolean written = written(() -> r[0] = runs.client().index(i -> i.index(runs.index()).id(run.id())
                .document(run).refresh(refresh).ifSeqNo(before.seqNo()).ifPrimaryTerm(before.primaryTerm())));
        return written ? Optional.of(new Versioned<>(run.id(), run, r[0].seqNo(), r[0].primaryTerm()))
                : Optional.empty();
    }

    /** Runs still marked running, whoever owns them. */
    public List<Versioned<RunDocument>> running() {
        return search(Query.of(q -> q.term(t -> t.field("status").value(RunDocument.RUNNING))), 100);
    }

    public List<Versioned<RunDocument>> recent(int size) {
        return search(Query.of(q -> q.matchAll(m -> m)), size);
    }

    private List<Versioned<RunDocument>> search(Query query, int size) {
        return runs.search(query, "startedAt", SortOrder.Desc, size);
    }
}
