package io.cdp.profile.kafka;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import io.cdp.profile.EventIngested;
import io.cdp.profile.ProfileChanged;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileMerged;
import io.cdp.profile.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.cdp.profile.resolution.EventBatchProcessor;
import io.cdp.profile.resolution.ResolutionOutcome;

/** Publishes profile changes and merges to {@link Topics#PROFILE_CHANGES} and counts them. */
public final class KafkaChangeSink implements EventBatchProcessor.ChangeSink {

    private final KafkaTemplate<String, Object> template;
    private final Clock clock;
    private final Counter processed;
    private final Counter merges;
    private final Counter conflicts;
    /** Per consumer thread: each flushes only what its own batch sent. */
    private final ThreadLocal<List<CompletableFuture<SendResult<String, Object>>>> inFlight =
            ThreadLocal.withInitial(ArrayList::new);

    public KafkaChangeSink(KafkaTemplate<String, Object> template, MeterRegistry registry, Clock clock) {
        this.template = template;
        this.clock = clock;
        this.processed = registry.counter("cdp.profile.events.processed");
        this.merges = registry.counter("cdp.profile.merges");
        this.conflicts = registry.counter("cdp.profile.conflicts");
    }

    @Override
    public void applied(EventIngested event, ResolutionOutcome outcome) {
        processed.increment();
        conflicts.increment(outcome.conflicts());
        for (Map.Entry<String, List<String>> merge : outcome.merges().entrySet()) {
            merges.increment(merge.getValue().size());
            ProfileMerged merged = new ProfileMerged(ProfileId.of(merge.getKey()),
                    merge.getValue().stream().map(ProfileId::of).toList(), clock.instant());
            inFlight.get().add(template.send(Topics.PROFILE_CHANGES, merge.getKey(), merged));
        }
        if (!outcome.changedFields().isEmpty()) {
            ProfileChanged changed = new ProfileChanged(ProfileId.of(outcome.profileId()), event.messageId(),
                    outcome.changedFields(), clock.instant());
            inFlight.get().add(template.send(Topics.PROFILE_CHANGES, outcome.profileId(), changed));
        }
    }

    @Override
    public void flush() {
        try {
            for (CompletableFuture<SendResult<String, Object>> future : inFlight.get()) {
                future.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing profile changes", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("publishing profile changes failed", e);
        } finally {
            inFlight.get().clear();
        }
    }
}
