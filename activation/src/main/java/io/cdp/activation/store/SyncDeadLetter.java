package io.cdp.activation.store;

import java.time.Instant;
import java.util.List;

/**
 * An audience change a destination refused for good. Holds profile ids, not identifiers: a retry
 * reads the profiles again, so consent withdrawn meanwhile is honoured.
 */
public record SyncDeadLetter(String id, String activationId, List<String> adds, List<String> removes,
        String reason, Instant at) {
}
