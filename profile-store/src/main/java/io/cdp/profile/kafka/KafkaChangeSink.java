package io.cdp.profile.kafka;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.cdp.platform.Topics;
import io.cdp.profile.ProfileChanged;
import io.cdp.profile.ProfileMerged;
import io.cdp.profile.resolution.ChangeSet;
import io.cdp.profile.resolution.EventBatchProcessor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Publishes profile changes and merges to {@link Topics#PROFILE_CHANGES} and counts them, in the app's
 * meter registry when there is one.
 */
@Component
@ConditionalOnProperty(prefix = "cdp.profile", name = "listener-enabled", matchIfMissing = true)
final class KafkaChangeSink implements EventBatchProcessor.ChangeSink {

    private final KafkaTemplate<String, Object> template;
    private final Clock clock;
    private final Counter processed;
    private final Counter merges;
    private final Counter conflicts;
    private final DistributionSummary eventsPerProfile;

    KafkaChangeSink(KafkaTemplate<String, Object> platformKafkaTemplate, MeterRegistry registry, Clock clock) {
        this.template = platformKafkaTemplate;
        this.clock = clock;
        this.processed = registry.counter("cdp.profile.events.processed");
        this.merges = registry.counter("cdp.profile.merges");
        this.conflicts = registry.counter("cdp.profile.conflicts");
        this.eventsPerProfile = DistributionSummary.builder("cdp.profile.batch.events-per-profile")
                .description("events of one consumer batch written to one profile at once").register(registry);
    }

    /** Sends everything first and then waits once, so the producer batches the records. */
    @Override
    public void publish(ChangeSet changes) {
        Instant at = clock.instant();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (ProfileMerged merged : changes.profileMerges(at)) {
            sends.add(template.send(Topics.PROFILE_CHANGES, merged.survivorId().value(), merged));
        }
        for (ProfileChanged changed : changes.profileChanges(at)) {
            sends.add(template.send(Topics.PROFILE_CHANGES, changed.profileId().value(), changed));
        }
        Acknowledgements.await(sends, "publishing profile changes");
        processed.increment(changes.events());
        merges.increment(changes.mergedProfiles());
        conflicts.increment(changes.conflicts());
        changes.eventsPerProfile().forEach(eventsPerProfile::record);
    }
}
