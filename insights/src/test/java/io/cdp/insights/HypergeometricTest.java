package io.cdp.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HypergeometricTest {

    @Test
    void agreesWithClosedForms() {
        for (double z : new double[] {0, 0.1, 0.5, 0.9, 0.99}) {
            // 2F1(1, 1; 2; z) = -ln(1 - z) / z and 2F1(a, b; b; z) = (1 - z)^-a
            double log = z == 0 ? 1 : -Math.log1p(-z) / z;
            assertThat(Hypergeometric.f21(1, 1, 2, z)).isCloseTo(log, within(1e-12 * log));
            assertThat(Hypergeometric.f21(2.5, 3, 3, z)).isCloseTo(Math.pow(1 - z, -2.5), within(1e-10 * Math.pow(1 - z, -2.5)));
        }
    }

    @Test
    void refusesArgumentsOutsideTheSeriesRadius() {
        assertThatThrownBy(() -> Hypergeometric.f21(1, 1, 2, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
