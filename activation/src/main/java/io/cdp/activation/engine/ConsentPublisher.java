package io.cdp.activation.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.kafka.core.KafkaTemplate;

import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;

/**
 * Records a withdrawn consent as an event in the pipeline, so the profile store folds it like any
 * other: a TRACK "Unsubscribed" with {@code context.consent.categoryPreferences = {channel: false}}
 * (what ProfileFolding reads), keyed like ingestion keys events.
 */
public final class ConsentPublisher {

    public static final String SOURCE_ID = "activation";

    private final KafkaTemplate<String, EventIngested> template;
    private final String topic;
    private final Profiles profiles;
    private final Clock clock;

    public ConsentPublisher(KafkaTemplate<String, EventIngested> template, String topic, Profiles profiles,
            Clock clock) {
        this.template = template;
        this.topic = topic;
        this.profiles = profiles;
        this.clock = clock;
    }

    /** False when the profile is gone (erased) or has no id an event can address. */
    public boolean withdraw(String profileId, String channel, String activationId) {
        Optional<ProfileSnapshot> profile = profiles.find(ProfileId.of(profileId));
        if (profile.isEmpty()) {
            return false;
        }
        String anonymousId = profile.get().identifier("anonymous_id").orElse(null);
        String userId = profile.get().userId();
        if (userId == null && anonymousId == null) {
            // every event carries one of them, so only blocked junk values end here; an event under a
            // made-up id would land on a new profile instead of this one
            return false;
        }
        Instant now = clock.instant();
        EventIngested event = new EventIngested(UUID.randomUUID().toString(), SOURCE_ID, EventType.TRACK,
                "Unsubscribed", null, userId, userId == null ? anonymousId : null, null, null, now, now, Map.of(),
                Map.of("channel", channel, "activationId", activationId),
                Map.of("consent", Map.of("categoryPreferences", Map.of(channel, false))), Map.of());
        try {
            template.send(topic, event.partitionKey(), event).get(30, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the consent change could not be stored in the event log", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
