package io.cdp.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.cdp.localstack.TestStack;
import tools.jackson.databind.JsonNode;

/** The benchmark's raw Elasticsearch calls on the real test stack, in indices of their own. */
class ElasticsearchHttpIT {

    private static final String SOURCE = "cdp-bench-it-source";
    private static final String COPY = "cdp-bench-it-copy";

    private final ElasticsearchHttp elasticsearch = new ElasticsearchHttp(TestStack.get().elasticsearchUrl());

    @AfterAll
    static void dropIndices() throws Exception {
        ElasticsearchHttp elasticsearch = new ElasticsearchHttp(TestStack.get().elasticsearchUrl());
        elasticsearch.deleteIndex(SOURCE);
        elasticsearch.deleteIndex(COPY);
    }

    @Test
    void bulkLoadsCreatesAnEmptyLookAlikeIndexAndScansEveryHitPastOnePage() throws Exception {
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < 7_500; i++) {
            ndjson.append("{\"create\":{\"_index\":\"").append(SOURCE).append("\",\"_id\":\"e").append(i).append("\"}}\n")
                    .append("{\"receivedAt\":\"2026-11-01T00:00:00Z\",\"n\":").append(i).append("}\n");
        }
        elasticsearch.bulk(ndjson.toString());
        elasticsearch.refresh(SOURCE);

        elasticsearch.createIndexLike(COPY, SOURCE);
        List<JsonNode> hits = new ArrayList<>();
        elasticsearch.scan(SOURCE, Map.of("range", Map.of("n", Map.of("gte", 500))), List.of("n"), hits::add);

        assertThat(elasticsearch.count(SOURCE)).isEqualTo(7_500);
        assertThat(hits).hasSize(7_000);
        assertThat(hits.stream().map(hit -> hit.path("_id").asString()).distinct().count()).isEqualTo(7_000);
        JsonNode copied = elasticsearch.search(COPY, Map.of("size", 0));
        assertThat(copied.path("hits").path("total").path("value").asLong()).isZero();
        assertThat(elasticsearch.count("cdp-bench-it-nothing-*")).isZero();
    }
}
