package io.cdp.activation.store;

import java.math.BigDecimal;
import java.time.Instant;

/** A conversion event of a member, attributed to one membership entry; id = messageId + entryId. */
public record Conversion(String id, String messageId, String segmentId, String entryId, String profileId,
        String event, Instant at, BigDecimal revenue) {
}
