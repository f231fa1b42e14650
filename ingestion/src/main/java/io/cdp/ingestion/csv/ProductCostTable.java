package io.cdp.ingestion.csv;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
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

    private final ExchangeRates exchangeRates;
    private final CachedIndex<Cost, Snapshot> costs;

    /**
     * Stored form of a row; {@code key} is the document id (product and start date) and orders the table's pages.
     *
     * @param validFrom {@code yyyy-MM-dd}, null: from the start
     */
    record Cost(String key, String productId, String validFrom, long costMicros, String currency) {
    }

    public ProductCostTable(ElasticsearchClient client, ExchangeRates exchangeRates, Duration cacheTtl) {
        this.exchangeRates = exchangeRates;
        this.costs = new CachedIndex<>(client, INDEX, Cost.class, Snapshot::of, cacheTtl);
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
        return costs.current().valid(productId, day).flatMap(cost -> exchangeRates.toReporting(cost.currency(), day)
                .map(rate -> BigDecimal.valueOf(cost.costMicros(), DocumentRows.MONEY_SCALE).multiply(rate)));
    }

    /** The next lookup reads the stored costs again: an import here just changed them. */
    void invalidate() {
        costs.invalidate();
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
