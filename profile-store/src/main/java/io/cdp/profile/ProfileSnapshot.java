package io.cdp.profile;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A live profile as other modules see it: read-only, independent of how the profile store lays
 * out its documents. Segmentation evaluates it, activation personalises and addresses with it.
 *
 * @param userId     the one known userId, null while the person is anonymous
 * @param identities every identifier of the person, normalized (email lowercased, phone E.164)
 * @param traits     the latest value of each trait
 * @param consent    per channel ("email", "sms", "ads" ...): whether the person consented
 * @param rollups    per UTC calendar day: event counts by event name and the day's revenue
 * @param mergedIds  the profiles merged into this one: their timeline events keep those ids
 * @param nps        the latest NPS answer, null when the person never answered one
 */
public record ProfileSnapshot(
        ProfileId id,
        String userId,
        List<Identity> identities,
        Map<String, Object> traits,
        Map<String, Boolean> consent,
        Set<String> channels,
        Set<String> sources,
        Instant firstSeen,
        Instant lastSeen,
        Commerce commerce,
        Sessions sessions,
        Map<LocalDate, DayActivity> rollups,
        List<ProfileId> mergedIds,
        Nps nps) {

    public ProfileSnapshot {
        identities = List.copyOf(identities);
        traits = Map.copyOf(traits);
        consent = Map.copyOf(consent);
        channels = Set.copyOf(channels);
        sources = Set.copyOf(sources);
        rollups = Map.copyOf(rollups);
        mergedIds = List.copyOf(mergedIds);
    }

    public boolean known() {
        return userId != null;
    }

    /** The first identifier of this type ("email", "phone", "user_id", "ext:loyalty_card" ...). */
    public Optional<String> identifier(String type) {
        return identities.stream().filter(i -> i.type().equals(type)).map(Identity::value).findFirst();
    }

    public Optional<String> email() {
        return identifier("email");
    }

    public Optional<String> phone() {
        return identifier("phone");
    }

    public boolean consentedTo(String channel) {
        return Boolean.TRUE.equals(consent.get(channel));
    }

    public record Identity(String type, String value) {
    }

    /**
     * Ecommerce metrics; revenue is net of refunds.
     *
     * @param refunds           orders with refunded or cancelled lines
     * @param revenueByCurrency net revenue of the orders the profile knows by their own currency
     *                          (orders sent without one under {@code ""})
     * @param unconvertedOrders orders in a currency without an exchange rate into the reporting
     *                          currency: in {@code orders} and {@code revenueByCurrency}, not in {@code revenue}
     */
    public record Commerce(long orders, BigDecimal revenue, Instant firstOrderAt, Instant lastOrderAt,
            List<PurchasedProduct> lastProducts, long refunds, Map<String, BigDecimal> revenueByCurrency,
            long unconvertedOrders) {

        public Commerce {
            revenue = revenue == null ? BigDecimal.ZERO : revenue;
            lastProducts = List.copyOf(lastProducts);
            revenueByCurrency = revenueByCurrency == null ? Map.of() : Map.copyOf(revenueByCurrency);
        }

        /** Average order value: revenue / the orders it sums, 0 without such orders. */
        public BigDecimal averageOrderValue() {
            long converted = orders - unconvertedOrders;
            return converted <= 0 ? BigDecimal.ZERO
                    : revenue.divide(BigDecimal.valueOf(converted), 2, RoundingMode.HALF_UP);
        }
    }

    /** Newest first. */
    public record PurchasedProduct(String productId, String sku, String name, BigDecimal price, Long quantity,
            Instant orderedAt) {
    }

    /** Sessions from page and screen views (30 minutes of inactivity end one). */
    public record Sessions(long count, double averageDurationSeconds, double bounceRate) {
    }

    /** An NPS answer: {@code category} is promoter (9–10), passive (7–8) or detractor (0–6). */
    public record Nps(int latestScore, Instant answeredAt, String category) {
    }

    public record DayActivity(Map<String, Long> events, BigDecimal revenue) {

        public DayActivity {
            events = Map.copyOf(events);
            revenue = revenue == null ? BigDecimal.ZERO : revenue;
        }
    }
}
