package io.cdp.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ChildProcessTest {

    @Test
    void aServerGetsItsUsualStartTimeUnlessTheVariableGivesSeconds() {
        assertThat(ChildProcess.startTimeout(null, Duration.ofMinutes(3))).isEqualTo(Duration.ofMinutes(3));
        assertThat(ChildProcess.startTimeout(" ", Duration.ofMinutes(3))).isEqualTo(Duration.ofMinutes(3));
        assertThat(ChildProcess.startTimeout("600", Duration.ofMinutes(3))).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void refusesATimeoutThatIsNoNumberOfSeconds() {
        assertThatThrownBy(() -> ChildProcess.startTimeout("10m", Duration.ofMinutes(3)))
                .hasMessageContaining("CDP_STACK_START_TIMEOUT must be a number of seconds, was 10m");
    }
}
