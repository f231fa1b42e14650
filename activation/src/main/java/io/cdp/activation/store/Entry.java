package io.cdp.activation.store;

import java.time.Instant;

/**
 * One membership entry as activation saw it, keyed by entryId. Entered and exited events merge
 * their own fields in, so replays and reordering converge on the same document.
 */
public record Entry(String entryId, String segmentId, String profileId, Instant enteredAt, Instant exitedAt) {

    public boolean current() {
        return enteredAt != null && exitedAt == null;
    }
}
