package io.cdp.profile.store;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.cdp.profile.ProductCosts;
import io.cdp.profile.TimelineFields;
import io.cdp.profile.domain.Commerce;
import io.cdp.profile.domain.ProfileFolding;

/**
 * The {@code kpi} object of a timeline event: what reporting aggregates, indexed because the event's
 * properties and context are not. {@link TimelineFields} documents each field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record KpiMeasures(String channel, String campaign, String orderId, Long amountMicros, Integer npsScore,
        Long ratingMicros, List<String> productIds, String refundedOrderId, Long costMicros, Long costedMicros) {

    static final String MAPPING = """
            "kpi": {"properties": {"channel": {"type": "keyword"}, "campaign": {"type": "keyword"},
              "orderId": {"type": "keyword"}, "amountMicros": {"type": "long"}, "npsScore": {"type": "integer"},
              "ratingMicros": {"type": "long"}, "productIds": {"type": "keyword"},
              "refundedOrderId": {"type": "keyword"}, "costMicros": {"type": "long"},
              "costedMicros": {"type": "long"}}}""";

    private static final BigDecimal MICROS = BigDecimal.valueOf(1_000_000);

    /** @param costs the unit costs of lines without a {@code cost} of their own */
    static KpiMeasures of(EventDocument e, ProductCosts costs) {
        Map<String, Object> properties = e.properties() == null ? Map.of() : e.properties();
        Map<?, ?> campaign = e.context() != null && e.context().get("campaign") instanceof Map<?, ?> c ? c : Map.of();
        String channel = firstText(campaign.get("medium"), campaign.get("source"),
                e.context() == null ? null : e.context().get("channel"), properties.get("channel"), e.sourceId());
        String event = "TRACK".equals(e.type()) ? e.event() : null;
        boolean completed = "Order Completed".equals(event);
        String orderId = null;
        String refundedOrderId = null;
        Long amount = null;
        Long[] cost = {null, null};
        if (completed || "Order Refunded".equals(event)) {
            Commerce.OrderEntry part = ProfileFolding.orderPart(properties, e.timestamp(), e.key(), completed);
            BigDecimal net = part.reportingNet();
            amount = net == null ? null : micros(net);
            String id = ProfileFolding.orderId(properties, e.key());
            orderId = completed ? id : null;
            refundedOrderId = completed ? null : id;
            cost = costOfGoods(properties, part, completed ? BigDecimal.ONE : BigDecimal.ONE.negate(), costs,
                    e.timestamp());
        }
        Integer score = "Survey Answered".equals(event) && "nps".equalsIgnoreCase(text(properties.get("survey")))
                ? npsScore(properties.get("score")) : null;
        Long rating = "Product Reviewed".equals(event) ? rating(properties.get("rating")) : null;
        return new KpiMeasures(channel, text(campaign.get("name")), orderId, amount, score, rating,
                productIds(event, properties), refundedOrderId, cost[0], cost[1]);
    }

    /**
     * The cost of goods of the lines with a unit cost (unit cost × quantity) and what those lines add to revenue, in
     * the reporting currency, signed ({@code sign} −1 for returned goods); both null when no line has a cost and a
     * revenue or price, or the order's currency has no rate. A line's own numeric {@code cost} is in the order's
     * currency; a line without one takes the imported cost of its {@code product_id} valid at {@code at}, already in
     * the reporting currency.
     */
    private static Long[] costOfGoods(Map<String, Object> properties, Commerce.OrderEntry part, BigDecimal sign,
            ProductCosts imported, Instant at) {
        BigDecimal ownCost = BigDecimal.ZERO;
        BigDecimal importedCost = BigDecimal.ZERO;
        BigDecimal costed = BigDecimal.ZERO;
        boolean any = false;
        if (properties.get("products") instanceof List<?> lines) {
            for (Object line : lines) {
                if (!(line instanceof Map<?, ?> product) || ProfileFolding.lineRevenue(product) == null) {
                    continue;
                }
                BigDecimal quantity = number(product.get("quantity"));
                BigDecimal own = number(product.get("cost"));
                String productId = text(product.get("product_id"));
                BigDecimal unitCost = own != null ? own
                        : productId == null ? null : imported.unitCost(productId, at).orElse(null);
                if (unitCost == null) {
                    continue;
                }
                BigDecimal lineCost = quantity == null ? unitCost : unitCost.multiply(quantity);
                if (own != null) {
                    ownCost = ownCost.add(lineCost);
                } else {
                    importedCost = importedCost.add(lineCost);
                }
                costed = costed.add(ProfileFolding.lineRevenue(product));
                any = true;
            }
        }
        BigDecimal convertedCost = part.inReportingCurrency(ownCost);
        if (!any || convertedCost == null) {
            return new Long[] {null, null};
        }
        return new Long[] {micros(convertedCost.add(importedCost).multiply(sign)),
            micros(part.inReportingCurrency(costed).multiply(sign))};
    }

    /** An order's line product ids, or the viewed product's id: what ROPO joins views and store orders on. */
    private static List<String> productIds(String event, Map<String, Object> properties) {
        Set<String> ids = new TreeSet<>();
        if ("Order Completed".equals(event) && properties.get("products") instanceof List<?> lines) {
            lines.forEach(line -> {
                if (line instanceof Map<?, ?> product && text(product.get("product_id")) != null) {
                    ids.add(text(product.get("product_id")));
                }
            });
        } else if ("Product Viewed".equals(event) && text(properties.get("product_id")) != null) {
            ids.add(text(properties.get("product_id")));
        }
        return ids.isEmpty() ? null : List.copyOf(ids);
    }

    private static long micros(BigDecimal amount) {
        return amount.multiply(MICROS).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static Integer npsScore(Object score) {
        BigDecimal value = number(score);
        if (value == null || value.stripTrailingZeros().scale() > 0 || value.signum() < 0
                || value.compareTo(BigDecimal.TEN) > 0) {
            return null;
        }
        return value.intValueExact();
    }

    private static Long rating(Object rating) {
        BigDecimal value = number(rating);
        return value == null ? null : micros(value);
    }

    private static BigDecimal number(Object value) {
        if (!(value instanceof Number)) {
            return null;
        }
        try {
            return new BigDecimal(value.toString());
        } catch (NumberFormatException notFinite) {
            return null;
        }
    }

    private static String firstText(Object... candidates) {
        for (Object candidate : candidates) {
            String text = text(candidate);
            if (text != null) {
                return text.toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s.trim() : null;
    }
}
