package io.cdp.ingestion.csv;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;

import io.cdp.platform.elasticsearch.PointInTimeScan;
import io.cdp.profile.ProductCosts;

/**
 * The imported unit costs of products ({@link ProductCostImporter}), held in memory for the profile store, which
 * costs order lines without a {@code cost} of their own with them when it writes their timeline event: the cost
 * valid on the event's day (UTC), converted into the reporting currency at that day's rate. The table is read
 * again at once after an import in this instance, and at most {@code cacheTtl} after one elsewhere (the
 * {@code ./cdp import} command, another instance). When Elasticsearch does not answer a reload, the last table
 * serves until the next reload is due.
 */
public class ProductCostTable implements ProductCosts {

    public static final String INDEX = "cdp-product-costs";
    private static final int PAGE = 5_000;
    private static final Logger log = LoggerFactory.getLogger(ProductCostTable.class);

    private final ElasticsearchClient client;
    private final ExchangeRates exchangeRates;
    private final Duration cacheTtl;
    private Snapshot cached;
    private long cachedAt;

    /**
     * Stored form of a row; {@code key} is the document id (product and start date) and orders the table's pages.
     *
     * @param validFrom {@code yyyy-MM-dd}, null: from the start
     */
    record Cost(String key, String productId, String validFrom, long costMicros, String currency) {
    }

    public ProductCostTable(ElasticsearchClient client, ExchangeRates exchangeRates, Duration cacheTtl) {
        this.client = client;
        this.exchangeRates = exchangeRates;
        this.cacheTtl = cacheTtl;
        SingleIndexTemplate.install(client, INDEX, DynamicMapping.Strict, m -> m
                .properties("key", p -> p.keyword(k -> k))
                .properties("productId", p -> p.keyword(k -> k))
                .properties("validFrom", p -> p.date(d -> d.format("strict_date")))
                .properties("costMicros", p -> p.long_(l -> l))
                .properties("currency", p -> p.keyword(k -> k)));
    }

    @Override
    public Optional<BigDecimal> unitCost(String productId, Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return current().valid(productId, day).flatMap(cost -> exchangeRates.toReporting(cost.currency(), day)
                .map(rate -> BigDecimal.valueOf(cost.costMicros(), DocumentRows.MONEY_SCALE).multiply(rate)));
    }

    /** The next lookup reads the stored costs again: an import here just changed them. */
    synchronized void invalidate() {
        cachedAt = System.nanoTime() - cacheTtl.toNanos() - 1;
    }

    private synchronized Snapshot current() {
        if (cached == null || System.nanoTime() - cachedAt > cacheTtl.toNanos()) {
            try {
                cached = read();
            } catch (RuntimeException e) {
                if (cached == null) {
                    throw e;
                }
                log.warn("product costs could not be reloaded, the last ones serve for {}: {}", cacheTtl, e.toString());
            }
            cachedAt = System.nanoTime();
        }
        return cached;
    }

    private Snapshot read() {
        List<Cost> costs = new ArrayList<>();
        try {
            PointInTimeScan.pages(client, INDEX, Query.of(q -> q.matchAll(a -> a)), "key", null, PAGE, Cost.class,
                    hits -> hits.forEach(hit -> costs.add(hit.source())));
        } catch (ElasticsearchException e) {
            // no costs were ever imported: every line keeps what its event says
            if (!"index_not_found_exception".equals(e.error().type())) {
                throw e;
            }
        }
        return Snapshot.of(costs);
    }

    /** The costs as read at one time: per product, by the day each starts to apply. */
    record Snapshot(Map<String, NavigableMap<LocalDate, Cost>> byProduct) {

        static Snapshot of(List<Cost> costs) {
            Map<String, NavigableMap<LocalDate, Cost>> byProduct = new HashMap<>();
            costs.forEach(cost -> byProduct.computeIfAbsent(cost.productId(), id -> new TreeMap<>())
                    .put(cost.validFrom() == null ? LocalDate.MIN : LocalDate.parse(cost.validFrom()), cost));
            return new Snapshot(byProduct);
        }

        /** The row of {@code productId} with the latest start on or before {@code day}. */
        Optional<Cost> valid(String productId, LocalDate day) {
            NavigableMap<LocalDate, Cost> starts = byProduct.get(productId);
            return Optional.ofNullable(starts == null ? null : starts.floorEntry(day)).map(Map.Entry::getValue);
        }
    }
}
