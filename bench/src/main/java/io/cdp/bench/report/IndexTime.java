package io.cdp.bench.report;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import tools.jackson.databind.JsonNode;

/**
 * Where Elasticsearch spent its time, by index family ({@code cdp-events-2026-12} counts as {@code cdp-events-*}):
 * the milliseconds its indexing, real-time gets, searches, refreshes and merges took between two readings of
 * {@code GET /_stats}, and how many operations. Thread time inside Elasticsearch, not CPU: it attributes
 * Elasticsearch's work to the indices (profiles, events, claims ...) that caused it.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class IndexTime {

    /** Sections of {@code _stats} and the prefix of their {@code _total} and {@code _time_in_millis} fields. */
    private static final String[] MEASURES = {"indexing.index", "get", "search.query", "refresh.total",
            "merges.total"};

    private final Map<String, long[]> millis;
    private final Map<String, long[]> counts;

    public static IndexTime of(JsonNode stats) {
        Map<String, long[]> millis = new TreeMap<>();
        Map<String, long[]> counts = new TreeMap<>();
        stats.path("indices").properties().forEach(index -> {
            String family = index.getKey().replaceAll("-\\d{4}([-.]\\d{2})*$", "-*");
            JsonNode total = index.getValue().path("total");
            long[] time = millis.computeIfAbsent(family, key -> new long[MEASURES.length]);
            long[] count = counts.computeIfAbsent(family, key -> new long[MEASURES.length]);
            for (int i = 0; i < MEASURES.length; i++) {
                String[] path = MEASURES[i].split("\\.");
                JsonNode section = total.path(path[0]);
                String prefix = path.length > 1 ? path[1] + "_" : "";
                time[i] += section.path(prefix + "time_in_millis").asLong()
                        + (path[0].equals("search") ? section.path("fetch_time_in_millis").asLong() : 0);
                // refresh and merges count in "total" beside "total_time_in_millis"
                count[i] += section.path(prefix.equals("total_") ? "total" : prefix + "total").asLong();
            }
        });
        return new IndexTime(millis, counts);
    }

    /** A table of what happened since {@code before}, largest total first, with a share of the whole. */
    public String renderSince(IndexTime before) {
        Map<String, long[]> delta = new TreeMap<>();
        long all = 0;
        for (Map.Entry<String, long[]> entry : millis.entrySet()) {
            long[] was = before.millis.getOrDefault(entry.getKey(), new long[MEASURES.length]);
            long[] wasCount = before.counts.getOrDefault(entry.getKey(), new long[MEASURES.length]);
            long[] row = new long[MEASURES.length * 2 + 1];
            for (int i = 0; i < MEASURES.length; i++) {
                row[i] = entry.getValue()[i] - was[i];
                row[MEASURES.length + i] = counts.get(entry.getKey())[i] - wasCount[i];
                row[MEASURES.length * 2] += row[i];
            }
            all += row[MEASURES.length * 2];
            delta.put(entry.getKey(), row);
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "  %-26s %7s %6s %16s %16s %16s %9s %9s%n", "index", "ms", "share", "indexing ms/ops", "get ms/ops",
                "search ms/ops", "refresh", "merge"));
        long whole = Math.max(1, all);
        delta.entrySet().stream().filter(entry -> entry.getValue()[MEASURES.length * 2] > 0)
                .sorted((a, b) -> Long.compare(b.getValue()[MEASURES.length * 2], a.getValue()[MEASURES.length * 2]))
                .forEach(entry -> {
                    long[] row = entry.getValue();
                    int n = MEASURES.length;
                    table.append(String.format(Locale.ROOT, "  %-26s %7d %5.0f%% %16s %16s %16s %9d %9d%n",
                            entry.getKey(), row[n * 2], row[n * 2] * 100.0 / whole, row[0] + "/" + row[n],
                            row[1] + "/" + row[n + 1], row[2] + "/" + row[n + 2], row[3], row[4]));
                });
        return table.toString();
    }
}
