package io.cdp.ingestion.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch._types.mapping.TypeMapping;
import co.elastic.clients.util.ObjectBuilder;

/** The template of an import's own small index: one shard, only the named fields indexed. */
final class SingleIndexTemplate {

    private SingleIndexTemplate() {
    }

    static void install(ElasticsearchClient client, String index,
                        Function<TypeMapping.Builder, ObjectBuilder<TypeMapping>> fields) {
        try {
            client.indices().putIndexTemplate(t -> t.name(index).indexPatterns(index)
                    .template(tt -> tt
                            .settings(s -> s.numberOfShards("1").autoExpandReplicas("0-1"))
                            .mappings(m -> fields.apply(m.dynamic(DynamicMapping.False)))));
        } catch (IOException e) {
            throw new UncheckedIOException("could not install the " + index + " index template", e);
        }
    }
}
