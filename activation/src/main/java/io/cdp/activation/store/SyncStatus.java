package io.cdp.activation.store;

import java.time.Instant;

/** Progress of an audience's full sync. */
public record SyncStatus(String activationId, String state, long members, long skippedNoConsent,
        Instant startedAt, Instant finishedAt, String reason) {
}
