package io.cdp.bench.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenLoopSenderTest {

    @Test
    void batchesAreDueAtEvenIntervalsOfTheOfferedRate() {
        assertThat(OpenLoopSender.dueNanos(0, 10, 1_000)).isZero();
        assertThat(OpenLoopSender.dueNanos(1, 10, 1_000)).isEqualTo(10_000_000L);
        assertThat(OpenLoopSender.dueNanos(100, 10, 1_000)).isEqualTo(1_000_000_000L);
        assertThat(OpenLoopSender.dueNanos(3, 1, 3)).isEqualTo(1_000_000_000L);
    }
}
