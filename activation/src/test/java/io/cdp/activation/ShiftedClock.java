package io.cdp.activation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The app's clock in tests about time: real time shifted by an offset the test moves forward, so
 * leases and backoffs keep running while a test jumps hours (quiet hours, delays, an open circuit)
 * without waiting for them. Only ever moved forward, like a real clock.
 */
public final class ShiftedClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the app reads instants only");
    }

    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward");
        }
        offset.updateAndGet(o -> o.plus(by));
    }

    /** Moves to the next time the clock reads {@code local} in {@code zone}; returns that instant. */
    public Instant advanceTo(LocalTime local, ZoneId zone) {
        ZonedDateTime now = instant().atZone(zone);
        ZonedDateTime target = now.with(local);
        if (!target.isAfter(now)) {
            target = target.plusDays(1);
        }
        advance(Duration.between(now, target));
        return target.toInstant();
    }
}
