package io.cdp.profile.kafka;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.kafka.core.KafkaTemplate;

import io.cdp.profile.ProfileChanged;
import io.cdp.profile.ProfileMerged;
import io.cdp.platform.Topics;
import io.cdp.profile.resolution.ChangeSet;
import io.cdp.profile.resolution.EventBatchProcessor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Publishes profile changes and merges to {@link Topics#PROFILE_CHANGES} and counts them. */
public final class KafkaChangeSink implements EventBatchProcessor.ChangeSink {

    private final KafkaTemplate<String, Object> template;
    private final Clock clock;
    private final Counter processed;
    private final Counter merges;
    private final Counter conflicts;

    public KafkaChangeSink(KafkaTemplate<String, Object> template, MeterRegistry registry, Clock clock) {
        this.template = template;
        this.clock = clock;
        this.processed = registry.counter("cdp.profile.events.processed");
        this.merges = registry.counter("cdp.profile.merges");
        this.conflicts = registry.counter("cdp.profile.conflicts");
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
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing profile changes", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("publishing profile changes failed", e);
        }
        processed.increment(changes.events());
        merges.increment(changes.mergedProfiles());
        conflicts.increment(changes.conflicts());
    }
}
