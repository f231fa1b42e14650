package io.cdp.ingestion.csv;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.cdp.platform.elasticsearch.PointInTimeScan;

/**
 * A small index read whole into a table held in memory (imported rates and product costs, which every tracked order
 * looks up): read again at most {@code ttl} after the last read, and when Elasticsearch does not answer then, the
 * last table serves until the next read is due, so that an outage does not stop the orders' conversion. An index
 * never created reads as no rows.
 *
 * @param <R> a stored row, with a keyword field {@code key} that orders the pages
 * @param <T> the table built from all rows
 */
final class CachedIndex<R, T> {

    private static final Logger log = LoggerFactory.getLogger(CachedIndex.class);
    private static final int PAGE = 5_000;

    private final ElasticsearchClient client;
    private final String index;
    private final Class<R> rowType;
    private final Function<List<R>, T> table;
    private final Duration ttl;
    private T cached;
    private long cachedAt;

    CachedIndex(ElasticsearchClient client, String index, Class<R> rowType, Function<List<R>, T> table, Duration ttl) {
        this.client = client;
        this.index = index;
        this.rowType = rowType;
        this.table = table;
        this.ttl = ttl;
    }

    /**
     * The table, read again when due.
     *
     * @throws RuntimeException what Elasticsearch answered, when no table could be read yet
     */
    synchronized T current() {
        if (cached == null || System.nanoTime() - cachedAt > ttl.toNanos()) {
            try {
                read();
            } catch (RuntimeException e) {
                if (cached == null) {
                    throw e;
                }
                log.warn("{} could not be read again, the last table serves for {}: {}", index, ttl, e.toString());
                cachedAt = System.nanoTime();
            }
        }
        return cached;
    }

    /** Reads every row now; the table read replaces the one held. */
    synchronized T read() {
        List<R> rows = new ArrayList<>();
        try {
            PointInTimeScan.pages(client, index, Query.of(q -> q.matchAll(a -> a)), "key", null, PAGE, rowType,
                    hits -> hits.forEach(hit -> rows.add(hit.source())));
        } catch (ElasticsearchException e) {
            if (!"index_not_found_exception".equals(e.error().type())) {
                throw e;
            }
        }
        cached = table.apply(rows);
        cachedAt = System.nanoTime();
        return cached;
    }

    /** The next lookup reads the index again (the last table serving if it cannot): rows were just written here. */
    synchronized void invalidate() {
        cachedAt = System.nanoTime() - ttl.toNanos() - 1;
    }

    /** The next lookup reads the index again and fails if it cannot: the table held is no longer to be used. */
    synchronized void forget() {
        cached = null;
    }
}
