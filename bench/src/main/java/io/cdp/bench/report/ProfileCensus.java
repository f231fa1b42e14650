package io.cdp.bench.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Tallies the documents of {@code cdp-profiles}: live profiles versus merged-away ones (which
 * keep a {@code mergedInto} redirect), known versus anonymous, commerce totals and the traits
 * profiles carry most often.
 */
public final class ProfileCensus {

    /** Identity types that name a person rather than a browser, device or card. */
    private static final Set<String> KNOWN_TYPES = Set.of("user_id", "email", "phone");

    private long profiles;
    private long merged;
    private long known;
    private long orders;
    private BigDecimal revenue = BigDecimal.ZERO;
    private final Map<String, Long> traits = new HashMap<>();

    public void add(JsonNode profile) {
        if (isSet(profile.path("mergedInto"))) {
            merged++;
            return;
        }
        if (profile.path("erased").asBoolean(false)) {
            return;
        }
        profiles++;
        if (isKnown(profile)) {
            known++;
        }
        JsonNode commerce = profile.path("commerce");
        orders += commerce.path("orders").asLong(0);
        if (commerce.path("revenue").isNumber()) {
            revenue = revenue.add(commerce.path("revenue").decimalValue());
        }
        Iterator<String> names = profile.path("traits").propertyNames().iterator();
        names.forEachRemaining(name -> traits.merge(name, 1L, Long::sum));
    }

    private static boolean isKnown(JsonNode profile) {
        if (isSet(profile.path("userId"))) {
            return true;
        }
        for (JsonNode identity : profile.path("identities")) {
            if (KNOWN_TYPES.contains(identity.path("type").asString(""))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSet(JsonNode node) {
        return node.isString() && !node.asString().isBlank();
    }

    public long profiles() {
        return profiles;
    }

    public long merged() {
        return merged;
    }

    public long known() {
        return known;
    }

    public long anonymous() {
        return profiles - known;
    }

    public long orders() {
        return orders;
    }

    public BigDecimal revenue() {
        return revenue;
    }

    public BigDecimal averageOrderValue() {
        return orders == 0 ? BigDecimal.ZERO : revenue.divide(BigDecimal.valueOf(orders), 2, RoundingMode.HALF_UP);
    }

    /** The {@code limit} most common traits with the number of profiles having each, most common first. */
    public List<Map.Entry<String, Long>> topTraits(int limit) {
        return traits.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .toList();
    }
}
