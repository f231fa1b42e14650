package io.cdp.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ValueDecilesTest {

    @Test
    void topTenthOfTwentyValuesIsDecileTen() {
        double[] values = IntStream.rangeClosed(1, 20).mapToDouble(i -> i).toArray();

        ValueDeciles deciles = ValueDeciles.of(values.clone());

        assertThat(IntStream.rangeClosed(1, 20).map(i -> deciles.decile(i)).toArray())
                .containsExactly(1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10);
    }

    @Test
    void equalValuesShareADecile() {
        ValueDeciles deciles = ValueDeciles.of(new double[] {0, 0, 0, 0, 0, 0, 0, 0, 5, 9});

        assertThat(deciles.decile(0)).isEqualTo(deciles.decile(0.0)).isEqualTo(1);
        assertThat(deciles.decile(5)).isEqualTo(9);
        assertThat(deciles.decile(9)).isEqualTo(10);
    }
}
