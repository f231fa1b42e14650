package io.cdp.activation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LiftTest {

    /**
     * Newcombe (1998), "Interval estimation for the difference between independent proportions: comparison
     * of eleven methods", Statistics in Medicine 17, Table II, method 10 (hybrid score, no continuity
     * correction), published to four decimals: ordinary rates, a zero, zeros on both sides and rates of 1.
     */
    @ParameterizedTest(name = "{0}/{1} - {2}/{3} = [{4}, {5}]")
    @CsvSource({
            "56, 70, 48, 80, 0.0524, 0.3339",
            "9, 10, 3, 10, 0.1705, 0.8090",
            "5, 56, 0, 29, -0.0381, 0.1926",
            "0, 10, 0, 20, -0.1611, 0.2775",
            "0, 10, 0, 10, -0.2775, 0.2775",
            "10, 10, 0, 20, 0.6791, 1.0000",
            "10, 10, 0, 10, 0.6075, 1.0000"})
    void theIntervalIsNewcombesHybridScoreIntervalAsPublished(long treatedConverted, long treated,
            long holdoutConverted, long holdout, double low, double high) {
        Lift lift = Lift.of(treatedConverted, treated, holdoutConverted, holdout);

        assertThat(lift.ciLow()).isCloseTo(low, within(0.00005));
        assertThat(lift.ciHigh()).isCloseTo(high, within(0.00005));
        assertThat(lift.lift()).isCloseTo((double) treatedConverted / treated - (double) holdoutConverted / holdout,
                within(1e-12));
    }

    @Test
    void threeOfThreeAgainstNoneOfTwoKeepsAWideInterval() {
        Lift lift = Lift.of(3, 3, 0, 2);

        assertThat(lift.lift()).isEqualTo(1.0);
        assertThat(lift.ciHigh() - lift.ciLow()).isGreaterThan(0.8);
    }

    @Test
    void anIntervalThatContainsZeroIsNotSignificantAndOneAboveZeroIs() {
        assertThat(Lift.of(0, 10, 0, 20).significant()).isFalse();
        assertThat(Lift.of(56, 70, 48, 80).significant()).isTrue();
    }

    @Test
    void anEmptyGroupGivesNoEstimate() {
        Lift lift = Lift.of(3, 10, 0, 0);

        assertThat(lift.treatedRate()).isCloseTo(0.3, within(1e-12));
        assertThat(lift.lift()).isZero();
        assertThat(lift.significant()).isFalse();
    }
}
