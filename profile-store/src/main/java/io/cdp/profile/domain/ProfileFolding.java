package io.cdp.profile.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import lombok.RequiredArgsConstructor;

import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;
import io.cdp.profile.identity.Identifier;

/**
 * Pure folding rules: an event into a profile, and a merged-away profile into its survivor. Both
 * are commutative enough that the result does not depend on event order or merge order.
 */
@RequiredArgsConstructor
public final class ProfileFolding {

    static final int MAX_SET_SIZE = 50;
    static final int MAX_CONFLICTS = 100;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final int recentEventsSize;
    private final int rollupDays;

    public boolean alreadyApplied(ProfileDocument profile, String eventKey) {
        return profile.recentEvents.contains(eventKey);
    }

    /**
     * Whether the applied-events ring still holds every event ever applied to the profile and to the
     * profiles it absorbed: each applied event adds its own key and counts once, a merge adds both, so
     * the two agree until the ring drops its oldest key. Then an event missing from the ring was never
     * applied here, and a replay needs no look at the timeline; for the few profiles with more events
     * than the ring holds, it does.
     */
    public boolean remembersEveryEvent(ProfileDocument profile) {
        return profile.recentEvents.size() == profile.eventCount;
    }

    /**
     * How many events may be folded into a profile before their timeline documents exist: every
     * one of them must still be in the applied-events ring if a crash makes Kafka replay them.
     */
    public int maxEventsPerWrite() {
        return recentEventsSize;
    }

    /**
     * The fields an event changes on a profile that holds none of its data yet: what a replay
     * announces again when the profile already has the event but its notice may have been lost.
     */
    public Set<String> fieldsOf(EventIngested event, Collection<Identifier> identifiers) {
        return apply(ProfileDocument.create("replay", event.receivedAt()), event, "replay", identifiers,
                event.receivedAt());
    }

    /** Applies one event; returns the names of the changed top-level fields. */
    public Set<String> apply(ProfileDocument profile, EventIngested event, String eventKey,
            Collection<Identifier> ownIdentifiers, Instant now) {
        Set<String> changed = new TreeSet<>();
        Instant at = event.timestamp();
        for (Identifier identifier : ownIdentifiers) {
            if (addIdentity(profile, identifier)) {
                changed.add("identities");
            }
        }
        if (profile.firstSeen == null || at.isBefore(profile.firstSeen)) {
            profile.firstSeen = at;
            changed.add("firstSeen");
        }
        if (profile.lastSeen == null || at.isAfter(profile.lastSeen)) {
            profile.lastSeen = at;
            changed.add("lastSeen");
        }
        Map<String, Object> traits = event.type() == EventType.IDENTIFY || event.type() == EventType.GROUP
                ? event.traits() : nested(event.context(), "traits");
        if (event.type() != EventType.GROUP) {
            traits.forEach((name, value) -> {
                if (setTrait(profile, name, new Trait(value, event.sourceId(), at))) {
                    changed.add("traits");
                }
            });
        }
        if (addBounded(profile.sources, event.sourceId())) {
            changed.add("sources");
        }
        if (nested(event.context(), "device").get("type") instanceof String device && addBounded(profile.devices, device)) {
            changed.add("devices");
        }
        if (nested(event.context(), "library").get("name") instanceof String library && addBounded(profile.channels, library)) {
            changed.add("channels");
        }
        nested(nested(event.context(), "consent"), "categoryPreferences").forEach((category, granted) -> {
            ProfileDocument.Consent candidate =
                    new ProfileDocument.Consent(Boolean.parseBoolean(String.valueOf(granted)), at);
            ProfileDocument.Consent current = profile.consent.get(category);
            if (current == null || candidate.updatedAt().isAfter(current.updatedAt())) {
                profile.consent.put(category, candidate);
                changed.add("consent");
            }
        });
        BigDecimal revenue = BigDecimal.ZERO;
        boolean completed = "Order Completed".equals(event.event());
        if (event.type() == EventType.TRACK && (completed || "Order Refunded".equals(event.event()))) {
            revenue = commerce(profile.commerce, event, eventKey, completed);
            changed.add("commerce");
        }
        if (event.type() == EventType.TRACK && Nps.SURVEY_ANSWERED.equals(event.event())) {
            Nps latest = Nps.latest(profile.nps, Nps.answer(event.properties(), at));
            if (!Objects.equals(latest, profile.nps)) {
                profile.nps = latest;
                changed.add("nps");
            }
        }
        if (event.type() == EventType.PAGE || event.type() == EventType.SCREEN) {
            profile.sessions.view(at);
            changed.add("sessions");
        }
        ProfileDocument.DayRollup day = profile.rollups.computeIfAbsent(DAY.format(at), d -> new ProfileDocument.DayRollup());
        day.events.merge(rollupName(event), 1L, Long::sum);
        day.revenue = day.revenue.add(revenue);
        trimRollups(profile);
        changed.add("rollups");
        profile.eventCount++;
        remember(profile, List.of(eventKey));
        profile.updatedAt = now;
        return changed;
    }

    /**
     * Folds a frozen, merged-away profile into its survivor. A profile the survivor absorbed
     * already is only dropped from its pending merges: a reader holding a copy of the loser read
     * before the merge may ask for it again, and counts must not add up twice.
     */
    public void absorb(ProfileDocument survivor, ProfileDocument loser, Instant now) {
        if (survivor.absorbedProfiles.contains(loser.id)) {
            survivor.pendingMerges.remove(loser.id);
            survivor.updatedAt = now;
            return;
        }
        loser.identities.forEach(ref -> addIdentity(survivor, new Identifier(ref.type(), ref.value())));
        loser.traits.forEach((name, trait) -> setTrait(survivor, name, trait));
        if (loser.firstSeen != null && (survivor.firstSeen == null || loser.firstSeen.isBefore(survivor.firstSeen))) {
            survivor.firstSeen = loser.firstSeen;
        }
        if (loser.lastSeen != null && (survivor.lastSeen == null || loser.lastSeen.isAfter(survivor.lastSeen))) {
            survivor.lastSeen = loser.lastSeen;
        }
        loser.sources.forEach(s -> addBounded(survivor.sources, s));
        loser.devices.forEach(s -> addBounded(survivor.devices, s));
        loser.channels.forEach(s -> addBounded(survivor.channels, s));
        loser.consent.forEach((category, consent) -> survivor.consent.merge(category, consent,
                (mine, theirs) -> theirs.updatedAt().isAfter(mine.updatedAt()) ? theirs : mine));
        survivor.commerce.absorb(loser.commerce);
        survivor.sessions.absorb(loser.sessions);
        survivor.nps = Nps.latest(survivor.nps, loser.nps);
        loser.rollups.forEach((dayKey, theirs) -> {
            ProfileDocument.DayRollup mine = survivor.rollups.computeIfAbsent(dayKey, d -> new ProfileDocument.DayRollup());
            theirs.events.forEach((name, count) -> mine.events.merge(name, count, Long::sum));
            mine.revenue = mine.revenue.add(theirs.revenue);
        });
        trimRollups(survivor);
        for (ProfileDocument.Conflict conflict : loser.conflicts) {
            addConflict(survivor, conflict);
        }
        survivor.eventCount += loser.eventCount;
        remember(survivor, loser.recentEvents);
        Set<String> absorbed = new LinkedHashSet<>(survivor.absorbedProfiles);
        absorbed.add(loser.id);
        absorbed.addAll(loser.absorbedProfiles);
        survivor.absorbedProfiles = new ArrayList<>(absorbed);
        survivor.pendingMerges.remove(loser.id);
        survivor.updatedAt = now;
    }

    public boolean addConflict(ProfileDocument profile, ProfileDocument.Conflict conflict) {
        boolean known = profile.conflicts.stream().anyMatch(c -> c.otherProfileId().equals(conflict.otherProfileId())
                && c.identifierHash().equals(conflict.identifierHash()));
        if (known || profile.conflicts.size() >= MAX_CONFLICTS) {
            return false;
        }
        profile.conflicts.add(conflict);
        return true;
    }

    private static boolean addIdentity(ProfileDocument profile, Identifier identifier) {
        ProfileDocument.IdentityRef ref = new ProfileDocument.IdentityRef(identifier.type(), identifier.value());
        if (Identifier.USER_ID.equals(identifier.type()) && profile.userId == null) {
            profile.userId = identifier.value();
        }
        if (profile.identities.contains(ref)) {
            return false;
        }
        profile.identities.add(ref);
        return true;
    }

    private static boolean setTrait(ProfileDocument profile, String name, Trait candidate) {
        if (candidate.value() == null || !candidate.supersedes(profile.traits.get(name))) {
            return false;
        }
        profile.traits.put(name, candidate);
        return true;
    }

    private void remember(ProfileDocument profile, List<String> keys) {
        for (String key : keys) {
            if (!profile.recentEvents.contains(key)) {
                profile.recentEvents.add(key);
            }
        }
        int excess = profile.recentEvents.size() - recentEventsSize;
        if (excess > 0) {
            profile.recentEvents.subList(0, excess).clear();
        }
    }

    private void trimRollups(ProfileDocument profile) {
        if (profile.rollups.isEmpty()) {
            return;
        }
        String oldestKept = DAY.format(Instant.parse(profile.rollups.lastKey() + "T00:00:00Z")
                .minus(Duration.ofDays(rollupDays - 1L)));
        profile.rollups.headMap(oldestKept, false).clear();
    }

    private static boolean addBounded(TreeSet<String> set, String value) {
        return value != null && !value.isBlank() && set.size() < MAX_SET_SIZE && set.add(value);
    }

    private static String rollupName(EventIngested event) {
        return event.type() == EventType.TRACK && event.event() != null ? event.event()
                : event.type().name().toLowerCase(Locale.ROOT);
    }

    /** Records an order or refund in the profile's order book; products are remembered for new lines only. */
    private static BigDecimal commerce(Commerce commerce, EventIngested event, String eventKey, boolean completed) {
        Map<String, Object> properties = event.properties();
        String orderId = orderId(properties, eventKey);
        List<Commerce.PurchasedProduct> newProducts = new ArrayList<>();
        if (completed) {
            List<Map<?, ?>> items = lineItems(properties);
            if (items.isEmpty()) {
                newProducts.addAll(products(properties, event.timestamp()));
            } else {
                items.stream().filter(item -> !commerce.knowsLine(orderId, item.get("line_id").toString()))
                        .forEach(item -> newProducts.add(product(item, event.timestamp())));
            }
        }
        return commerce.record(orderId, orderPart(properties, event.timestamp(), eventKey, completed), newProducts);
    }

    /** The order an Order Completed / Order Refunded event belongs to: its order_id, else the event itself. */
    public static String orderId(Map<String, Object> properties, String eventKey) {
        return properties.get("order_id") != null ? properties.get("order_id").toString() : "event:" + eventKey;
    }

    /**
     * What one Order Completed ({@code completed}) or Order Refunded event adds to its order's entry:
     * its lines or refunds, currency, rate and stated total. Item lines carry a {@code line_id} (the CSV
     * import sets one); a call without them is one line for the whole order, and a refund without them is
     * one refund keyed by its {@code refund_id} or the event itself.
     */
    public static Commerce.OrderEntry orderPart(Map<String, Object> properties, Instant at, String eventKey,
            boolean completed) {
        Commerce.OrderEntry part = new Commerce.OrderEntry();
        part.at = at;
        part.currency = str(properties.get("currency"));
        part.rate = decimal(properties.get("fx_rate"));
        Map<String, BigDecimal> amounts = completed ? part.lines : part.refunded;
        List<Map<?, ?>> items = lineItems(properties);
        if (items.isEmpty()) {
            Object refundId = properties.get("refund_id");
            amounts.put(completed ? Commerce.OrderEntry.WHOLE_ORDER : "refund:" + (refundId != null ? refundId : eventKey),
                    amount(properties));
        } else {
            items.forEach(item -> amounts.put(item.get("line_id").toString(), lineAmount(item)));
        }
        if (completed && properties.get("order_total") != null) {
            part.total = decimal(properties.get("order_total"));
        }
        return part;
    }

    private static List<Map<?, ?>> lineItems(Map<String, Object> properties) {
        List<Map<?, ?>> items = new ArrayList<>();
        if (properties.get("products") instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof Map<?, ?> product) || product.get("line_id") == null) {
                    return List.of();
                }
                items.add(product);
            }
        }
        return items;
    }

    private static BigDecimal lineAmount(Map<?, ?> item) {
        BigDecimal amount = lineRevenue(item);
        if (amount == null) {
            throw new IllegalArgumentException("products[].revenue or price is missing or not a number");
        }
        return amount;
    }

    /** A line's {@code revenue}, else price × quantity (quantity 1 when absent); null without either. */
    public static BigDecimal lineRevenue(Map<?, ?> item) {
        BigDecimal revenue = decimal(item.get("revenue"));
        if (revenue != null) {
            return revenue;
        }
        BigDecimal price = decimal(item.get("price"));
        if (price == null) {
            return null;
        }
        BigDecimal quantity = decimal(item.get("quantity"));
        return quantity == null ? price : price.multiply(quantity);
    }

    static BigDecimal amount(Map<String, Object> properties) {
        Object raw = properties.get("revenue") != null ? properties.get("revenue") : properties.get("total");
        if (raw == null) {
            return BigDecimal.ZERO;
        }
        try {
            return new BigDecimal(raw.toString().trim());
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("properties.revenue / total is not a number");
        }
    }

    private static List<Commerce.PurchasedProduct> products(Map<String, Object> properties, Instant at) {
        List<Commerce.PurchasedProduct> products = new ArrayList<>();
        if (properties.get("products") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> product) {
                    products.add(product(product, at));
                }
            }
        }
        return products;
    }

    private static Commerce.PurchasedProduct product(Map<?, ?> product, Instant at) {
        return new Commerce.PurchasedProduct(str(product.get("product_id")), str(product.get("sku")),
                str(product.get("name")), decimal(product.get("price")), integer(product.get("quantity")), at);
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static BigDecimal decimal(Object o) {
        try {
            return o == null ? null : new BigDecimal(o.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long integer(Object o) {
        try {
            return o == null ? null : Long.valueOf(o.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> nested(Map<String, Object> map, String key) {
        return map.get(key) instanceof Map<?, ?> inner ? (Map<String, Object>) inner : Map.of();
    }
}
