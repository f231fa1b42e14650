package io.cdp.segmentation.store;

import static io.cdp.platform.elasticsearch.ElasticsearchClients.unchecked;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.cdp.platform.elasticsearch.Documents;
import io.cdp.platform.elasticsearch.ElasticsearchClients;

/** Versioned definitions: every save is a new create-only document; the newest version per key wins. */
@Component
public final class DefinitionStore {

    private static final int MAX_DEFINITIONS = 10_000;

    private final Documents<DefinitionVersion> definitions;

    DefinitionStore(ElasticsearchClient client, SegmentationIndices indices) {
        this.definitions = new Documents<>(client, indices.definitions(), DefinitionVersion.class,
                SegmentationIndices.DEFINITIONS_MAPPING);
    }

    /** The newest version of every definition, tombstones included. */
    public List<DefinitionVersion> current() {
        return unchecked(() -> definitions.client().search(s -> s.index(definitions.index()).size(MAX_DEFINITIONS)
                .collapse(c -> c.field("key"))
                .sort(o -> o.field(f -> f.field("version").order(SortOrder.Desc))), DefinitionVersion.class))
                .hits().hits().stream().map(Hit::source).toList();
    }

    /** Every version of one definition, newest first. */
    public List<DefinitionVersion> versions(String key) {
        return newest(key, MAX_DEFINITIONS);
    }

    public Optional<DefinitionVersion> latest(String key) {
        return newest(key, 1).stream().findFirst();
    }

    private List<DefinitionVersion> newest(String key, int size) {
        return definitions.search(Query.of(q -> q.term(t -> t.field("key").value(key))), "version", SortOrder.Desc,
                size).stream().map(Documents.Versioned::document).toList();
    }

    /**
     * Saves a version; visible to searches when this returns (the next reload in every instance sees
     * it). False when another save took this version number first.
     */
    public boolean create(DefinitionVersion version) {
        return ElasticsearchClients.written(() -> definitions.client().create(c -> c.index(definitions.index())
                .id(version.documentId()).document(version).refresh(Refresh.WaitFor)));
    }
}
