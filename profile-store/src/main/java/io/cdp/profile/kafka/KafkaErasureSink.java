package io.cdp.profile.kafka;

import java.time.Clock;
import java.util.List;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.cdp.platform.Topics;
import io.cdp.profile.ProfileErased;
import io.cdp.profile.ProfileId;
import io.cdp.profile.web.ProfileQueries;

/** Publishes {@link ProfileErased} to {@link Topics#PROFILE_CHANGES}, keyed by the profile id, and waits for the ack. */
@Component
final class KafkaErasureSink implements ProfileQueries.ErasureSink {

    private final KafkaTemplate<String, Object> template;
    private final Clock clock;

    KafkaErasureSink(KafkaTemplate<String, Object> platformKafkaTemplate, Clock clock) {
        this.template = platformKafkaTemplate;
        this.clock = clock;
    }

    @Override
    public void erased(ProfileId profileId, List<ProfileId> mergedIds) {
        Acknowledgements.await(List.of(template.send(Topics.PROFILE_CHANGES, profileId.value(),
                new ProfileErased(profileId, mergedIds, clock.instant()))), "publishing an erasure");
    }
}
