package io.cdp.ingestion.source;

import static io.cdp.platform.elasticsearch.ElasticsearchClients.unchecked;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.cdp.platform.elasticsearch.ElasticsearchClients;

/**
 * Sources in Elasticsearch index {@value #INDEX}. The document id is the SHA-256 of the write
 * key, so authenticating a request is a real-time GET, never a near-real-time search. Admin
 * writes wait for a refresh so that the following list/get (searches) see them.
 */
public class SourceStore {

    public static final String INDEX = "cdp-sources";

    private final ElasticsearchClient client;
    private final ElasticsearchClient lookupClient;

    /** @param lookupTimeout bounds the write-key lookup of every request that missed the cache */
    public SourceStore(ElasticsearchClient client, Duration lookupTimeout) {
        this.client = client;
        this.lookupClient = ElasticsearchClients.withTimeout(client, lookupTimeout);
        installTemplate();
    }

    /** Stored form; the key itself is never stored. */
    record SourceDocument(String sourceId, String name, String keyPrefix, Instant createdAt) {

        Source toSource() {
            return new Source(sourceId, name, keyPrefix, createdAt);
        }

        static SourceDocument of(Source source) {
            return new SourceDocument(source.id(), source.name(), source.keyPrefix(), source.createdAt());
        }
    }

    /** A source with its write key, shown to the admin once. */
    public record CreatedSource(Source source, String writeKey) {
    }

    public CreatedSource create(String sourceId, String name) {
        Source.validId(sourceId);
        if (find(sourceId).isPresent()) {
            throw new SourceExistsException(sourceId);
        }
        String key = WriteKey.generate();
        Source source = new Source(sourceId, name, WriteKey.prefix(key), Instant.now());
        put(WriteKey.hash(key), source);
        return new CreatedSource(source, key);
    }

    /** The new key, and the hash of the replaced one for cache eviction. */
    record Rotation(CreatedSource created, String previousKeyHash) {
    }

    /** A new key replaces the old one; the old key stops working once caches expire. */
    Rotation rotate(String sourceId) {
        Hit<SourceDocument> current = findHit(sourceId).orElseThrow(() -> new SourceNotFoundException(sourceId));
        String key = WriteKey.generate();
        Source previous = current.source().toSource();
        Source rotated = new Source(previous.id(), previous.name(), WriteKey.prefix(key), previous.createdAt());
        put(WriteKey.hash(key), rotated);
        deleteDocument(current.id());
        return new Rotation(new CreatedSource(rotated, key), current.id());
    }

    /** @return the hash of the deleted key, for cache eviction */
    String delete(String sourceId) {
        Hit<SourceDocument> current = findHit(sourceId).orElseThrow(() -> new SourceNotFoundException(sourceId));
        deleteDocument(current.id());
        return current.id();
    }

    public Optional<Source> find(String sourceId) {
        return findHit(sourceId).map(hit -> hit.source().toSource());
    }

    public List<Source> list() {
        return beforeFirstSource(List.of(), () -> client.search(s -> s.index(INDEX).size(1000)
                        .sort(o -> o.field(f -> f.field("sourceId").order(SortOrder.Asc))), SourceDocument.class)
                .hits().hits().stream().map(hit -> hit.source().toSource()).toList());
    }

    /**
     * @throws UncheckedIOException when Elasticsearch did not answer within the lookup timeout
     * @throws ElasticsearchException when it answered with an error
     */
    Optional<Source> findByKeyHash(String keyHash) {
        return beforeFirstSource(Optional.empty(), () -> {
            GetResponse<SourceDocument> response = lookupClient.get(g -> g.index(INDEX).id(keyHash), SourceDocument.class);
            return response.found() ? Optional.of(response.source().toSource()) : Optional.empty();
        });
    }

    private Optional<Hit<SourceDocument>> findHit(String sourceId) {
        return beforeFirstSource(Optional.empty(), () -> client.search(s -> s.index(INDEX).size(1)
                        .query(q -> q.term(t -> t.field("sourceId").value(sourceId))), SourceDocument.class)
                .hits().hits().stream().findFirst());
    }

    /** Until the first source is created the index does not exist: every read then finds nothing. */
    private static <T> T beforeFirstSource(T nothing, ElasticsearchClients.Call<T> read) {
        try {
            return unchecked(read);
        } catch (ElasticsearchException e) {
            if (indexMissing(e)) {
                return nothing;
            }
            throw e;
        }
    }

    private void put(String keyHash, Source source) {
        unchecked(() -> client.index(i -> i.index(INDEX).id(keyHash).opType(OpType.Create).refresh(Refresh.WaitFor)
                .document(SourceDocument.of(source))));
    }

    private void deleteDocument(String id) {
        unchecked(() -> client.delete(d -> d.index(INDEX).id(id).refresh(Refresh.WaitFor)));
    }

    private void installTemplate() {
        unchecked(() -> client.indices().putIndexTemplate(t -> t.name(INDEX).indexPatterns(INDEX)
                .template(tt -> tt
                        .settings(s -> s.numberOfShards("1").autoExpandReplicas("0-1"))
                        .mappings(m -> m.dynamic(DynamicMapping.Strict)
                                .properties("sourceId", p -> p.keyword(k -> k))
                                .properties("name", p -> p.keyword(k -> k))
                                .properties("keyPrefix", p -> p.keyword(k -> k))
                                .properties("createdAt", p -> p.date(d -> d))))));
    }

    private static boolean indexMissing(ElasticsearchException e) {
        return e.error() != null && "index_not_found_exception".equals(e.error().type());
    }
}
