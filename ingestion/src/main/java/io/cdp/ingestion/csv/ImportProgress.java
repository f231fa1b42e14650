package io.cdp.ingestion.csv;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

import lombok.RequiredArgsConstructor;

/**
 * The import's progress on stdout. On a terminal one line redrawn in place ({@code \r}): a bar,
 * percent, rows, rows/s and the time left. Otherwise (a log file, a pipe, CI) a plain line at most
 * every {@link #PLAIN_EVERY}, and always the last one, so that logs stay readable.
 */
@RequiredArgsConstructor
final class ImportProgress implements CsvImporter.Progress {

    static final Duration PLAIN_EVERY = Duration.ofSeconds(2);
    private static final int BAR = 24;

    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private final LongSupplier nanoTime;
    private long lastPrinted = Long.MIN_VALUE;
    private String pending;
    private int width;

    @Override
    public void update(long done, long total, double rowsPerSecond) {
        String line = line(done, total, rowsPerSecond);
        if (terminal) {
            // spaces over what a longer previous line left behind
            out.print('\r' + line + " ".repeat(Math.max(0, width - line.length())));
            out.flush();
            width = Math.max(width, line.length());
            return;
        }
        long now = nanoTime.getAsLong();
        if (lastPrinted == Long.MIN_VALUE || now - lastPrinted >= PLAIN_EVERY.toNanos()) {
            out.println(line);
            lastPrinted = now;
            pending = null;
        } else {
            pending = line;
        }
    }

    /** Ends the progress display: the final state stays on screen (or in the log) on its own line. */
    void finish() {
        if (terminal) {
            out.println();
        } else if (pending != null) {
            out.println(pending);
        }
        pending = null;
    }

    private String line(long done, long total, double rowsPerSecond) {
        // the total is counted from lines: quoted multi-line cells can make it short
        long known = Math.max(total, done);
        int percent = known <= 0 ? 100 : (int) (done * 100 / known);
        StringBuilder line = new StringBuilder("import ").append(label).append(' ');
        if (terminal) {
            int filled = percent * BAR / 100;
            line.append('[').append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ");
        }
        line.append(String.format(Locale.ROOT, "%3d%%  %,d/%,d rows  %,.0f rows/s  ETA %s", percent, done, known,
                rowsPerSecond, eta(known - done, rowsPerSecond)));
        return line.toString();
    }

    private static String eta(long left, double rowsPerSecond) {
        if (left <= 0) {
            return "0:00";
        }
        if (rowsPerSecond <= 0) {
            return "?";
        }
        long seconds = (long) Math.ceil(left / rowsPerSecond);
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
