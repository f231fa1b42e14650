package io.cdp.activation.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.cdp.localstack.MutableClock;

class CircuitBreakersTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final CircuitBreakers breakers = new CircuitBreakers(2, Duration.ofSeconds(30), clock, new FailureClassifier());
    private final AtomicInteger calls = new AtomicInteger();

    @Test
    void opensAfterConsecutiveTransientFailuresFailsFastThenLetsATrialThrough() {
        failWith(503);
        failWith(503);

        assertThatThrownBy(() -> breakers.call("meta", this::succeed)).isInstanceOf(CircuitOpenException.class);
        assertThat(calls).hasValue(2);
        assertThat(breakers.openUntil("meta")).contains(Instant.parse("2026-01-01T00:00:30Z"));
        assertThat(breakers.openUntil("google")).isEmpty();

        clock.advance(Duration.ofSeconds(31));
        assertThat(breakers.call("meta", this::succeed)).isEqualTo("ok");
        assertThat(breakers.openUntil("meta")).isEmpty();
        assertThat(breakers.call("meta", this::succeed)).isEqualTo("ok");
    }

    @Test
    void outcomesOfABatchSentWhileHealthyOpenTheCircuitLikeCallsAndASuccessResetsTheCount() {
        assertThat(breakers.healthy("smtp")).isTrue();
        breakers.record("smtp", new DestinationException(503, null, "unavailable"));
        assertThat(breakers.healthy("smtp")).isFalse();
        breakers.record("smtp", null);
        assertThat(breakers.healthy("smtp")).isTrue();

        breakers.record("smtp", new DestinationException(400, null, "refused"));
        assertThat(breakers.healthy("smtp")).as("a permanent failure says nothing about the destination's health")
                .isTrue();
        breakers.record("smtp", new DestinationException(503, null, "unavailable"));
        breakers.record("smtp", new DestinationException(503, null, "unavailable"));

        assertThat(breakers.openUntil("smtp")).contains(Instant.parse("2026-01-01T00:00:30Z"));
        assertThatThrownBy(() -> breakers.call("smtp", this::succeed)).isInstanceOf(CircuitOpenException.class);
        assertThat(calls).hasValue(0);
    }

    @Test
    void whenHalfOpenLetsOneTrialThroughAndTurnsTheOthersAwayUntilItAnswers() {
        failWith(503);
        failWith(503);
        clock.advance(Duration.ofSeconds(31));
        AtomicInteger turnedAway = new AtomicInteger();

        String trial = breakers.call("meta", () -> {
            // a second caller while the trial is under way
            assertThatThrownBy(() -> breakers.call("meta", this::succeed))
                    .isInstanceOfSatisfying(CircuitOpenException.class, e -> {
                        turnedAway.incrementAndGet();
                        assertThat(e.retryAfter()).isEqualTo(CircuitBreakers.TRIAL_WAIT);
                    });
            return succeed();
        });

        assertThat(trial).isEqualTo("ok");
        assertThat(turnedAway).hasValue(1);
        assertThat(calls).hasValue(3);
    }

    @Test
    void aFailedTrialOpensItAgainForTheWholePeriod() {
        failWith(503);
        failWith(503);
        clock.advance(Duration.ofSeconds(31));

        failWith(503);

        assertThat(breakers.openUntil("meta")).contains(clock.instant().plusSeconds(30));
        assertThatThrownBy(() -> breakers.call("meta", this::succeed)).isInstanceOf(CircuitOpenException.class);
        assertThat(calls).hasValue(3);
    }

    @Test
    void permanentFailuresDoNotOpenIt() {
        failWith(400);
        failWith(400);
        failWith(400);

        assertThat(breakers.openUntil("meta")).isEmpty();
        assertThat(breakers.call("meta", this::succeed)).isEqualTo("ok");
    }

    private void failWith(int status) {
        assertThatThrownBy(() -> breakers.call("meta", () -> {
            calls.incrementAndGet();
            throw new DestinationException(status, null, "meta answered HTTP " + status);
        })).isInstanceOf(DestinationException.class);
    }

    private String succeed() {
        calls.incrementAndGet();
        return "ok";
    }
}
