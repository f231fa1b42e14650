package io.cdp.profile.store;

import java.time.Instant;
import java.util.Map;

import io.cdp.platform.EventIngested;
import io.cdp.platform.Sha256;

/** An event on a person's timeline, in the month index of its timestamp. */
public record EventDocument(String key, String messageId, String sourceId, String type, String event, String name,
        String userId, String anonymousId, String previousId, String groupId, Instant timestamp, Instant receivedAt,
        Instant processedAt, String profileId, Map<String, Object> traits, Map<String, Object> properties,
        Map<String, Object> context, Map<String, Object> integrations) {

    public static EventDocument of(EventIngested e, String profileId, Instant processedAt) {
        return of(e, keyOf(e), profileId, processedAt);
    }

    /** With the event's {@link #keyOf key} already at hand. */
    public static EventDocument of(EventIngested e, String key, String profileId, Instant processedAt) {
        return new EventDocument(key, e.messageId(), e.sourceId(), e.type().name(), e.event(), e.name(),
                e.userId(), e.anonymousId(), e.previousId(), e.groupId(), e.timestamp(), e.receivedAt(), processedAt,
                profileId, e.traits(), e.properties(), e.context(), e.integrations());
    }

    /** The exactly-once key: a client retry or a Kafka replay has the same source and messageId. */
    public static String keyOf(EventIngested e) {
        return Sha256.hex(e.sourceId() + "\u0000" + e.messageId(), 16);
    }
}
