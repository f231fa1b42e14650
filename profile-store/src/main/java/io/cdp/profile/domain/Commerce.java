package io.cdp.profile.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Ecommerce metrics from Segment's Order Completed / Order Refunded events. */
public class Commerce {

    static final int MAX_PRODUCTS = 10;

    public long orders;
    public long refunds;
    public BigDecimal revenue = BigDecimal.ZERO;
    public Instant firstOrderAt;
    public Instant lastOrderAt;
    public List<PurchasedProduct> lastProducts = new ArrayList<>();

    public record PurchasedProduct(String productId, String sku, String name, BigDecimal price, Long quantity,
            Instant orderedAt) {
    }

    public BigDecimal averageOrderValue() {
        return orders <= 0 ? BigDecimal.ZERO : revenue.divide(BigDecimal.valueOf(orders), 2, RoundingMode.HALF_UP);
    }

    void order(BigDecimal amount, Instant at, List<PurchasedProduct> products) {
        orders++;
        revenue = revenue.add(amount);
        firstOrderAt = firstOrderAt == null || at.isBefore(firstOrderAt) ? at : firstOrderAt;
        lastOrderAt = lastOrderAt == null || at.isAfter(lastOrderAt) ? at : lastOrderAt;
        addProducts(products);
    }

    void refund(BigDecimal amount) {
        refunds++;
        revenue = revenue.subtract(amount);
    }

    void absorb(Commerce other) {
        orders += other.orders;
        refunds += other.refunds;
        revenue = revenue.add(other.revenue);
        if (other.firstOrderAt != null && (firstOrderAt == null || other.firstOrderAt.isBefore(firstOrderAt))) {
            firstOrderAt = other.firstOrderAt;
        }
        if (other.lastOrderAt != null && (lastOrderAt == null || other.lastOrderAt.isAfter(lastOrderAt))) {
            lastOrderAt = other.lastOrderAt;
        }
        addProducts(other.lastProducts);
    }

    private void addProducts(List<PurchasedProduct> products) {
        List<PurchasedProduct> all = new ArrayList<>(lastProducts);
        all.addAll(products);
        all.sort(Comparator.comparing(PurchasedProduct::orderedAt).reversed()
                .thenComparing(p -> String.valueOf(p.productId())));
        lastProducts = new ArrayList<>(all.subList(0, Math.min(MAX_PRODUCTS, all.size())));
    }
}
