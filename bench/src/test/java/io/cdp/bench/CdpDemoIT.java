package io.cdp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README's {@code ./cdp demo} as a user runs it: it starts the platform, replays the seeded
 * data set, prints what the platform built beside what the data set implies, and keeps the platform
 * running until Ctrl-C.
 */
class CdpDemoIT {

    /** A row of the demo's summary: label, built, expected. */
    private static final Pattern ROW = Pattern.compile("^ {2}(profiles|known \\(userId, email or phone\\)|anonymous|orders"
            + "|revenue \\(USD\\)) +([\\d,.]+) +([\\d,.]+)$", Pattern.MULTILINE);

    private CdpScript cdp;

    @BeforeEach
    void temporaryDataDirectoryAndFreePorts() throws IOException {
        cdp = new CdpScript("cdp-demo-it");
    }

    @AfterEach
    void stopWhatIsStillRunningAndDeleteTheData() throws InterruptedException {
        cdp.close();
    }

    @Test
    void buildsOneProfilePerPersonWithEveryOrderAndKeepsThePlatformRunningUntilCtrlC() throws Exception {
        Process running = cdp.startInBackground("demo", "--events", "800", "--seed", "7", "--wait-seconds", "120");
        String console = cdp.awaitConsole("the platform keeps running", Duration.ofMinutes(8));

        assertThat(console).contains("Created sources: web, app, pos, crm").contains("Imported exchange rates")
                .contains("Imported the CRM export").doesNotContain("Stopped waiting");
        Matcher row = ROW.matcher(console);
        int rows = 0;
        while (row.find()) {
            rows++;
            assertThat(row.group(2)).as("%s built vs expected", row.group(1)).isEqualTo(row.group(3));
        }
        assertThat(rows).as("summary rows in the console:%n%s", console).isEqualTo(5);
        assertThat(cdp.awaitUp().isUp()).as("the platform still answers after the demo").isTrue();

        int signal = cdp.stopLikeCtrlC();
        assertThat(running.waitFor(3, TimeUnit.MINUTES)).as("stopped within 3 minutes; see %s", cdp.log()).isTrue();
        assertThat(running.exitValue()).as("exit code; see %s", cdp.log()).isEqualTo(128 + signal);
    }
}
