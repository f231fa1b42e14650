package io.cdp.segmentation.membership;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.cdp.profile.ProfileId;
import io.cdp.segmentation.MembershipEvent;
import io.cdp.segmentation.SegmentEntered;
import io.cdp.segmentation.SegmentExited;
import io.cdp.segmentation.SegmentationProperties;
import io.cdp.segmentation.membership.MembershipDocument.Change;

/**
 * Publishes outbox changes as SegmentEntered / SegmentExited, keyed by profile id: all of a batch's sends, one
 * flush, then one wait for the acks.
 */
@Component
public final class MembershipPublisher {

    private final KafkaTemplate<String, Object> kafka;
    private final String topic;

    MembershipPublisher(@Qualifier("platformKafkaTemplate") KafkaTemplate<String, Object> kafka,
            SegmentationProperties properties) {
        this.kafka = kafka;
        this.topic = properties.membershipsTopic();
    }

    void publish(List<MembershipDocument> states) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (MembershipDocument state : states) {
            ProfileId profile = ProfileId.of(state.profileId());
            for (Change c : state.outbox()) {
                MembershipEvent event = c.entered()
                        ? new SegmentEntered(profile, c.segmentId(), c.entryId(), c.cause(), c.at())
                        : new SegmentExited(profile, c.segmentId(), c.entryId(), c.cause(), c.at());
                sends.add(kafka.send(topic, state.profileId(), event));
            }
        }
        if (sends.isEmpty()) {
            return;
        }
        // the batch is complete: send it now rather than after the producer's linger
        kafka.flush();
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing memberships", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new MembershipPublishException(e);
        }
    }

    /** Kafka did not acknowledge: transient, the batch is retried and republishes the same entry ids. */
    public static final class MembershipPublishException extends RuntimeException {
        MembershipPublishException(Throwable cause) {
            super("membership events not acknowledged", cause);
        }
    }
}
