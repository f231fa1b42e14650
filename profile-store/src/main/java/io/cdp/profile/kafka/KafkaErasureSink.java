package io.cdp.profile.kafka;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.kafka.core.KafkaTemplate;

import io.cdp.profile.ProfileErased;
import io.cdp.profile.ProfileId;
import io.cdp.platform.Topics;
import io.cdp.profile.web.ProfileQueries;

/** Publishes {@link ProfileErased} to {@link Topics#PROFILE_CHANGES}, keyed by the profile id, and waits for the ack. */
public final class KafkaErasureSink implements ProfileQueries.ErasureSink {

    private final KafkaTemplate<String, Object> template;
    private final Clock clock;

    public KafkaErasureSink(KafkaTemplate<String, Object> template, Clock clock) {
        this.template = template;
        this.clock = clock;
    }

    @Override
    public void erased(ProfileId profileId, List<ProfileId> mergedIds) {
        try {
            template.send(Topics.PROFILE_CHANGES, profileId.value(), new ProfileErased(profileId, mergedIds,
                    clock.instant())).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing an erasure", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("publishing an erasure failed", e);
        }
    }
}
