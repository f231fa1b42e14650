package io.cdp.profile.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ecommerce metrics from Segment's Order Completed / Order Refunded events. The counters are kept
 * in step with {@link #orderBook}, the orders by order id with their lines and refunds keyed by a
 * stable line identity: an order whose lines arrive in several events (a split import, the same
 * order from a second source, a re-import) counts once and its revenue is the sum of its lines.
 */
public class Commerce {

    static final int MAX_PRODUCTS = 10;

    public long orders;
    /** Orders with at least one refunded or cancelled line. */
    public long refunds;
    /** Net of refunds, in the reporting currency: orders without a rate into it are left out. */
    public BigDecimal revenue = BigDecimal.ZERO;
    /**
     * Orders in a currency that had no exchange rate into the reporting currency when they arrived:
     * counted in {@link #orders} and {@link #revenueByCurrency()}, not in {@link #revenue}.
     */
    public long unconvertedOrders;
    public Instant firstOrderAt;
    public Instant lastOrderAt;
    public List<PurchasedProduct> lastProducts = new ArrayList<>();
    public Map<String, OrderEntry> orderBook = new TreeMap<>();

    public record PurchasedProduct(String productId, String sku, String name, BigDecimal price, Long quantity,
            Instant orderedAt) {
    }

    /**
     * One order as the profile knows it. {@code total} is the order's stated total when the sender
     * gave one (it then wins over the sum of the lines); amounts are in {@code currency}, and
     * {@code rate} turns them into the reporting currency (ingestion sets it from the rates table).
     * An order with a currency but no rate had none in the table: summing it as if it were the
     * reporting currency would be wrong, so it stays out of the revenue. Entries with neither
     * predate currencies in the order book and count as sent.
     */
    public static class OrderEntry {
        static final String WHOLE_ORDER = "*";

        public Instant at;
        public String currency;
        public BigDecimal rate;
        public BigDecimal total;
        public Map<String, BigDecimal> lines = new TreeMap<>();
        public Map<String, BigDecimal> refunded = new TreeMap<>();

        boolean isOrder() {
            return total != null || !lines.isEmpty();
        }

        boolean isUnconverted() {
            return currency != null && rate == null;
        }

        /**
         * The stated total, else the sum of the item lines; an order sent without lines (a
         * tracking call) is its {@link #WHOLE_ORDER} line, which item lines of the same order replace.
         */
        BigDecimal net() {
            BigDecimal gross = total != null ? total
                    : lines.entrySet().stream().filter(line -> lines.size() == 1 || !line.getKey().equals(WHOLE_ORDER))
                            .map(Map.Entry::getValue).reduce(BigDecimal.ZERO, BigDecimal::add);
            return refunded.values().stream().reduce(gross, BigDecimal::subtract);
        }

        /**
         * Net of refunds in the reporting currency; null for an order in a currency that had no rate
         * (it is kept out of the reporting revenue).
         */
        public BigDecimal reportingNet() {
            return inReportingCurrency(net());
        }

        /** An amount in the order's currency converted at its rate; null when the currency had no rate. */
        public BigDecimal inReportingCurrency(BigDecimal amount) {
            if (isUnconverted()) {
                return null;
            }
            return rate == null ? amount : amount.multiply(rate);
        }

        OrderEntry copy() {
            OrderEntry copy = new OrderEntry();
            copy.at = at;
            copy.currency = currency;
            copy.rate = rate;
            copy.total = total;
            copy.lines.putAll(lines);
            copy.refunded.putAll(refunded);
            return copy;
        }

        /** Lines and refunds are added once by their identity; the earliest time wins. */
        void add(OrderEntry other) {
            if (other.at != null && (at == null || other.at.isBefore(at))) {
                at = other.at;
            }
            currency = currency != null ? currency : other.currency;
            rate = rate != null ? rate : other.rate;
            total = total != null ? total : other.total;
            other.lines.forEach(lines::putIfAbsent);
            other.refunded.forEach(refunded::putIfAbsent);
        }
    }

    /** What one entry adds to the counters. */
    private record Contribution(long orders, long refunds, long unconverted, BigDecimal revenue) {

        static final Contribution NONE = new Contribution(0, 0, 0, BigDecimal.ZERO);

        static Contribution of(OrderEntry entry) {
            if (entry == null) {
                return NONE;
            }
            long order = entry.isOrder() ? 1 : 0;
            long refund = entry.refunded.isEmpty() ? 0 : 1;
            if (entry.isUnconverted()) {
                return new Contribution(order, refund, order, BigDecimal.ZERO);
            }
            return new Contribution(order, refund, 0, entry.reportingNet());
        }
    }

    /** Over the orders counted in the reporting-currency revenue. */
    public BigDecimal averageOrderValue() {
        long converted = orders - unconvertedOrders;
        return converted <= 0 ? BigDecimal.ZERO
                : revenue.divide(BigDecimal.valueOf(converted), 2, RoundingMode.HALF_UP);
    }

    /**
     * Adds an order's lines (or refunds) to its entry in the order book; returns the change of
     * revenue, zero when every line was known already. Products are remembered for new lines only.
     */
    BigDecimal record(String orderId, OrderEntry part, List<PurchasedProduct> newProducts) {
        OrderEntry current = orderBook.get(orderId);
        OrderEntry updated = current == null ? part.copy() : current.copy();
        if (current != null) {
            updated.add(part);
        }
        BigDecimal before = revenue;
        replace(Contribution.of(current), Contribution.of(updated));
        orderBook.put(orderId, updated);
        if (updated.isOrder()) {
            firstOrderAt = firstOrderAt == null || updated.at.isBefore(firstOrderAt) ? updated.at : firstOrderAt;
            lastOrderAt = lastOrderAt == null || updated.at.isAfter(lastOrderAt) ? updated.at : lastOrderAt;
        }
        addProducts(newProducts);
        return revenue.subtract(before);
    }

    /** Net revenue of the known orders in their own currencies ({@code ""} for orders sent without one). */
    public Map<String, BigDecimal> revenueByCurrency() {
        Map<String, BigDecimal> byCurrency = new TreeMap<>();
        orderBook.values().forEach(entry -> byCurrency.merge(entry.currency == null ? "" : entry.currency, entry.net(),
                BigDecimal::add));
        return byCurrency;
    }

    boolean knowsLine(String orderId, String lineId) {
        OrderEntry entry = orderBook.get(orderId);
        return entry != null && entry.lines.containsKey(lineId);
    }

    /**
     * Folds another profile's commerce in. An order both profiles know (the same order seen under
     * two identities before they were linked) counts once, with the union of its lines.
     */
    void absorb(Commerce other) {
        orders += other.orders;
        refunds += other.refunds;
        unconvertedOrders += other.unconvertedOrders;
        revenue = revenue.add(other.revenue);
        other.orderBook.forEach((orderId, theirs) -> {
            OrderEntry mine = orderBook.get(orderId);
            if (mine == null) {
                orderBook.put(orderId, theirs.copy());
                return;
            }
            OrderEntry union = mine.copy();
            union.add(theirs);
            replace(Contribution.of(mine), Contribution.NONE);
            replace(Contribution.of(theirs), Contribution.of(union));
            orderBook.put(orderId, union);
        });
        if (other.firstOrderAt != null && (firstOrderAt == null || other.firstOrderAt.isBefore(firstOrderAt))) {
            firstOrderAt = other.firstOrderAt;
        }
        if (other.lastOrderAt != null && (lastOrderAt == null || other.lastOrderAt.isAfter(lastOrderAt))) {
            lastOrderAt = other.lastOrderAt;
        }
        addProducts(other.lastProducts);
    }

    private void replace(Contribution old, Contribution updated) {
        orders += updated.orders() - old.orders();
        refunds += updated.refunds() - old.refunds();
        unconvertedOrders += updated.unconverted() - old.unconverted();
        revenue = revenue.add(updated.revenue()).subtract(old.revenue());
    }

    private void addProducts(List<PurchasedProduct> products) {
        List<PurchasedProduct> all = new ArrayList<>(lastProducts);
        all.addAll(products);
        all.sort(Comparator.comparing(PurchasedProduct::orderedAt).reversed()
                .thenComparing(p -> String.valueOf(p.productId())));
        lastProducts = new ArrayList<>(all.subList(0, Math.min(MAX_PRODUCTS, all.size())));
    }
}
