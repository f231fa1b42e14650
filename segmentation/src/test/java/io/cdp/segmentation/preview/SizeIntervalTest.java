package io.cdp.segmentation.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SizeIntervalTest {

    /**
     * The promise behind "95 % sure it is between …": whatever the true size, at least 95 % of the
     * samples a preview may draw give an interval that holds it. Computed exactly, over every
     * possible sample, with the hypergeometric probabilities from a table of log factorials.
     */
    @ParameterizedTest(name = "{1} of {0} profiles")
    @CsvSource({"50, 20", "200, 20", "1000, 100", "1000, 20", "5000, 200"})
    void holdsTheTrueSizeInAtLeast95PercentOfSamplesWhateverTheSize(int population, int sampleSize) {
        double[] logFactorial = new double[population + 1];
        for (int i = 1; i <= population; i++) {
            logFactorial[i] = logFactorial[i - 1] + Math.log(i);
        }
        SizeInterval[] byMatches = new SizeInterval[sampleSize + 1];
        for (int k = 0; k <= sampleSize; k++) {
            byMatches[k] = SizeInterval.of(k, sampleSize, population);
        }
        double worst = 1;
        for (int size = 0; size <= population; size++) {
            double holding = 0;
            for (int k = Math.max(0, sampleSize - (population - size)); k <= Math.min(sampleSize, size); k++) {
                double p = Math.exp(logChoose(logFactorial, size, k)
                        + logChoose(logFactorial, population - size, sampleSize - k)
                        - logChoose(logFactorial, population, sampleSize));
                holding += byMatches[k].low() <= size && size <= byMatches[k].high() ? p : 0;
            }
            worst = Math.min(worst, holding);
        }
        assertThat(worst).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void aSampleWithoutMatchesLeavesRoomForARareSegmentButNotForALargeOne() {
        SizeInterval none = SizeInterval.of(0, 2000, 1_000_000);

        assertThat(none.low()).isZero();
        // -ln(0.025) / 2000 of a million: the "rule of three" at 97.5 %
        assertThat(none.high()).isBetween(1_800L, 1_900L);
    }

    @Test
    void aSampleOfOnlyMatchesReachesTheWholePopulation() {
        SizeInterval all = SizeInterval.of(20, 20, 50);

        assertThat(all.high()).isEqualTo(50);
        assertThat(all.low()).isBetween(20L, 50L);
    }

    @Test
    void intervalsHoldTheirOwnEstimateAndNarrowAsTheSampleGrows() {
        SizeInterval small = SizeInterval.of(10, 100, 100_000);
        SizeInterval large = SizeInterval.of(100, 1000, 100_000);

        assertThat(small.low()).isLessThan(10_000L);
        assertThat(small.high()).isGreaterThan(10_000L);
        assertThat(large.low()).isGreaterThan(small.low());
        assertThat(large.high()).isLessThan(small.high());
    }

    @Test
    void refusesASampleThatCannotComeFromThePopulation() {
        assertThatThrownBy(() -> SizeInterval.of(21, 20, 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SizeInterval.of(1, 60, 50)).isInstanceOf(IllegalArgumentException.class);
    }

    private static double logChoose(double[] logFactorial, int n, int k) {
        return logFactorial[n] - logFactorial[k] - logFactorial[n - k];
    }
}
