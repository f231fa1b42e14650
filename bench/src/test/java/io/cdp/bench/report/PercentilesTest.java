package io.cdp.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankReturnsObservedValues() {
        Percentiles percentiles = new Percentiles(LongStream.rangeClosed(1, 100).map(i -> 101 - i).toArray());

        assertThat(percentiles.at(50)).isEqualTo(50);
        assertThat(percentiles.at(99)).isEqualTo(99);
        assertThat(percentiles.at(100)).isEqualTo(100);
        assertThat(percentiles.max()).isEqualTo(100);
        assertThat(percentiles.count()).isEqualTo(100);
    }

    @Test
    void smallSamplesRoundTheRankUp() {
        Percentiles percentiles = new Percentiles(new long[] {30, 10, 20});

        assertThat(percentiles.at(50)).isEqualTo(20);
        assertThat(percentiles.at(99)).isEqualTo(30);
        assertThat(percentiles.at(1)).isEqualTo(10);
    }

    @Test
    void rejectsEmptySamplesAndPercentsOutOfRange() {
        assertThatThrownBy(() -> new Percentiles(new long[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Percentiles(new long[] {1}).at(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Percentiles(new long[] {1}).at(101)).isInstanceOf(IllegalArgumentException.class);
    }
}
