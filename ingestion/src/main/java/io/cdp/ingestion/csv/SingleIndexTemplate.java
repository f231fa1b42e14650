package io.cdp.ingestion.csv;

import static io.cdp.platform.elasticsearch.ElasticsearchClients.unchecked;

import java.util.function.Function;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.util.ObjectBuilder;

/**
 * The template of an import's own small index: one shard, only the named fields indexed; other
 * fields are kept unindexed, or refused where the documents are entirely the importer's own.
 */
final class SingleIndexTemplate {

    private SingleIndexTemplate() {
    }

    static void install(ElasticsearchClient client, String index,
                        Function<TypeMapping.Builder, ObjectBuilder<TypeMapping>> fields) {
        install(client, index, DynamicMapping.False, fields);
    }

    static void install(ElasticsearchClient client, String index, DynamicMapping otherFields,
                        Function<TypeMapping.Builder, ObjectBuilder<TypeMapping>> fields) {
        unchecked(() -> client.indices().putIndexTemplate(t -> t.name(index).indexPatterns(index)
                .template(tt -> tt
                        .settings(s -> s.numberOfShards("1").autoExpandReplicas("0-1"))
                        .mappings(m -> fields.apply(m.dynamic(otherFields))))));
    }
}
