package io.cdp.activation.store;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A conversion event of a member, attributed to one membership entry; id = messageId + entryId. A refund of an
 * attributed order is one too, attributed to the order's entries, with its amount negative: the activation's
 * revenue is net of refunds, as the profile's and reporting's are.
 *
 * @param orderId the order's {@code order_id} (null when the event named none, and in conversions stored before
 *                it was kept)
 */
public record Conversion(String id, String messageId, String segmentId, String entryId, String profileId,
        String event, Instant at, BigDecimal revenue, String orderId) {

    public static final String REFUND = "Order Refunded";

    public boolean refund() {
        return REFUND.equals(event);
    }
}
