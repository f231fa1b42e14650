package io.cdp.profile;

import java.time.Instant;
import java.util.Set;

import io.cdp.platform.Topics;

/**
 * A profile changed because of an event. Published on {@link Topics#PROFILE_CHANGES} keyed by the
 * profile id, after the change and the event on the timeline are durable in Elasticsearch (the event is
 * countable through {@link EventCounts} after a refresh). At-least-once: a replay may repeat it.
 *
 * @param changedFields top-level profile fields that changed (traits, commerce, sessions ...); empty when
 *                      the change is announced again for a replayed event (the fields are not known any more)
 */
public record ProfileChanged(ProfileId profileId, String causeMessageId, Set<String> changedFields, Instant at)
        implements ProfileEvent {
}
