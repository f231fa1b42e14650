package io.cdp.segmentation;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileSnapshot;

/** Test fixture: a profile that holds nothing but its id, for code that only needs to name profiles. */
final class ProfileSnapshots {

    private ProfileSnapshots() {
    }

    static ProfileSnapshot of(ProfileId id) {
        return new ProfileSnapshot(id, null, List.of(), Map.of(), Map.of(), Set.of(), Set.of(), null, null,
                new ProfileSnapshot.Commerce(0, BigDecimal.ZERO, null, null, List.of(), 0, Map.of(), 0),
                new ProfileSnapshot.Sessions(0, 0, 0), Map.of(), List.of(), null);
    }

    static List<ProfileSnapshot> of(Collection<ProfileId> ids) {
        return ids.stream().map(ProfileSnapshots::of).toList();
    }
}
