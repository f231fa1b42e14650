package io.cdp.platform.elasticsearch;

import static io.cdp.platform.elasticsearch.ElasticsearchClients.unchecked;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.endpoints.BinaryEndpoint;
import co.elastic.clients.transport.endpoints.BinaryResponse;

/**
 * Real-time reads of many documents in one {@code _mget}, each {@code _source} read straight from the response
 * by the client's Jackson mapper.
 * <p>
 * Why not the client's typed {@code mget}: it decodes every item as a union (a document or a failure) by copying
 * the item into a token buffer and reading it a second time through the JSON-P adapter. In a flight recording of a
 * nightly segmentation run (300,000 profiles, 2026-12-07) reading membership states was 42 % of the app's samples,
 * most of them in that second reading; read here, a response of 1,000 states (3.4 KB each) parses in about a quarter
 * less time (7.7–12.7 against 9.5–16 µs a state, the two interleaved in one JVM). Only the response is read here; the
 * request goes through the client's transport, so a failed request still throws the client's
 * {@code ElasticsearchException} with its status.
 */
public final class MultiGet {

    private MultiGet() {
    }

    /**
     * One document to read; {@code includes}: the fields of its source Elasticsearch sends (all when empty). Worth it
     * for a few fields of a large document only: Elasticsearch parses and writes a filtered source again (leaving the
     * outbox out of membership states cost it 32 µs more a state than reading them whole, 2026-12-07).
     */
    public record Doc(String index, String id, List<String> includes) {

        public Doc {
            includes = includes == null ? List.of() : List.copyOf(includes);
        }

        public static Doc of(String index, String id) {
            return new Doc(index, id, List.of());
        }
    }

    /**
     * What Elasticsearch answered for one {@link Doc}: found with its source and version, not found, or failed
     * ({@code errorType} set, e.g. {@code index_not_found_exception}).
     */
    public record Item<T>(String id, boolean found, T source, long seqNo, long primaryTerm, String errorType,
            String errorReason) {

        public boolean failed() {
            return errorType != null;
        }

        public boolean failedForMissingIndex() {
            return "index_not_found_exception".equals(errorType);
        }

        public Documents.Versioned<T> versioned() {
            return new Documents.Versioned<>(id, source, seqNo, primaryTerm);
        }
    }

    private static final BinaryEndpoint<List<Doc>> ENDPOINT = new BinaryEndpoint<>("cdp/mget",
            docs -> "POST", docs -> "/_mget", docs -> Map.of(), docs -> Map.of(), docs -> Map.of(),
            MultiGet::body, null);

    /** One item per doc, in the order asked. */
    public static <T> List<Item<T>> read(ElasticsearchClient client, List<Doc> docs, Class<T> type) {
        if (docs.isEmpty()) {
            return List.of();
        }
        ObjectMapper mapper = ((JacksonJsonpMapper) client._jsonpMapper()).objectMapper();
        ObjectReader reader = mapper.readerFor(type);
        return unchecked(() -> {
            try (BinaryResponse response = client._transport().performRequest(docs, ENDPOINT,
                    client._transportOptions()); InputStream content = response.content();
                    JsonParser parser = mapper.createParser(content)) {
                List<Item<T>> items = readItems(parser, mapper, reader);
                if (items.size() != docs.size()) {
                    throw new IOException("_mget answered " + items.size() + " items for " + docs.size() + " docs");
                }
                return items;
            }
        });
    }

    private static Object body(List<Doc> docs) {
        List<Map<String, Object>> requested = new ArrayList<>(docs.size());
        for (Doc doc : docs) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("_index", doc.index());
            one.put("_id", doc.id());
            if (!doc.includes().isEmpty()) {
                one.put("_source", Map.of("includes", doc.includes()));
            }
            requested.add(one);
        }
        return Map.of("docs", requested);
    }

    private static <T> List<Item<T>> readItems(JsonParser parser, ObjectMapper mapper, ObjectReader reader)
            throws IOException {
        expect(parser.nextToken(), JsonToken.START_OBJECT, parser);
        List<Item<T>> items = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (!"docs".equals(field)) {
                parser.skipChildren();
                continue;
            }
            expect(parser.currentToken(), JsonToken.START_ARRAY, parser);
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                items.add(readItem(parser, mapper, reader));
            }
        }
        return items;
    }

    private static <T> Item<T> readItem(JsonParser parser, ObjectMapper mapper, ObjectReader reader)
            throws IOException {
        String id = null;
        boolean found = false;
        T source = null;
        long seqNo = -2;
        long primaryTerm = 0;
        String errorType = null;
        String errorReason = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "_id" -> id = parser.getText();
                case "found" -> found = parser.getBooleanValue();
                case "_seq_no" -> seqNo = parser.getLongValue();
                case "_primary_term" -> primaryTerm = parser.getLongValue();
                case "_source" -> source = reader.readValue(parser);
                case "error" -> {
                    JsonNode error = mapper.readTree(parser);
                    errorType = error.isObject() ? error.path("type").asText("unknown") : error.asText();
                    errorReason = error.path("reason").asText(null);
                }
                default -> parser.skipChildren();
            }
        }
        return new Item<>(id, found, source, seqNo, primaryTerm, errorType, errorReason);
    }

    private static void expect(JsonToken actual, JsonToken expected, JsonParser parser) throws IOException {
        if (actual != expected) {
            throw new IOException("_mget response: expected " + expected + " at " + parser.currentLocation()
                    + ", found " + actual);
        }
    }
}
