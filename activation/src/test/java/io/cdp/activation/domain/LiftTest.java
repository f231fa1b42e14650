package io.cdp.activation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LiftTest {

    @Test
    void liftIsTheDifferenceOfConversionRatesWithANormalApproximationInterval() {
        // by hand: pT = 200/1000 = 0.2, pH = 15/100 = 0.15, lift 0.05,
        // se = sqrt(0.2*0.8/1000 + 0.15*0.85/100) = sqrt(0.001435) = 0.0378814, ±1.96 se = ±0.0742462
        Lift lift = Lift.of(200, 1000, 15, 100);

        assertThat(lift.treatedRate()).isCloseTo(0.2, within(1e-12));
        assertThat(lift.holdoutRate()).isCloseTo(0.15, within(1e-12));
        assertThat(lift.lift()).isCloseTo(0.05, within(1e-12));
        assertThat(lift.ciLow()).isCloseTo(-0.0242462, within(1e-6));
        assertThat(lift.ciHigh()).isCloseTo(0.1242462, within(1e-6));
        assertThat(lift.significant()).isFalse();
    }

    @Test
    void anIntervalAboveZeroIsSignificant() {
        // pT = 150/500 = 0.3, pH = 80/400 = 0.2; se = sqrt(0.21/500 + 0.16/400) = 0.0286356
        Lift lift = Lift.of(150, 500, 80, 400);

        assertThat(lift.lift()).isCloseTo(0.1, within(1e-12));
        assertThat(lift.ciLow()).isCloseTo(0.0438752, within(1e-6));
        assertThat(lift.ciHigh()).isCloseTo(0.1561248, within(1e-6));
        assertThat(lift.significant()).isTrue();
    }

    @Test
    void anEmptyGroupGivesNoEstimate() {
        Lift lift = Lift.of(3, 10, 0, 0);

        assertThat(lift.treatedRate()).isCloseTo(0.3, within(1e-12));
        assertThat(lift.lift()).isZero();
        assertThat(lift.significant()).isFalse();
    }
}
