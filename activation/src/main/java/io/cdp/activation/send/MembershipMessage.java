package io.cdp.activation.send;

import java.util.Map;

import io.cdp.activation.domain.Activation;
import io.cdp.activation.domain.Delivery;
import io.cdp.profile.ProfileSnapshot;

/** What webhooks and the Kafka output carry for one membership change. */
record MembershipMessage(String type, String deliveryId, String activationId, String segmentId,
        String profileId, String entryId, String userId, Map<String, Object> traits) {

    static MembershipMessage of(Activation activation, Delivery delivery, ProfileSnapshot profile) {
        return new MembershipMessage("segment." + delivery.change(), delivery.key(), activation.id(),
                delivery.segmentId(), delivery.profileId(), delivery.entryId(), profile.userId(), profile.traits());
    }
}
