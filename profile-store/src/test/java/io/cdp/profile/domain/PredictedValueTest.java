package io.cdp.profile.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class PredictedValueTest {

    private static final PredictedValue SCORED = new PredictedValue(120.5, 0.8, 2.5, 48.2, 9, "customer", "run-1",
            Instant.parse("2026-12-01T02:30:00Z"));

    @Test
    void theSameScoresFromALaterRunNeedNoWrite() {
        assertThat(new PredictedValue(120.5, 0.8, 2.5, 48.2, 9, "customer", "run-2",
                Instant.parse("2026-12-02T02:30:00Z")).sameScores(SCORED)).isTrue();
    }

    @Test
    void anyChangedScoreOrAFirstScoreIsAChange() {
        assertThat(new PredictedValue(120.5, 0.8, 2.5, 48.2, 10, "customer", "run-2", null).sameScores(SCORED))
                .isFalse();
        assertThat(new PredictedValue(120.5, 0.79, 2.5, 48.2, 9, "customer", "run-2", null).sameScores(SCORED))
                .isFalse();
        assertThat(SCORED.sameScores(null)).isFalse();
    }
}
