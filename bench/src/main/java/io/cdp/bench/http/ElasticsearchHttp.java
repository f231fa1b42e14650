package io.cdp.bench.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.cdp.bench.report.GrowingCount;

/**
 * The few Elasticsearch REST calls the tools need, as plain HTTP: they read what the platform
 * wrote and time raw {@code _bulk}, and must not share the app's client or its mappings.
 */
public final class ElasticsearchHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public ElasticsearchHttp(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** Documents in the indices matching {@code pattern}; 0 when none exist yet. */
    public long count(String pattern) throws IOException, InterruptedException {
        return count(pattern, null);
    }

    public long count(String pattern, Map<String, Object> query) throws IOException, InterruptedException {
        String body = query == null ? "{}" : JSON.writeValueAsString(Map.of("query", query));
        JsonNode response = call("POST", "/" + pattern + "/_count?ignore_unavailable=true&allow_no_indices=true", body);
        return response.path("count").asLong();
    }

    /** Index statistics (indexing, get, search, refresh, merge) of every index, as {@code GET /_stats} answers. */
    public JsonNode stats() throws IOException, InterruptedException {
        return call("GET", "/_stats/indexing,get,search,refresh,merge?level=indices", null);
    }

    public void refresh(String pattern) throws IOException, InterruptedException {
        call("POST", "/" + pattern + "/_refresh?ignore_unavailable=true&allow_no_indices=true", null);
    }

    /**
     * Refreshes and counts {@code pattern} twice a second until it holds {@code expected} documents or
     * stops growing for {@code patience}; returns the last count, which {@code progress} saw too.
     */
    public long awaitCount(String pattern, long expected, Duration patience, LongConsumer progress)
            throws IOException, InterruptedException {
        return GrowingCount.await(expected, patience, Duration.ofMillis(500), last -> {
            try {
                refresh(pattern);
                return count(pattern);
            } catch (IOException e) {
                // an index the platform just created answers 503 until its shards are allocated: not an error yet
                if (!String.valueOf(e.getMessage()).contains("no_shard_available_action_exception")) {
                    throw e;
                }
                return last;
            }
        }, progress);
    }

    /** {@code GET} of any read-only endpoint, e.g. {@code /_stats}, as JSON. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        return call("GET", path, null);
    }

    public JsonNode search(String pattern, Map<String, Object> body) throws IOException, InterruptedException {
        return call("POST", "/" + pattern + "/_search?ignore_unavailable=true&allow_no_indices=true",
                JSON.writeValueAsString(body));
    }

    /** Sends one {@code _bulk} request; fails when any item failed. */
    public void bulk(String ndjson) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/_bulk"))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson)).build(), HttpResponse.BodyHandlers.ofString());
        PlatformClient.expectSuccess(response, "_bulk");
        if (JSON.readTree(response.body()).path("errors").asBoolean()) {
            throw new IOException("_bulk had item errors: " + PlatformClient.abbreviate(response.body()));
        }
    }

    /**
     * Creates {@code name} with the mappings, shard and replica counts and merge policy of the newest index
     * matching {@code pattern}, so that raw bulk writes pay the same indexing cost as the platform's writes.
     */
    public void createIndexLike(String name, String pattern) throws IOException, InterruptedException {
        JsonNode mappings = JSON.createObjectNode();
        ObjectNode settings = JSON.createObjectNode();
        JsonNode indices = call("GET", "/" + pattern + "?flat_settings=true&ignore_unavailable=true&allow_no_indices=true",
                null);
        for (String index : indices.propertyNames()) {
            mappings = indices.path(index).path("mappings");
            indices.path(index).path("settings").properties().forEach(setting -> {
                if (setting.getKey().startsWith("index.merge.") || setting.getKey().equals("index.number_of_shards")
                        || setting.getKey().equals("index.number_of_replicas")) {
                    settings.set(setting.getKey(), setting.getValue());
                }
            });
        }
        call("PUT", "/" + name, JSON.writeValueAsString(Map.of("mappings", mappings, "settings", settings)));
    }

    public void deleteIndex(String name) throws IOException, InterruptedException {
        call("DELETE", "/" + name + "?ignore_unavailable=true", null);
    }

    /**
     * Streams every hit of {@code query} over the indices matching {@code pattern} with a point
     * in time and search_after: deep pages without scroll contexts.
     */
    public void scan(String pattern, Map<String, Object> query, List<String> fields, Consumer<JsonNode> hit)
            throws IOException, InterruptedException {
        scan(pattern, query, fields, "_shard_doc", 5000, page -> page.forEach(hit));
    }

    /**
     * As {@link #scan(String, Map, List, Consumer)}, a page at a time of {@code pageSize} hits in {@code sortField}
     * order (with {@code _shard_doc} as the tiebreaker), as the platform's own scans read.
     */
    public void scan(String pattern, Map<String, Object> query, List<String> fields, String sortField, int pageSize,
            Consumer<ArrayNode> page) throws IOException, InterruptedException {
        if (count(pattern) == 0) {
            return;
        }
        String pit = call("POST", "/" + pattern + "/_pit?keep_alive=2m&ignore_unavailable=true", null).path("id").asString();
        try {
            JsonNode searchAfter = null;
            while (true) {
                ObjectNode body = JSON.createObjectNode();
                body.put("size", pageSize);
                body.set("query", JSON.valueToTree(query));
                body.set("_source", JSON.valueToTree(fields));
                body.putObject("pit").put("id", pit).put("keep_alive", "2m");
                ArrayNode sort = body.putArray("sort");
                sort.addObject().put(sortField, "asc");
                if (!"_shard_doc".equals(sortField)) {
                    sort.addObject().put("_shard_doc", "asc");
                }
                body.put("track_total_hits", false);
                if (searchAfter != null) {
                    body.set("search_after", searchAfter);
                }
                JsonNode response = call("POST", "/_search", JSON.writeValueAsString(body));
                pit = response.path("pit_id").asString(pit);
                ArrayNode hits = (ArrayNode) response.path("hits").path("hits");
                if (hits.isEmpty()) {
                    return;
                }
                page.accept(hits);
                searchAfter = hits.get(hits.size() - 1).path("sort");
            }
        } finally {
            call("DELETE", "/_pit", JSON.writeValueAsString(Map.of("id", pit)));
        }
    }

    /** The documents of {@code ids} in {@code index}, only {@code fields} of their source, as {@code _mget} answers. */
    public JsonNode mget(String index, List<String> ids, List<String> fields) throws IOException, InterruptedException {
        return call("POST", "/" + index + "/_mget?_source_includes=" + String.join(",", fields),
                JSON.writeValueAsString(Map.of("ids", ids)));
    }

    private JsonNode call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofMinutes(1))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        PlatformClient.expectSuccess(response, method + " " + path);
        return JSON.readTree(response.body());
    }
}
