package io.cdp.profile;

import java.time.Duration;

/**
 * Field names of the profile store's indices that other modules aggregate on (reporting's KPIs), with the
 * index names under the configured prefix ({@code cdp.profile.index-prefix}). The {@code kpi.*} fields of a
 * timeline event are derived from its properties and context when it is written (events written before they
 * existed have none):
 * <ul>
 *   <li>{@link #CHANNEL}: the touchpoint's channel, lower case: {@code context.campaign.medium} (UTM medium),
 *       else {@code context.campaign.source}, else {@code context.channel}, else {@code properties.channel}
 *       (the CSV import's {@code channel: store}), else the event's source id</li>
 *   <li>{@link #CAMPAIGN}: {@code context.campaign.name} (UTM campaign), absent without one</li>
 *   <li>{@link #ORDER_ID}: on Order Completed only, the order id as the profile's order book keys it</li>
 *   <li>{@link #AMOUNT_MICROS}: on Order Completed (positive) and Order Refunded (negative), what the event adds
 *       to its order's net amount in the reporting currency, in millionths, rounded half-up; absent for an order
 *       in a currency without an exchange rate</li>
 *   <li>{@link #NPS_SCORE}: on Survey Answered with {@code survey: nps} and a whole {@code score} 0–10</li>
 *   <li>{@link #RATING_MICROS}: on Product Reviewed with a numeric {@code rating}, in millionths</li>
 *   <li>{@link #PRODUCT_IDS}: on Order Completed the distinct {@code products[].product_id} of its lines, on
 *       Product Viewed its {@code product_id}; absent without any</li>
 *   <li>{@link #REFUNDED_ORDER_ID}: on Order Refunded, the order id it refunds (as {@link #ORDER_ID} keys it), so
 *       that a report can net an order's refunds against it</li>
 *   <li>{@link #COST_MICROS}: on Order Completed (positive) and Order Refunded (negative, goods returned), the cost
 *       of goods of its {@code products[]} lines with a unit cost: their own numeric {@code cost}, else the
 *       {@link ProductCosts} cost of their {@code product_id} at the event's time ({@code cost} × {@code quantity},
 *       quantity 1 when absent), in the reporting currency, in millionths; absent when no line has a cost or the
 *       order's currency has no exchange rate</li>
 *   <li>{@link #COSTED_MICROS}: beside it, what those same lines add to revenue (their {@code revenue}, else
 *       {@code price} × {@code quantity}), signed and converted like {@link #AMOUNT_MICROS}: the revenue whose cost
 *       is known</li>
 * </ul>
 */
public final class TimelineFields {

    public static final String PROFILE_ID = "profileId";
    public static final String TIMESTAMP = "timestamp";
    public static final String TYPE = "type";
    public static final String EVENT = "event";
    public static final String CHANNEL = "kpi.channel";
    public static final String CAMPAIGN = "kpi.campaign";
    public static final String ORDER_ID = "kpi.orderId";
    public static final String AMOUNT_MICROS = "kpi.amountMicros";
    public static final String NPS_SCORE = "kpi.npsScore";
    public static final String RATING_MICROS = "kpi.ratingMicros";
    public static final String PRODUCT_IDS = "kpi.productIds";
    public static final String REFUNDED_ORDER_ID = "kpi.refundedOrderId";
    public static final String COST_MICROS = "kpi.costMicros";
    public static final String COSTED_MICROS = "kpi.costedMicros";

    /** The inactivity that ends a session: the profile's session counters and reporting's sessions both use it. */
    public static final Duration SESSION_GAP = Duration.ofMinutes(30);

    /** Profiles: a merged-away profile's survivor (absent on live profiles). */
    public static final String PROFILE_MERGED_INTO = "mergedInto";
    public static final String PROFILE_ERASED = "erased";
    public static final String PROFILE_USER_ID = "userId";
    public static final String PROFILE_FIRST_SEEN = "firstSeen";
    public static final String PROFILE_FIRST_ORDER_AT = "commerce.firstOrderAt";

    private TimelineFields() {
    }

    /** The monthly timeline indices under a prefix. */
    public static String events(String indexPrefix) {
        return indexPrefix + "events-*";
    }

    public static String profiles(String indexPrefix) {
        return indexPrefix + "profiles";
    }
}
