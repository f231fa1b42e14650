package io.cdp.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.cdp.localstack.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class LoginThrottleTest {

    /** Moved by hand, so that no test waits for a lock to pass. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LoginThrottle throttle = new LoginThrottle(defaults(), clock, registry);

    /** The defaults as the application binds them (5 per user and address, 20 per address, 1 to 15 minutes). */
    private static SecurityProperties defaults() {
        return new Binder(new MapConfigurationPropertySource())
                .bindOrCreate("cdp.security", Bindable.of(SecurityProperties.class));
    }

    private void fail(String username, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(username, address);
        }
    }

    @Test
    void fiveFailuresLockTheUserAtThatAddressForAMinuteAndEveryFurtherFailureDoublesTheLock() {
        fail("alice", "10.0.0.1", 4);
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isZero();

        throttle.failed("alice", "10.0.0.1");
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isEqualTo(Duration.ofMinutes(1));
        assertThat(throttle.retryAfter("ALICE", "10.0.0.1")).as("names ignore case").isEqualTo(Duration.ofMinutes(1));

        clock.advance(Duration.ofSeconds(61));
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isZero();
        throttle.failed("alice", "10.0.0.1");
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isEqualTo(Duration.ofMinutes(2));

        fail("alice", "10.0.0.1", 10);
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).as("capped").isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aLockedUserCanStillSignInFromAnotherAddressAndOtherUsersFromTheSameOne() {
        fail("alice", "10.0.0.1", 5);

        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isPositive();
        assertThat(throttle.retryAfter("alice", "10.0.0.2")).isZero();
        assertThat(throttle.retryAfter("bob", "10.0.0.1")).isZero();
    }

    @Test
    void aSuccessClearsTheUsersCountButNotTheAddressCount() {
        fail("alice", "10.0.0.1", 4);
        throttle.succeeded("alice", "10.0.0.1");
        fail("alice", "10.0.0.1", 4);
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isZero();

        for (int i = 0; i < 12; i++) {
            throttle.failed("user" + i, "10.0.0.1");
        }
        assertThat(throttle.retryAfter("carol", "10.0.0.1")).as("20 failures from one address")
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(throttle.retryAfter("carol", "10.0.0.2")).isZero();
    }

    @Test
    void failuresAreForgottenAnHourAfterTheLastOne() {
        fail("alice", "10.0.0.1", 4);
        clock.advance(Duration.ofMinutes(61));

        throttle.failed("alice", "10.0.0.1");

        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isZero();
    }

    @Test
    void countsFailuresAndThrottledAttemptsInMetrics() {
        fail("alice", "10.0.0.1", 5);
        throttle.retryAfter("alice", "10.0.0.1");
        throttle.retryAfter("alice", "10.0.0.1");

        assertThat(registry.get("cdp.security.login.failures").counter().count()).isEqualTo(5);
        assertThat(registry.get("cdp.security.login.throttled").counter().count()).isEqualTo(2);
    }
}
