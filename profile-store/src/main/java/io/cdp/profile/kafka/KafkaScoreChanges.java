package io.cdp.profile.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.cdp.platform.Topics;
import io.cdp.profile.ProfileChanged;
import io.cdp.profile.clv.ClvRuns;

/** Announces the profiles a CLV run scored on {@link Topics#PROFILE_CHANGES}. */
@Component
final class KafkaScoreChanges implements ClvRuns.ChangeSink {

    private final KafkaTemplate<String, Object> template;

    KafkaScoreChanges(KafkaTemplate<String, Object> platformKafkaTemplate) {
        this.template = platformKafkaTemplate;
    }

    @Override
    public void publish(List<ProfileChanged> changes) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        changes.forEach(changed -> sends.add(template.send(Topics.PROFILE_CHANGES, changed.profileId().value(),
                changed)));
        Acknowledgements.await(sends, "publishing scored profiles");
    }
}
