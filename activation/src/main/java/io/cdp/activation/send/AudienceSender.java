package io.cdp.activation.send;

import java.util.List;

import io.cdp.activation.domain.AudienceMember;
import io.cdp.activation.domain.Destination;

/**
 * Adds members to and removes them from a remote audience, in as many calls as the platform's
 * limits need. Both are idempotent on the platforms, so a replayed batch is harmless.
 */
public interface AudienceSender {

    void apply(Destination destination, String segmentId, List<AudienceMember> adds, List<AudienceMember> removes);

    /** Whether members need their traits; otherwise only identifiers and consent are read, a fraction of a profile. */
    default boolean needsTraits() {
        return false;
    }
}
