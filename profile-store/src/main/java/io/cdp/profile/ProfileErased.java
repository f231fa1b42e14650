package io.cdp.profile;

import java.time.Instant;
import java.util.List;

import io.cdp.platform.Topics;

/**
 * A person was erased on request (GDPR): the profile and {@code mergedIds}, the profiles merged into it
 * earlier, are gone. Published on {@link Topics#PROFILE_CHANGES} keyed by the profile id once the person's
 * identities, events and merged profiles are deleted, so that every module deletes what it holds about
 * them too. A repeated erase publishes it again.
 */
public record ProfileErased(ProfileId profileId, List<ProfileId> mergedIds, Instant at) implements ProfileEvent {

    public ProfileErased {
        mergedIds = mergedIds == null ? List.of() : List.copyOf(mergedIds);
    }
}
