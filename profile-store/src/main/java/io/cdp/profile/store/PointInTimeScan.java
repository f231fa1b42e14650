package io.cdp.profile.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;

/**
 * Every match of a query, page by page, under one point in time with search_after: no result
 * window limit applies and concurrent writes don't shift pages. Missing indices match nothing.
 * The next page is fetched while the caller handles the current one, so that a caller doing real
 * work per page (evaluating, syncing) does not also wait for Elasticsearch and JSON parsing.
 */
public final class PointInTimeScan {

    private static final String KEEP_ALIVE = "5m";

    private PointInTimeScan() {
    }

    /**
     * Hands each page to {@code page} in ascending {@code sortField} order, starting after the hit
     * whose sort values are {@code after} (null: from the start).
     */
    public static <T> void pages(ElasticsearchClient client, String index, Query query, String sortField,
            List<FieldValue> after, int pageSize, Class<T> type, Consumer<List<Hit<T>>> page) {
        pages(client, index, query, sortField, after, pageSize, List.of(), type, page);
    }

    /** Like {@link #pages(ElasticsearchClient, String, Query, String, List, int, Class, Consumer)}, without the fields {@code without}. */
    public static <T> void pages(ElasticsearchClient client, String index, Query query, String sortField,
            List<FieldValue> after, int pageSize, List<String> without, Class<T> type, Consumer<List<Hit<T>>> page) {
        ExecutorService fetcher = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "pit-scan-" + index);
            thread.setDaemon(true);
            return thread;
        });
        try {
            String pit = client.openPointInTime(p -> p.index(index).keepAlive(k -> k.time(KEEP_ALIVE))
                    .ignoreUnavailable(true).allowPartialSearchResults(false)).id();
            try {
                List<Hit<T>> hits = search(client, pit, query, sortField, after, pageSize, without, type);
                while (!hits.isEmpty()) {
                    CompletableFuture<List<Hit<T>>> next = null;
                    if (hits.size() == pageSize) {
                        List<FieldValue> searchAfter = hits.get(hits.size() - 1).sort();
                        next = CompletableFuture.supplyAsync(() -> search(client, pit, query, sortField, searchAfter,
                                pageSize, without, type), fetcher);
                    }
                    try {
                        page.accept(hits);
                    } catch (RuntimeException e) {
                        if (next != null) {
                            // the point in time is closed below: the prefetch must not outlive it
                            next.handle((ignored, failure) -> null).join();
                        }
                        throw e;
                    }
                    hits = next == null ? List.of() : join(next);
                }
            } finally {
                client.closePointInTime(c -> c.id(pit));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            fetcher.shutdownNow();
        }
    }

    private static <T> List<Hit<T>> search(ElasticsearchClient client, String pit, Query query, String sortField,
            List<FieldValue> after, int pageSize, List<String> without, Class<T> type) {
        try {
            SearchResponse<T> response = client.search(s -> {
                // nobody reads the total: counting it would cost every page a walk over the matches
                s.pit(p -> p.id(pit).keepAlive(k -> k.time(KEEP_ALIVE))).query(query).size(pageSize)
                        .trackTotalHits(t -> t.enabled(false))
                        .sort(o -> o.field(f -> f.field(sortField).order(SortOrder.Asc)));
                if (after != null) {
                    s.searchAfter(after);
                }
                if (!without.isEmpty()) {
                    s.source(src -> src.filter(f -> f.excludes(without)));
                }
                return s;
            }, type);
            return response.hits().hits();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The prefetched page, or the prefetch's own failure as if the search had run here. */
    private static <T> List<Hit<T>> join(CompletableFuture<List<Hit<T>>> next) {
        try {
            return next.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }
}
