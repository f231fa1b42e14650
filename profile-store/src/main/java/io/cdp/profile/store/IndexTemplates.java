package io.cdp.profile.store;

import static io.cdp.platform.elasticsearch.ElasticsearchClients.unchecked;

import java.io.StringReader;

import lombok.RequiredArgsConstructor;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;

/** Creates the index templates and the two fixed indices at startup; safe to run any number of times. */
@RequiredArgsConstructor
public final class IndexTemplates {

    /** The latest NPS answer: searchable, so that satisfaction KPIs aggregate it. */
    private static final String NPS = """
            "nps": {"properties": {"latestScore": {"type": "integer"}, "answeredAt": {"type": "date"},
                "category": {"type": "keyword"}}}""";

    private static final String PROFILES = """
            {"dynamic": false, "properties": {
              "id": {"type": "keyword"}, "userId": {"type": "keyword"}, "mergedInto": {"type": "keyword"},
              "pendingMerges": {"type": "keyword"}, "absorbedProfiles": {"type": "keyword"},
              "identities": {"properties": {"type": {"type": "keyword"}, "value": {"type": "keyword"}}},
              "traits": {"type": "flattened"},
              "firstSeen": {"type": "date"}, "lastSeen": {"type": "date"},
              "sources": {"type": "keyword"}, "devices": {"type": "keyword"}, "channels": {"type": "keyword"},
              "commerce": {"properties": {"orders": {"type": "long"}, "refunds": {"type": "long"},
                "revenue": {"type": "double"}, "unconvertedOrders": {"type": "long"}, "firstOrderAt": {"type": "date"}, "lastOrderAt": {"type": "date"},
                "lastProducts": {"type": "object", "enabled": false}, "orderBook": {"type": "object", "enabled": false}}},
              %s,
              "consent": {"type": "object", "enabled": false},
              "sessions": {"type": "object", "enabled": false},
              "rollups": {"type": "object", "enabled": false},
              "conflicts": {"type": "object", "enabled": false},
              "recentEvents": {"type": "object", "enabled": false},
              "eventCount": {"type": "long"}, "createdAt": {"type": "date"}, "updatedAt": {"type": "date"},
              "erased": {"type": "boolean"}}}
            """.formatted(NPS);

    private static final String IDENTITIES = """
            {"dynamic": false, "properties": {"type": {"type": "keyword"}, "value": {"type": "keyword"},
              "profileId": {"type": "keyword"}, "userId": {"type": "keyword"}}}
            """;

    /**
     * The searchable terms of event properties ({@link PropertyTerms}): indexed, not kept in the source.
     * A term longer than Lucene's limit (32 KB) would fail the write: longer values are not indexed.
     */
    private static final String PROPERTY_TERMS = """
            "propertyTerms": {"type": "keyword", "ignore_above": 8191, "doc_values": false}""";

    private static final String EVENTS = """
            {"dynamic": false, "_source": {"excludes": ["propertyTerms"]}, "properties": {
              %s,
              %s,
              "key": {"type": "keyword"}, "messageId": {"type": "keyword"}, "sourceId": {"type": "keyword"},
              "type": {"type": "keyword"}, "event": {"type": "keyword"}, "name": {"type": "keyword"},
              "userId": {"type": "keyword"}, "anonymousId": {"type": "keyword"}, "profileId": {"type": "keyword"},
              "timestamp": {"type": "date"}, "receivedAt": {"type": "date"}, "processedAt": {"type": "date"},
              "traits": {"type": "object", "enabled": false}, "properties": {"type": "object", "enabled": false},
              "context": {"type": "object", "enabled": false}, "integrations": {"type": "object", "enabled": false}}}
            """.formatted(PROPERTY_TERMS, KpiMeasures.MAPPING);

    private final ElasticsearchClient client;
    private final IndexNames names;

    public void ensure() {
        put(names.profiles(), names.profiles(), PROFILES);
        put(names.identities(), names.identities(), IDENTITIES);
        put(names.prefix() + "events", names.eventsPattern(), EVENTS);
        // monthly indices created before the fields existed index them from now on
        putMapping(names.eventsPattern(), "{\"properties\": {" + PROPERTY_TERMS + ", " + KpiMeasures.MAPPING + "}}");
        create(names.profiles());
        create(names.identities());
        // a profiles index created before the field existed indexes it from now on
        putMapping(names.profiles(), "{\"properties\": {" + NPS + "}}");
    }

    private void putMapping(String pattern, String mappings) {
        unchecked(() -> client.indices().putMapping(m -> m.index(pattern).allowNoIndices(true).ignoreUnavailable(true)
                .withJson(new StringReader(mappings))));
    }

    /**
     * No explicit {@code refresh_interval}: Elasticsearch then refreshes every second only shards
     * that were searched in the last 30 seconds, and a search on an idle shard waits for a refresh.
     * Resolution reads with real-time gets, so the write-heavy indices stop paying for refreshes
     * nobody reads.
     */
    private void put(String name, String pattern, String mappings) {
        String body = "{\"index_patterns\": [\"" + pattern + "\"], \"priority\": 200, \"template\": {"
                + "\"settings\": {\"number_of_shards\": 1, \"number_of_replicas\": 0},"
                + "\"mappings\": " + mappings + "}}";
        unchecked(() -> client.indices().putIndexTemplate(t -> t.name(name).withJson(new StringReader(body))));
    }

    private void create(String index) {
        try {
            if (!unchecked(() -> client.indices().exists(e -> e.index(index))).value()) {
                unchecked(() -> client.indices().create(c -> c.index(index)));
            }
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }
}
