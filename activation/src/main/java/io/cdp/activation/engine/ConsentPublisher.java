package io.cdp.activation.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import io.cdp.activation.ActivationProperties;
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
@Component
public final class ConsentPublisher {

    public static final String SOURCE_ID = "activation";

    private final KafkaTemplate<String, Object> template;
    private final String topic;
    private final Profiles profiles;
    private final Clock clock;

    ConsentPublisher(@Qualifier("platformKafkaTemplate") KafkaTemplate<String, Object> template,
            ActivationProperties properties, Profiles profiles, Clock clock) {
        this.template = template;
        this.topic = properties.eventsTopic();
        this.profiles = profiles;
        this.clock = clock;
    }

    /**
     * The event as ingestion would have written it: userId when known (else anonymousId), so that it is
     * keyed and resolved like the person's own events; it happened and was received now.
     */
    private static EventIngested unsubscribed(String userId, String anonymousId, String channel, String activationId,
            Instant now) {
        String messageId = UUID.randomUUID().toString();
        String eventName = "Unsubscribed";
        String pageOrScreenName = null;
        String anonymousIdIfNoUser = userId == null ? anonymousId : null;
        String previousId = null;
        String groupId = null;
        Map<String, Object> traits = Map.of();
        Map<String, Object> properties = Map.of("channel", channel, "activationId", activationId);
        Map<String, Object> context = Map.of("consent", Map.of("categoryPreferences", Map.of(channel, false)));
        Map<String, Object> integrations = Map.of();
        return new EventIngested(messageId, SOURCE_ID, EventType.TRACK, eventName, pageOrScreenName, userId,
                anonymousIdIfNoUser, previousId, groupId, now, now, traits, properties, context, integrations);
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
        EventIngested event = unsubscribed(userId, anonymousId, channel, activationId, clock.instant());
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
