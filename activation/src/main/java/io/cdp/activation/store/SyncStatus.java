package io.cdp.activation.store;

import java.time.Instant;

/**
 * Progress of an audience's full sync, saved after every page so that a sync whose instance died
 * is resumed after its last finished page.
 *
 * @param total            entries of the segment when the sync started (what {@code scanned} runs up to)
 * @param pages            pages finished
 * @param scanned          entries scanned
 * @param added            members with consent sent as adds
 * @param removed          people sent as removes: former members and members without consent
 * @param removedNoConsent of the removed, current members without consent
 * @param cursor           entryId of the last finished page's last entry; the scan resumes after it
 * @param owner            the instance running it; null while it waits to be resumed
 * @param heartbeatAt      last progress; a running sync silent for the lease is taken over
 * @param reason           why it failed, or why it is waiting to be resumed
 */
public record SyncStatus(String activationId, String state, long total, long pages, long scanned, long added,
        long removed, long removedNoConsent, String cursor, String owner, Instant startedAt, Instant heartbeatAt,
        Instant finishedAt, String reason) {

    public static final String RUNNING = "RUNNING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";

    public static SyncStatus started(String activationId, long total, String owner, Instant now) {
        return new SyncStatus(activationId, RUNNING, total, 0, 0, 0, 0, 0, null, owner, now, now, null, null);
    }

    public boolean running() {
        return RUNNING.equals(state);
    }

    public SyncStatus page(String lastEntryId, int entries, long pageAdded, long pageRemoved, long pageNoConsent,
            Instant now) {
        return new SyncStatus(activationId, state, total, pages + 1, scanned + entries, added + pageAdded,
                removed + pageRemoved, removedNoConsent + pageNoConsent, lastEntryId, owner, startedAt, now,
                finishedAt, null);
    }

    public SyncStatus withReason(String shownReason) {
        return new SyncStatus(activationId, state, total, pages, scanned, added, removed, removedNoConsent, cursor,
                owner, startedAt, heartbeatAt, finishedAt, shownReason);
    }

    public SyncStatus ownedBy(String newOwner, Instant now) {
        return new SyncStatus(activationId, state, total, pages, scanned, added, removed, removedNoConsent, cursor,
                newOwner, startedAt, now, finishedAt, reason);
    }

    /** Stopped by a failure that may pass (destination or Elasticsearch unavailable): resumed later. */
    public SyncStatus interrupted(String why) {
        return new SyncStatus(activationId, state, total, pages, scanned, added, removed, removedNoConsent, cursor,
                null, startedAt, heartbeatAt, finishedAt, why);
    }

    public SyncStatus finished(String finalState, Instant now, String why) {
        return new SyncStatus(activationId, finalState, total, pages, scanned, added, removed, removedNoConsent,
                cursor, null, startedAt, now, now, why);
    }
}
