package io.cdp.segmentation.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.cdp.localstack.TestStack;
import io.cdp.platform.elasticsearch.ElasticsearchClients;

/** The create-only save on a real Elasticsearch: a version another save took first is a conflict, not an error. */
class DefinitionStoreIT {

    @Test
    void savingAVersionAnotherSaveTookFirstAnswersFalseInsteadOfFailing() {
        ElasticsearchClient client = ElasticsearchClients.create(TestStack.get().elasticsearchUrl());
        SegmentationIndices indices = new SegmentationIndices(
                "cdp-t-definitions-" + UUID.randomUUID().toString().substring(0, 8) + "-");
        DefinitionStore store = new DefinitionStore(client, indices);
        String key = DefinitionVersion.key("segments", "vip");

        boolean first = store.create(new DefinitionVersion("segments", "vip", key, 1, null, false,
                "{\"id\":\"vip\",\"condition\":{\"type\":\"hasEmail\"}}", Instant.now(), "alice"));
        boolean second = store.create(new DefinitionVersion("segments", "vip", key, 1, null, false,
                "{\"id\":\"vip\",\"condition\":{\"type\":\"identity\",\"state\":\"known\"}}", Instant.now(), "bob"));

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(store.latest(key)).hasValueSatisfying(v -> assertThat(v.savedBy()).isEqualTo("alice"));
    }
}
