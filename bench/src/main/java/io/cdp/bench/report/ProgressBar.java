package io.cdp.bench.report;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line terminal progress bar redrawn in place; when the output is not a terminal (CI
 * logs, files) it prints a plain line every 10 % instead of carriage returns.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final String label;
    private final long total;
    private final PrintStream out;
    private final boolean interactive;
    private final long startNanos = System.nanoTime();
    private long lastDrawNanos;
    private long lastDecile = -1;

    public ProgressBar(String label, long total, PrintStream out, boolean interactive) {
        this.label = label;
        this.total = Math.max(total, 1);
        this.out = out;
        this.interactive = interactive;
    }

    public static ProgressBar onConsole(String label, long total) {
        return new ProgressBar(label, total, System.out, System.console() != null);
    }

    public synchronized void update(long done) {
        long now = System.nanoTime();
        double elapsed = (now - startNanos) / 1e9;
        if (interactive) {
            if (now - lastDrawNanos >= REDRAW_NANOS || done >= total) {
                lastDrawNanos = now;
                out.print("\r" + render(label, done, total, elapsed));
                out.flush();
            }
        } else {
            long decile = Math.min(10, done * 10 / total);
            if (decile > lastDecile) {
                lastDecile = decile;
                out.println(render(label, done, total, elapsed));
            }
        }
    }

    public synchronized void finish(long done) {
        update(done);
        if (interactive) {
            out.print("\r" + render(label, done, total, (System.nanoTime() - startNanos) / 1e9) + "\n");
        }
        out.flush();
    }

    static String render(String label, long done, long total, double elapsedSeconds) {
        double fraction = Math.min(1.0, Math.max(0.0, (double) done / total));
        int filled = (int) Math.round(fraction * WIDTH);
        long rate = elapsedSeconds > 0 ? Math.round(done / elapsedSeconds) : 0;
        return String.format(Locale.ROOT, "%-12s [%s%s] %3d%% %,d/%,d %,d/s", label, "#".repeat(filled),
                "-".repeat(WIDTH - filled), Math.round(fraction * 100), done, total, rate);
    }
}
