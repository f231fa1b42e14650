package io.cdp.segmentation.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.cdp.localstack.TestStack;
import io.cdp.platform.elasticsearch.ElasticsearchClients;

/** Stores on an Elasticsearch an earlier version wrote to: their indices get the fields added since. */
class MembershipStoreIT {

    @Test
    void aHistoryIndexCreatedBeforeSizesOverTimeGetsTheirSearchableFieldsAtStartUp() throws Exception {
        ElasticsearchClient client = ElasticsearchClients.create(TestStack.get().elasticsearchUrl());
        SegmentationIndices indices = new SegmentationIndices(
                "cdp-t-history-" + UUID.randomUUID().toString().substring(0, 8) + "-");
        client.indices().create(c -> c.index(indices.history()).withJson(new StringReader("""
                {"mappings": {"dynamic": false, "properties": {"profileId": {"type": "keyword"},
                  "cause": {"type": "keyword"}, "at": {"type": "date"}, "entries": {"type": "object", "enabled": false}}}}
                """)));

        new MembershipStore(client, indices);

        var properties = client.indices().getMapping(m -> m.index(indices.history())).get(indices.history())
                .mappings().properties();
        assertThat(properties).containsKeys("entered", "exited", "profileId");
        assertThat(properties.get("entered").isKeyword()).isTrue();
    }
}
