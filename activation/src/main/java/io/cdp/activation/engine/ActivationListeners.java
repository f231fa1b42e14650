package io.cdp.activation.engine;

import java.util.List;
import java.util.Objects;

import lombok.RequiredArgsConstructor;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import io.cdp.platform.EventIngested;
import io.cdp.platform.Topics;
import io.cdp.platform.kafka.BatchListener;
import io.cdp.profile.ProfileErased;
import io.cdp.profile.ProfileEvent;
import io.cdp.segmentation.MembershipEvent;

/**
 * What activation consumes: memberships (stored as entries and reserved deliveries), events
 * (conversions) and profile erasures. Unreadable records arrive without a value: nothing to act on.
 * The ids name the containers as before; the consumer groups are the configured ones
 * ({@code consumer-group}, {@code conversion-group}, {@code erasure-group}), set by the container factories.
 */
@Component
@ConditionalOnProperty(prefix = "cdp.activation", name = "listeners-enabled", matchIfMissing = true)
@RequiredArgsConstructor
class ActivationListeners {

    private final MembershipProcessor memberships;
    private final ConversionProcessor conversions;
    private final Erasure erasure;

    @BatchListener(id = "activationMembershipContainer",
            topics = "${cdp.activation.memberships-topic:" + Topics.MEMBERSHIPS + "}",
            containerFactory = "activationMembershipListenerFactory")
    void memberships(List<ConsumerRecord<String, MembershipEvent>> records) {
        memberships.process(values(records));
    }

    @BatchListener(id = "activationConversionContainer",
            topics = "${cdp.activation.events-topic:" + Topics.EVENTS + "}",
            containerFactory = "activationConversionListenerFactory")
    void conversions(List<ConsumerRecord<String, EventIngested>> records) {
        conversions.process(values(records));
    }

    /** Deletes what activation holds about people the profile store erased. */
    @BatchListener(id = "activationErasureContainer",
            topics = "${cdp.activation.profile-changes-topic:" + Topics.PROFILE_CHANGES + "}",
            containerFactory = "activationErasureListenerFactory")
    void erasures(List<ConsumerRecord<String, ProfileEvent>> records) {
        erasure.erase(values(records).stream().filter(ProfileErased.class::isInstance)
                .flatMap(e -> Erasure.erasedIds((ProfileErased) e).stream()).distinct().toList());
    }

    private static <T> List<T> values(List<ConsumerRecord<String, T>> records) {
        return records.stream().map(ConsumerRecord::value).filter(Objects::nonNull).toList();
    }
}
