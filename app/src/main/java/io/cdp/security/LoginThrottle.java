package io.cdp.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Failed password logins, counted per username and client address and per client address alone (see
 * {@link SecurityProperties.Login}). Locks are temporary and a username is locked only at the address
 * that failed, so that nobody can lock a user out everywhere by guessing wrong on purpose; the
 * per-address count, which a success does not clear, stops one address from trying many usernames.
 * Keys are digests: nothing here holds a username, and a long one costs no more memory.
 */
@Component
class LoginThrottle {

    private static final int MAX_TRACKED = 100_000;

    private final SecurityProperties.Login settings;
    private final Clock clock;
    private final Cache<String, Failures> failures;
    private final Counter failed;
    private final Counter throttled;

    private record Failures(int count, Instant lockedUntil) {
    }

    LoginThrottle(SecurityProperties properties, Clock clock, MeterRegistry registry) {
        this.settings = properties.login();
        this.clock = clock;
        Duration forget = settings.forgetAfter().compareTo(settings.maxLock()) > 0 ? settings.forgetAfter()
                : settings.maxLock();
        this.failures = Caffeine.newBuilder().maximumSize(MAX_TRACKED).expireAfterWrite(forget)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
        this.failed = Counter.builder("cdp.security.login.failures")
                .description("password logins refused for wrong credentials").register(registry);
        this.throttled = Counter.builder("cdp.security.login.throttled")
                .description("password logins refused unchecked because of earlier failures").register(registry);
    }

    /** How long this login must wait before its password is checked; zero when it may go ahead now. */
    Duration retryAfter(String username, String address) {
        Instant now = clock.instant();
        Duration wait = remaining(userKey(username, address), now);
        Duration addressWait = remaining(addressKey(address), now);
        Duration longest = addressWait.compareTo(wait) > 0 ? addressWait : wait;
        if (!longest.isZero()) {
            throttled.increment();
        }
        return longest;
    }

    void failed(String username, String address) {
        failed.increment();
        Instant now = clock.instant();
        count(userKey(username, address), settings.maxFailuresPerUser(), now);
        count(addressKey(address), settings.maxFailuresPerAddress(), now);
    }

    void succeeded(String username, String address) {
        failures.invalidate(userKey(username, address));
    }

    private Duration remaining(String key, Instant now) {
        Failures known = failures.getIfPresent(key);
        if (known == null || known.lockedUntil() == null || !known.lockedUntil().isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(now, known.lockedUntil());
    }

    private void count(String key, int threshold, Instant now) {
        failures.asMap().compute(key, (k, previous) -> {
            int count = previous == null ? 1 : previous.count() + 1;
            return new Failures(count, count < threshold ? null : now.plus(lock(count - threshold)));
        });
    }

    /** {@code lockFor}, doubled for every failure beyond the threshold, at most {@code maxLock}. */
    private Duration lock(int beyondThreshold) {
        Duration lock = settings.lockFor();
        for (int i = 0; i < beyondThreshold && lock.compareTo(settings.maxLock()) < 0; i++) {
            lock = lock.multipliedBy(2);
        }
        return lock.compareTo(settings.maxLock()) > 0 ? settings.maxLock() : lock;
    }

    private static String userKey(String username, String address) {
        return "user:" + Credentials.sha256(UserAccount.key(username) + "\n" + address);
    }

    private static String addressKey(String address) {
        return "address:" + Credentials.sha256(address);
    }
}
