package io.cdp.profile;

import java.time.Instant;
import java.util.Set;

/**
 * A profile changed because of an event. Published on {@link Topics#PROFILE_CHANGES} keyed by the
 * profile id, after the change is durable in Elasticsearch. At-least-once: a replay may repeat it.
 *
 * @param changedFields top-level profile fields that changed (traits, commerce, sessions ...)
 */
public record ProfileChanged(ProfileId profileId, String causeMessageId, Set<String> changedFields, Instant at)
        implements ProfileEvent {
}
