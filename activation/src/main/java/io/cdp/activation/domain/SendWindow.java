package io.cdp.activation.domain;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import io.cdp.platform.InvalidValueException;

/**
 * Local times at which sending is allowed: from {@code start} (inclusive) to {@code end}
 * (exclusive), wrapping midnight when start is after end. Quiet hours are the complement.
 */
public record SendWindow(LocalTime start, LocalTime end, ZoneId zone) {

    public SendWindow {
        if (start == null || end == null || zone == null) {
            throw new InvalidValueException("sendWindow", "required", "a send window needs start, end and zone");
        }
        if (start.equals(end)) {
            throw new InvalidValueException("sendWindow", "nonEmpty", "a send window's start and end differ");
        }
    }

    /** The window outside quiet hours that run from {@code quietStart} to {@code quietEnd}. */
    public static SendWindow outsideQuietHours(LocalTime quietStart, LocalTime quietEnd, ZoneId zone) {
        return new SendWindow(quietEnd, quietStart, zone);
    }

    public boolean allows(Instant at) {
        LocalTime local = at.atZone(zone).toLocalTime();
        return start.isBefore(end)
                ? !local.isBefore(start) && local.isBefore(end)
                : !local.isBefore(start) || local.isBefore(end);
    }

    /** {@code at} itself when allowed, else the next opening of the window. */
    public Instant nextAllowed(Instant at) {
        if (allows(at)) {
            return at;
        }
        ZonedDateTime local = at.atZone(zone);
        ZonedDateTime opening = local.with(start);
        if (!opening.isAfter(local)) {
            opening = opening.plusDays(1);
        }
        return opening.toInstant();
    }
}
