package io.cdp.importing;

import java.io.IOException;

import org.springframework.test.context.DynamicPropertyRegistry;

import co.elastic.clients.elasticsearch.ElasticsearchClient;

import io.cdp.ingestion.IngestionItSupport;
import io.cdp.localstack.TestStack;
import io.cdp.platform.elasticsearch.ElasticsearchClients;

/**
 * Ingestion with the profile store behind it: each test class folds profiles into indices and a
 * consumer group of its own.
 */
abstract class ProfileStoreItSupport extends IngestionItSupport {

    static void ownProfileStore(DynamicPropertyRegistry registry, String run) {
        registry.add("cdp.profile.index-prefix", () -> indexPrefix(run));
        registry.add("cdp.profile.consumer-group", () -> "cdp-profile-store-" + run);
    }

    static void deleteProfileIndices(String run) throws IOException {
        ElasticsearchClient client = ElasticsearchClients.create(TestStack.get().elasticsearchUrl());
        try {
            client.indices().delete(d -> d.index(indexPrefix(run) + "*").ignoreUnavailable(true).allowNoIndices(true));
        } finally {
            client._transport().close();
        }
    }

    private static String indexPrefix(String run) {
        return "cdp-t-" + run + "-";
    }
}
