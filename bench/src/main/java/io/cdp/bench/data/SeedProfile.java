package io.cdp.bench.data;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A profile written straight into {@code cdp-profiles} with {@code _bulk}, in the profile store's
 * layout (ProfileDocument as its Elasticsearch mapper writes it): benchmarks seed millions of
 * profiles this way instead of through the event pipeline they do not measure.
 *
 * @param identities type → normalised value ({@code email} lowercased, {@code phone} E.164), besides the userId
 * @param consent    category → granted
 * @param rollups    day → event name → count
 */
public record SeedProfile(String id, String userId, Map<String, String> identities, Map<String, Object> traits,
        Map<String, Boolean> consent, Instant firstSeen, Instant lastSeen, long orders, BigDecimal revenue,
        long sessions, long bounces, Map<LocalDate, Map<String, Long>> rollups) {

    public Map<String, Object> document(Instant now) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", id);
        doc.put("userId", userId);
        List<Map<String, String>> ids = new ArrayList<>();
        ids.add(Map.of("type", "user_id", "value", userId));
        identities.forEach((type, value) -> ids.add(Map.of("type", type, "value", value)));
        doc.put("identities", ids);
        Map<String, Object> t = new LinkedHashMap<>();
        traits.forEach((k, v) -> t.put(k, Map.of("value", v, "source", "bench", "updatedAt", now.toString())));
        doc.put("traits", t);
        doc.put("firstSeen", firstSeen.toString());
        doc.put("lastSeen", lastSeen.toString());
        Map<String, Object> commerce = new LinkedHashMap<>();
        commerce.put("orders", orders);
        commerce.put("refunds", 0);
        commerce.put("revenue", revenue);
        if (orders > 0) {
            commerce.put("firstOrderAt", firstSeen.toString());
            commerce.put("lastOrderAt", lastSeen.toString());
        }
        commerce.put("lastProducts", List.of());
        doc.put("commerce", commerce);
        Map<String, Object> c = new LinkedHashMap<>();
        consent.forEach((category, granted) -> c.put(category, Map.of("granted", granted, "updatedAt", now.toString())));
        doc.put("consent", c);
        doc.put("sessions", Map.of("closedCount", sessions, "closedDurationMillis", sessions * 60_000,
                "closedBounces", bounces, "openViews", 0));
        Map<String, Object> r = new LinkedHashMap<>();
        rollups.forEach((day, events) -> r.put(day.toString(), Map.of("events", events, "revenue", 0)));
        doc.put("rollups", r);
        // as the profile store keeps them: one applied event per counted event, the newest 256 in the ring
        long events = rollups.values().stream().flatMap(e -> e.values().stream()).mapToLong(Long::longValue).sum();
        List<String> ring = new ArrayList<>();
        for (long e = Math.max(0, events - 256); e < events; e++) {
            ring.add(String.format(Locale.ROOT, "%016x%016x", id.hashCode(), e));
        }
        doc.put("recentEvents", ring);
        doc.put("eventCount", Math.max(1, events));
        doc.put("createdAt", firstSeen.toString());
        doc.put("updatedAt", now.toString());
        doc.put("erased", false);
        return doc;
    }
}
