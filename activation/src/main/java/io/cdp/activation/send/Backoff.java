package io.cdp.activation.send;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter, never shorter than what the destination asked for in
 * Retry-After: many senders retrying together do not hit a recovering destination in step.
 */
public record Backoff(Duration initial, Duration max) {

    public Duration delay(int attempt, Duration retryAfter) {
        long cap = Math.min(max.toMillis(), initial.toMillis() << Math.min(Math.max(attempt - 1, 0), 20));
        long jittered = cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
        long floor = retryAfter == null ? 0 : retryAfter.toMillis();
        return Duration.ofMillis(Math.max(jittered, floor));
    }
}
