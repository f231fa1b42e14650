package io.cdp.profile;

import java.time.Instant;
import java.util.List;

import io.cdp.platform.Topics;

/**
 * Profiles were merged: {@code mergedIds} now redirect to {@code survivorId}. Published on
 * {@link Topics#PROFILE_CHANGES} keyed by the survivor id.
 */
public record ProfileMerged(ProfileId survivorId, List<ProfileId> mergedIds, Instant at) implements ProfileEvent {
}
