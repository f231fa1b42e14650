package io.cdp.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ConsoleFormatTest {

    private final ConsoleFormat format = new ConsoleFormat();

    @Test
    void aDurationIsWrittenInTheUnitAReaderNeeds() {
        assertThat(format.duration(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(format.duration(Duration.ofMillis(4_249))).isEqualTo("4.2 s");
        assertThat(format.duration(Duration.ofSeconds(185))).isEqualTo("3 min 5 s");
    }
}
