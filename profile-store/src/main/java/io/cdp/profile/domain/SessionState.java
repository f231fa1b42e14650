package io.cdp.profile.domain;

import java.time.Duration;
import java.time.Instant;

import io.cdp.profile.TimelineFields;

/**
 * Sessions from page / screen views with a 30-minute inactivity gap. Closed sessions are kept as
 * totals; the open (latest) session stays explicit so that views arriving slightly out of order
 * still land in the right session.
 */
public class SessionState {

    public static final Duration GAP = TimelineFields.SESSION_GAP;

    public long closedCount;
    public long closedDurationMillis;
    public long closedBounces;
    public Instant openStart;
    public Instant openEnd;
    public long openViews;

    public void view(Instant at) {
        if (openStart == null) {
            open(at, at, 1);
        } else if (!at.isBefore(openStart.minus(GAP)) && !at.isAfter(openEnd.plus(GAP))) {
            openStart = min(openStart, at);
            openEnd = max(openEnd, at);
            openViews++;
        } else if (at.isAfter(openEnd)) {
            closeOpen();
            open(at, at, 1);
        } else {
            // A view long before the open session: a past session of its own.
            close(at, at, 1);
        }
    }

    /** Folds another profile's sessions in: totals add up, overlapping open sessions become one. */
    public void absorb(SessionState other) {
        closedCount += other.closedCount;
        closedDurationMillis += other.closedDurationMillis;
        closedBounces += other.closedBounces;
        if (other.openStart == null) {
            return;
        }
        if (openStart == null) {
            open(other.openStart, other.openEnd, other.openViews);
        } else if (!other.openStart.isAfter(openEnd.plus(GAP)) && !other.openEnd.isBefore(openStart.minus(GAP))) {
            open(min(openStart, other.openStart), max(openEnd, other.openEnd), openViews + other.openViews);
        } else if (other.openStart.isAfter(openEnd)) {
            closeOpen();
            open(other.openStart, other.openEnd, other.openViews);
        } else {
            close(other.openStart, other.openEnd, other.openViews);
        }
    }

    public long count() {
        return closedCount + (openStart == null ? 0 : 1);
    }

    public double averageDurationSeconds() {
        long count = count();
        if (count == 0) {
            return 0;
        }
        long total = closedDurationMillis + (openStart == null ? 0 : Duration.between(openStart, openEnd).toMillis());
        return total / 1000.0 / count;
    }

    public double bounceRate() {
        long count = count();
        if (count == 0) {
            return 0;
        }
        long bounces = closedBounces + (openStart != null && openViews == 1 ? 1 : 0);
        return (double) bounces / count;
    }

    private void open(Instant start, Instant end, long views) {
        openStart = start;
        openEnd = end;
        openViews = views;
    }

    private void closeOpen() {
        close(openStart, openEnd, openViews);
        openStart = null;
        openEnd = null;
        openViews = 0;
    }

    private void close(Instant start, Instant end, long views) {
        closedCount++;
        closedDurationMillis += Duration.between(start, end).toMillis();
        if (views == 1) {
            closedBounces++;
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
