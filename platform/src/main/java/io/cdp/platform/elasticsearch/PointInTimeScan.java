package io.cdp.platform.elasticsearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
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
        try {
            String pit = client.openPointInTime(p -> p.index(index).keepAlive(k -> k.time(KEEP_ALIVE))
                    .ignoreUnavailable(true).allowPartialSearchResults(false)).id();
            try {
                List<FieldValue> searchAfter = after;
                while (true) {
                    List<FieldValue> from = searchAfter;
                    SearchResponse<T> response = client.search(s -> {
                        // nobody reads the total: counting it would cost every page a walk over the matches
                        s.pit(p -> p.id(pit).keepAlive(k -> k.time(KEEP_ALIVE))).query(query).size(pageSize)
                                .trackTotalHits(t -> t.enabled(false))
                                .sort(o -> o.field(f -> f.field(sortField).order(SortOrder.Asc)));
                        if (from != null) {
                            s.searchAfter(from);
                        }
                        return s;
                    }, type);
                    List<Hit<T>> hits = response.hits().hits();
                    if (!hits.isEmpty()) {
                        page.accept(hits);
                    }
                    if (hits.size() < pageSize) {
                        return;
                    }
                    searchAfter = hits.get(hits.size() - 1).sort();
                }
            } finally {
                client.closePointInTime(c -> c.id(pit));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
