package io.cdp.profile.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class SessionStateTest {

    private static final Instant T = Instant.parse("2026-01-10T12:00:00Z");

    private static Instant min(long minutes) {
        return T.plusSeconds(minutes * 60);
    }

    @Test
    void splitsSessionsAfterThirtyMinutesOfInactivity() {
        SessionState sessions = new SessionState();
        sessions.view(min(0));
        sessions.view(min(10));
        sessions.view(min(50));
        assertThat(sessions.count()).isEqualTo(2);
        assertThat(sessions.averageDurationSeconds()).isEqualTo(300.0);
        assertThat(sessions.bounceRate()).isEqualTo(0.5);
    }

    @Test
    void slightlyOutOfOrderViewsLandInTheOpenSession() {
        SessionState sessions = new SessionState();
        sessions.view(min(10));
        sessions.view(min(0));
        sessions.view(min(20));
        assertThat(sessions.count()).isEqualTo(1);
        assertThat(sessions.averageDurationSeconds()).isEqualTo(1200.0);
        assertThat(sessions.bounceRate()).isZero();
    }

    @Test
    void combinesOverlappingOpenSessionsOnMerge() {
        SessionState a = new SessionState();
        a.view(min(0));
        SessionState b = new SessionState();
        b.view(min(5));
        a.absorb(b);
        assertThat(a.count()).isEqualTo(1);
        assertThat(a.bounceRate()).isZero();
    }
}
