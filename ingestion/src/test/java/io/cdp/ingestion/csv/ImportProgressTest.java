package io.cdp.ingestion.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ImportProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void onATerminalRedrawsOneLineWithBarPercentRowsRateAndTimeLeft() {
        ImportProgress progress = new ImportProgress(out, true, "orders", nanos::get);

        progress.update(500, 2_000, 250);
        progress.update(2_000, 2_000, 400);
        progress.finish();

        assertThat(output()).isEqualTo("\rimport orders [######..................]  25%  500/2,000 rows  250 rows/s  ETA 0:06"
                + "\rimport orders [########################] 100%  2,000/2,000 rows  400 rows/s  ETA 0:00\n");
    }

    @Test
    void elsewherePrintsPlainLinesAtMostEveryTwoSecondsAndAlwaysTheLast() {
        ImportProgress progress = new ImportProgress(out, false, "spend", nanos::get);

        progress.update(500, 1_500, 500);
        nanos.addAndGet(1_000_000_000L);
        progress.update(1_000, 1_500, 500);
        nanos.addAndGet(500_000_000L);
        progress.update(1_500, 1_500, 500);
        progress.finish();

        assertThat(output()).isEqualTo("""
                import spend  33%  500/1,500 rows  500 rows/s  ETA 0:02
                import spend 100%  1,500/1,500 rows  500 rows/s  ETA 0:00
                """);
    }

    @Test
    void moreRowsThanCountedLinesNeverShowsOverAHundredPercent() {
        ImportProgress progress = new ImportProgress(out, false, "contacts", nanos::get);

        progress.update(12, 10, 6);
        progress.finish();

        assertThat(output()).isEqualTo("import contacts 100%  12/12 rows  6 rows/s  ETA 0:00\n");
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
