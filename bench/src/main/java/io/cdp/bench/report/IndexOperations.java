package io.cdp.bench.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

import io.cdp.bench.http.ElasticsearchHttp;

/**
 * What the platform asked of Elasticsearch, per index: documents indexed, real-time gets, searches
 * (queries), refreshes and bulk requests (so documents per bulk), and the time Elasticsearch spent in each
 * kind, read from {@code GET /_stats/indexing,get,search,refresh,bulk}. Two readings give the operations of a
 * phase; per event they show the round trips and refreshes a path pays and which index its Elasticsearch
 * time goes to.
 */
public record IndexOperations(Map<String, long[]> byIndex) {

    private static final String[] NAMES = {"indexed", "gets", "searches", "refreshes", "bulks", "index µs",
        "get µs", "search µs", "refresh µs"};
    private static final int COUNTS = 5;

    /** Reads the counters of every index now. */
    public static IndexOperations read(ElasticsearchHttp elasticsearch) throws IOException, InterruptedException {
        return of(elasticsearch.get("/_stats/indexing,get,search,refresh,bulk"));
    }

    /** From the {@code indices} object of a {@code _stats} answer ({@code total}, replicas included: none here). */
    public static IndexOperations of(JsonNode stats) {
        Map<String, long[]> byIndex = new TreeMap<>();
        stats.path("indices").properties().forEach(entry -> {
            JsonNode total = entry.getValue().path("total");
            byIndex.put(entry.getKey(), new long[] {
                total.path("indexing").path("index_total").asLong(),
                total.path("get").path("total").asLong(),
                total.path("search").path("query_total").asLong(),
                total.path("refresh").path("total").asLong(),
                total.path("bulk").path("total_operations").asLong(),
                total.path("indexing").path("index_time_in_millis").asLong(),
                total.path("get").path("time_in_millis").asLong(),
                total.path("search").path("query_time_in_millis").asLong(),
                total.path("refresh").path("total_time_in_millis").asLong()});
        });
        return new IndexOperations(byIndex);
    }

    /** The operations since {@code before}, indices grouped by name without a trailing month ({@code -2026.11}). */
    public IndexOperations since(IndexOperations before) {
        Map<String, long[]> delta = new TreeMap<>();
        byIndex.forEach((index, now) -> {
            long[] then = before.byIndex.getOrDefault(index, new long[NAMES.length]);
            long[] sum = delta.computeIfAbsent(index.replaceAll("-\\d{4}[.-]\\d{2}$", "-*"), i -> new long[NAMES.length]);
            for (int i = 0; i < NAMES.length; i++) {
                sum[i] += now[i] - then[i];
            }
        });
        delta.values().removeIf(ops -> Arrays.stream(ops).allMatch(n -> n == 0));
        return new IndexOperations(delta);
    }

    /**
     * One line per index: each operation per unit, then the milliseconds Elasticsearch spent in each kind as
     * microseconds per unit; the busiest indices first.
     */
    public String render(long units, String unit) {
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(byIndex.entrySet());
        rows.sort((a, b) -> Long.compare(Arrays.stream(b.getValue()).limit(COUNTS).sum(),
                Arrays.stream(a.getValue()).limit(COUNTS).sum()));
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "  %-34s", "index"));
        for (String name : NAMES) {
            out.append(String.format(Locale.ROOT, " %10s", name));
        }
        out.append(String.format(Locale.ROOT, "   (per %s)%n", unit));
        for (Map.Entry<String, long[]> row : rows) {
            long[] ops = row.getValue();
            out.append(String.format(Locale.ROOT, "  %-34s", row.getKey()));
            for (int i = 0; i < NAMES.length; i++) {
                out.append(i < COUNTS ? String.format(Locale.ROOT, " %10.3f", (double) ops[i] / units)
                        : String.format(Locale.ROOT, " %10.0f", ops[i] * 1000.0 / units));
            }
            out.append(String.format(Locale.ROOT, "%n"));
        }
        return out.toString();
    }
}
