package io.cdp.activation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class HoldoutTest {

    @Test
    void theSameProfileIsAlwaysOnTheSameSide() {
        boolean first = Holdout.heldOut("p1", "a1", 10);

        assertThat(IntStream.range(0, 20).mapToObj(i -> Holdout.heldOut("p1", "a1", 10))).containsOnly(first);
    }

    @Test
    void theHeldOutShareMatchesThePercentage() {
        long held = IntStream.range(0, 20_000).filter(i -> Holdout.heldOut("profile-" + i, "a1", 10)).count();

        assertThat(held / 20_000.0).isCloseTo(0.10, within(0.01));
    }

    @Test
    void noHoldoutKeepsNobodyOut() {
        assertThat(IntStream.range(0, 1000).noneMatch(i -> Holdout.heldOut("p" + i, "a1", 0))).isTrue();
    }
}
