package io.cdp.platform.elasticsearch;

import static io.cdp.platform.elasticsearch.ElasticsearchClients.unchecked;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.IndexResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;

/**
 * One index holding documents of one type: real-time gets, create-only and compare-and-set writes,
 * deletes, searches and point-in-time scans. Created with its mapping on first use; an existing index gets the
 * mapping put again, so that fields added since reach it. Stores build their
 * domain operations on it, so that the 409-means-conflict and IOException rules live here only.
 */
public final class Documents<T> {

    /** A document with the sequence number and primary term to compare-and-set against. */
    public record Versioned<T>(String id, T document, long seqNo, long primaryTerm) {
    }

    /**
     * One write of {@link #writeAll}: create-only when {@code read} is null, else compare-and-set
     * against it, like {@link #create} and {@link #replace}.
     */
    public record Write<T>(String id, Versioned<T> read, T document) {

        public static <T> Write<T> create(String id, T document) {
            return new Write<>(id, null, document);
        }

        public static <T> Write<T> replace(Versioned<T> read, T document) {
            return new Write<>(read.id(), read, document);
        }
    }

    private final ElasticsearchClient client;
    private final String index;
    private final Class<T> type;

    public Documents(ElasticsearchClient client, String index, Class<T> type, String mappings) {
        this.client = client;
        this.index = index;
        this.type = type;
        try {
            if (unchecked(() -> client.indices().exists(e -> e.index(index))).value()) {
                // an index an earlier version created gets the fields added to the mapping since (idempotent)
                unchecked(() -> client.indices().putMapping(m -> m.index(index).withJson(new StringReader(mappings))));
            } else {
                unchecked(() -> client.indices().create(c -> c.index(index).withJson(new StringReader("{\"settings\": "
                        + "{\"number_of_shards\": 1, \"number_of_replicas\": 0}, \"mappings\": " + mappings + "}"))));
            }
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }

    public String index() {
        return index;
    }

    public ElasticsearchClient client() {
        return client;
    }

    public Optional<Versioned<T>> get(String id) {
        GetResponse<T> response = unchecked(() -> client.get(g -> g.index(index).id(id), type));
        return response.found()
                ? Optional.of(new Versioned<>(id, response.source(), response.seqNo(), response.primaryTerm()))
                : Optional.empty();
    }

    /** Which of these ids have a document, real-time like {@link #get}. */
    public Set<String> existing(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return found(ids).stream().map(MultiGet.Item::id).collect(Collectors.toSet());
    }

    /**
     * Which of these ids have a document that searches see, in one search: for an index written rarely and
     * refreshed when it is, where a real-time read of every id would cost a get each.
     */
    public Set<String> searchable(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        List<String> values = List.copyOf(ids);
        SearchResponse<Void> response = unchecked(() -> client.search(s -> s.index(index).size(values.size())
                .query(q -> q.ids(i -> i.values(values))).source(src -> src.fetch(false)), Void.class));
        return response.hits().hits().stream().map(Hit::id).collect(Collectors.toSet());
    }

    /** Real-time reads of many documents in one request, like {@link #get}: those found, by id. */
    public Map<String, Versioned<T>> getAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, Versioned<T>> found = new HashMap<>();
        found(ids).forEach(d -> found.put(d.id(), d.versioned()));
        return found;
    }

    /** The documents of these ids that exist; a missing index holds none, any other failed read throws. */
    private List<MultiGet.Item<T>> found(Collection<String> ids) {
        List<MultiGet.Item<T>> found = new ArrayList<>();
        List<MultiGet.Doc> docs = ids.stream().map(id -> MultiGet.Doc.of(index, id)).toList();
        for (MultiGet.Item<T> item : MultiGet.read(client, docs, type)) {
            if (item.failed()) {
                if (!item.failedForMissingIndex()) {
                    throw new IllegalStateException("reading " + index + " " + item.id() + " failed: "
                            + item.errorReason());
                }
            } else if (item.found()) {
                found.add(item);
            }
        }
        return found;
    }

    /**
     * Create-only and compare-and-set writes in one bulk request, each decided on its own: the
     * written ones with their new versions, by id. A write that lost (the id taken, or written since
     * it was read) is left out; any other failure throws.
     */
    public Map<String, Versioned<T>> writeAll(List<Write<T>> writes) {
        if (writes.isEmpty()) {
            return Map.of();
        }
        BulkResponse response = unchecked(() -> client.bulk(b -> {
            for (Write<T> w : writes) {
                b.operations(o -> w.read() == null
                        ? o.create(c -> c.index(index).id(w.id()).document(w.document()))
                        : o.index(i -> i.index(index).id(w.id()).ifSeqNo(w.read().seqNo())
                                .ifPrimaryTerm(w.read().primaryTerm()).document(w.document())));
            }
            return b;
        }));
        Map<String, Versioned<T>> written = new HashMap<>();
        for (int i = 0; i < writes.size(); i++) {
            BulkResponseItem item = response.items().get(i);
            if (item.error() == null) {
                Write<T> w = writes.get(i);
                written.put(w.id(), new Versioned<>(w.id(), w.document(), item.seqNo(), item.primaryTerm()));
            } else if (item.status() != 409) {
                throw new IllegalStateException("writing to " + index + " failed: " + item.error().reason());
            }
        }
        return written;
    }

    /** {@link #merge} of many documents in one bulk request. */
    public void mergeAll(Map<String, ?> partials) {
        if (partials.isEmpty()) {
            return;
        }
        BulkResponse response = unchecked(() -> client.bulk(b -> {
            partials.forEach((id, partial) -> b.operations(o -> o.update(u -> u.index(index).id(id).retryOnConflict(5)
                    .action(a -> a.doc(partial).docAsUpsert(true)))));
            return b;
        }));
        response.items().stream().filter(i -> i.error() != null).findFirst().ifPresent(i -> {
            throw new IllegalStateException("merging into " + index + " failed: " + i.error().reason());
        });
    }

    public void put(String id, T document) {
        unchecked(() -> client.index(i -> i.index(index).id(id).document(document)));
    }

    /** Writes only if no document has this id; false when one already does. */
    public boolean create(String id, T document) {
        return ElasticsearchClients.written(
                () -> client.index(i -> i.index(index).id(id).opType(OpType.Create).document(document)));
    }

    /** Replaces the document only if nobody wrote it since it was read; empty when somebody did. */
    public Optional<Versioned<T>> replace(Versioned<T> read, T document) {
        IndexResponse[] response = new IndexResponse[1];
        boolean written = ElasticsearchClients.written(() -> response[0] = client.index(i -> i.index(index)
                .id(read.id()).ifSeqNo(read.seqNo()).ifPrimaryTerm(read.primaryTerm()).document(document)));
        return written ? Optional.of(new Versioned<>(read.id(), document, response[0].seqNo(),
                response[0].primaryTerm())) : Optional.empty();
    }

    /** Merges the given fields into the document, creating it when missing. */
    public void merge(String id, Object partial) {
        unchecked(() -> client.update(u -> u.index(index).id(id).doc(partial).docAsUpsert(true).retryOnConflict(5),
                Object.class));
    }

    /** Deletes and waits until searches no longer see the document: deletes come from people, who read next. */
    public boolean delete(String id) {
        return unchecked(() -> client.delete(d -> d.index(index).id(id).refresh(Refresh.WaitFor))).result()
                .jsonValue().equals("deleted");
    }

    /**
     * Deletes every match (this Elasticsearch has no _delete_by_query): pages of ids, each deleted
     * in one bulk that waits until searches no longer see them, until none is left. Repeatable.
     */
    public void deleteMatching(Query query) {
        refresh();
        while (true) {
            SearchResponse<Void> response = unchecked(() -> client.search(s -> s.index(index).query(query).size(1000)
                    .source(src -> src.fetch(false)), Void.class));
            List<String> ids = response.hits().hits().stream().map(Hit::id).toList();
            if (ids.isEmpty()) {
                return;
            }
            deleteAll(ids);
        }
    }

    /** Deletes these documents in one bulk, those already gone included; waits until searches no longer see them. */
    public void deleteAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        BulkResponse response = unchecked(() -> client.bulk(b -> {
            ids.forEach(id -> b.operations(o -> o.delete(d -> d.index(index).id(id))));
            return b.refresh(Refresh.WaitFor);
        }));
        response.items().stream().filter(i -> i.error() != null && i.status() != 404).findFirst()
                .ifPresent(i -> {
                    throw new IllegalStateException("deleting from " + index + " failed: " + i.error().reason());
                });
    }

    /** Up to {@code size} matches, sorted by {@code sortField} ascending (then id). */
    public List<Versioned<T>> search(Query query, String sortField, SortOrder order, int size) {
        return search(query, sortField, order, 0, size);
    }

    /** One page of matches for a list a person pages through: {@code from} + {@code size} stay within 10,000. */
    public List<Versioned<T>> search(Query query, String sortField, SortOrder order, int from, int size) {
        SearchResponse<T> response = unchecked(() -> client.search(s -> s.index(index).query(query).from(from)
                .size(size).seqNoPrimaryTerm(true).sort(o -> o.field(f -> f.field(sortField).order(order))), type));
        return versioned(response.hits().hits());
    }

    public long count(Query query) {
        return unchecked(() -> client.count(c -> c.index(index).query(query))).count();
    }

    /** Every match in pages of {@code pageSize}, sorted by a unique keyword field, through a point in time. */
    public void scan(Query query, String uniqueSortField, int pageSize, Consumer<List<T>> page) {
        scan(query, uniqueSortField, pageSize, null, page);
    }

    /**
     * Like {@link #scan(Query, String, int, Consumer)}, starting after the match whose sort field is
     * {@code startAfter} (null: from the first): a scan stopped after a page resumes in a new point in time.
     */
    public void scan(Query query, String uniqueSortField, int pageSize, String startAfter, Consumer<List<T>> page) {
        PointInTimeScan.pages(client, index, query, uniqueSortField,
                startAfter == null ? null : List.of(FieldValue.of(startAfter)), pageSize, type,
                hits -> page.accept(hits.stream().map(Hit::source).toList()));
    }

    /** The distinct values of a keyword field among the matches, at most {@code size} of them. */
    public Set<String> distinct(Query query, String field, int size) {
        SearchResponse<Void> response = unchecked(() -> client.search(s -> s.index(index).size(0).query(query)
                .aggregations("values", a -> a.terms(t -> t.field(field).size(Math.max(size, 1)))), Void.class));
        Set<String> values = new HashSet<>();
        response.aggregations().get("values").sterms().buckets().array()
                .forEach(b -> values.add(b.key().stringValue()));
        return values;
    }

    public void refresh() {
        unchecked(() -> client.indices().refresh(r -> r.index(index)));
    }

    private List<Versioned<T>> versioned(List<Hit<T>> hits) {
        List<Versioned<T>> out = new ArrayList<>(hits.size());
        for (Hit<T> hit : hits) {
            out.add(new Versioned<>(hit.id(), hit.source(), hit.seqNo() == null ? -1 : hit.seqNo(),
                    hit.primaryTerm() == null ? -1 : hit.primaryTerm()));
        }
        return out;
    }
}
