package io.cdp.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void rendersFilledShareCountsAndRate() {
        assertThat(ProgressBar.render("sending", 500, 1000, 2.0))
                .isEqualTo("sending      [###############---------------]  50% 500/1,000 250/s");
        assertThat(ProgressBar.render("sending", 1000, 1000, 0)).contains("100%").contains("0/s");
    }

    @Test
    void printsOneLinePerTenPercentWhenNotOnATerminal() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar("sending", 100, new PrintStream(buffer, true, StandardCharsets.UTF_8), false);

        for (int done = 0; done <= 100; done++) {
            bar.update(done);
        }
        bar.finish(100);

        String output = buffer.toString(StandardCharsets.UTF_8);
        assertThat(output).doesNotContain("\r");
        assertThat(output.lines()).hasSize(11);
    }
}
