package io.cdp.segmentation.store;

import java.time.Instant;

/**
 * A scheduled evaluation run in {@code cdp-segmentation-runs}. {@code cursor} is the last profile
 * id of the last page whose memberships are stored and published: a resumed run starts after it.
 *
 * @param status RUNNING, COMPLETED, CANCELLED or FAILED
 */
public record RunDocument(String id, String status, String trigger, long total, long processed, long changed,
        long failed, long pages, String cursor, boolean cancelRequested, String owner, Instant startedAt,
        Instant heartbeatAt, Instant finishedAt, String error) {

    public static final String RUNNING = "RUNNING";
    public static final String COMPLETED = "COMPLETED";
    public static final String CANCELLED = "CANCELLED";
    public static final String FAILED = "FAILED";

    public RunDocument page(String lastId, long size, long pageChanged, long pageFailed, Instant now) {
        return new RunDocument(id, status, trigger, total, processed + size, changed + pageChanged,
                failed + pageFailed, pages + 1, lastId, cancelRequested, owner, startedAt, now, finishedAt, error);
    }

    public RunDocument finished(String finalStatus, Instant now, String why) {
        return new RunDocument(id, finalStatus, trigger, total, processed, changed, failed, pages, cursor,
                cancelRequested, owner, startedAt, now, now, why);
    }

    public RunDocument ownedBy(String newOwner, Instant now) {
        return new RunDocument(id, status, trigger, total, processed, changed, failed, pages, cursor,
                cancelRequested, newOwner, startedAt, now, finishedAt, error);
    }

    public RunDocument cancelling() {
        return new RunDocument(id, status, trigger, total, processed, changed, failed, pages, cursor, true, owner,
                startedAt, heartbeatAt, finishedAt, error);
    }

    public boolean running() {
        return RUNNING.equals(status);
    }
}
