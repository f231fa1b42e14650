package io.cdp.activation.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    @Test
    void delaysGrowExponentiallyWithJitterUpToTheCap() {
        for (int i = 0; i < 50; i++) {
            assertThat(backoff.delay(1, null)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
            assertThat(backoff.delay(4, null)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
            assertThat(backoff.delay(30, null)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
        }
    }

    @Test
    void retryAfterIsNeverUndercut() {
        assertThat(backoff.delay(1, Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(20));
    }
}
