package io.cdp.segmentation.store;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;

/**
 * Segmentation's indices. Memberships are kept twice on purpose: {@code memberships} holds one
 * document per profile (current state, overwritten under if_seq_no, queried for sizes and member
 * lists) and {@code membership-history} one create-only document per profile and cause, listing the
 * entries, exits, persona and stage changes it made (append-only, its id derived from profile and cause
 * so a replay cannot append twice).
 */
public record SegmentationIndices(String prefix) {

    /**
     * No explicit refresh interval: a shard nobody searched for 30 s is then not refreshed in the background
     * (the next search refreshes it first), so that real-time writes do not make Elasticsearch write a new
     * segment of memberships and history every second for nobody.
     */
    private static final String SETTINGS = "{\"number_of_shards\": 1, \"number_of_replicas\": 0}";

    private static final String DEFINITIONS = """
            {"dynamic": false, "properties": {"kind": {"type": "keyword"}, "definitionId": {"type": "keyword"},
              "key": {"type": "keyword"}, "version": {"type": "long"}, "position": {"type": "integer"},
              "deleted": {"type": "boolean"}, "savedAt": {"type": "date"}, "savedBy": {"type": "keyword"},
              "json": {"type": "keyword", "index": false, "doc_values": false}}}
            """;

    private static final String MEMBERSHIPS = """
            {"dynamic": false, "properties": {"profileId": {"type": "keyword"},
              "segmentIds": {"type": "keyword"}, "personaId": {"type": "keyword"}, "stage": {"type": "keyword"},
              "mergedInto": {"type": "keyword"}, "updatedAt": {"type": "date"},
              "segments": {"type": "object", "enabled": false}, "persona": {"type": "object", "enabled": false},
              "outbox": {"type": "object", "enabled": false}}}
            """;

    private static final String HISTORY = """
            {"dynamic": false, "properties": {"profileId": {"type": "keyword"}, "cause": {"type": "keyword"},
              "at": {"type": "date"}, "entries": {"type": "object", "enabled": false}}}
            """;

    private static final String RUNS = """
            {"dynamic": false, "properties": {"id": {"type": "keyword"}, "status": {"type": "keyword"},
              "trigger": {"type": "keyword"}, "startedAt": {"type": "date"}, "heartbeatAt": {"type": "date"}}}
            """;

    public String definitions() {
        return prefix + "segment-definitions";
    }

    public String memberships() {
        return prefix + "memberships";
    }

    public String history() {
        return prefix + "membership-history";
    }

    public String runs() {
        return prefix + "segmentation-runs";
    }

    /** Creates the indices that are missing; safe to run from any number of instances at once. */
    public void ensure(ElasticsearchClient client) {
        create(client, definitions(), DEFINITIONS);
        create(client, memberships(), MEMBERSHIPS);
        create(client, history(), HISTORY);
        create(client, runs(), RUNS);
    }

    private static void create(ElasticsearchClient client, String index, String mappings) {
        try {
            if (client.indices().exists(e -> e.index(index)).value()) {
                return;
            }
            String body = "{\"settings\": " + SETTINGS + ", \"mappings\": " + mappings + "}";
            client.indices().create(c -> c.index(index).withJson(new StringReader(body)));
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
