package io.cdp.segmentation.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.cdp.platform.elasticsearch.ElasticsearchClients;

/** Versioned definitions: every save is a new create-only document; the newest version per key wins. */
public final class DefinitionStore {

    private static final int MAX_DEFINITIONS = 10_000;

    private final ElasticsearchClient client;
    private final SegmentationIndices indices;

    public DefinitionStore(ElasticsearchClient client, SegmentationIndices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** The newest version of every definition, tombstones included. */
    public List<DefinitionVersion> current() {
        try {
            return client.search(s -> s.index(indices.definitions()).size(MAX_DEFINITIONS)
                    .collapse(c -> c.field("key"))
                    .sort(o -> o.field(f -> f.field("version").order(SortOrder.Desc))), DefinitionVersion.class)
                    .hits().hits().stream().map(Hit::source).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every version of one definition, newest first. */
    public List<DefinitionVersion> versions(String key) {
        try {
            return client.search(s -> s.index(indices.definitions()).size(MAX_DEFINITIONS)
                    .query(q -> q.term(t -> t.field("key").value(key)))
                    .sort(o -> o.field(f -> f.field("version").order(SortOrder.Desc))), DefinitionVersion.class)
                    .hits().hits().stream().map(Hit::source).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<DefinitionVersion> latest(String key) {
        return versions(key).stream().findFirst();
    }

    /**
     * Saves a version; visible to searches when this returns (the next reload in every instance sees
     * it). False when another save took this version number first.
     */
    public boolean create(DefinitionVersion version) {
        return ElasticsearchClients.written(() -> client.create(c -> c.index(indices.definitions())
                .id(version.documentId()).document(version).refresh(Refresh.WaitFor)));
    }
}
