package io.minqing.contract;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress lines for long work, one per finished step: {@code [2/5] ingest cases … 1.2M rows, 14 s}.
 * Written to the given stream (the CLI passes stdout); never to the log, so {@code --verbose} does not change them.
 */
public final class Progress {

    private final PrintStream out;
    private final int total;
    private int step;
    private long startedNanos;

    public Progress(PrintStream out, int total) {
        this.out = out;
        this.total = total;
    }

    /** Marks the start of the next step. */
    public void start() {
        step++;
        startedNanos = System.nanoTime();
    }

    /** Prints the line of the step begun by {@link #start()}. */
    public void done(String what, long rows, String unit) {
        double secs = (System.nanoTime() - startedNanos) / 1e9;
        out.printf(Locale.ROOT, "[%d/%d] %s … %s %s, %s%n", step, total, what, humanCount(rows), unit, humanSeconds(secs));
        out.flush();
    }

    public static String humanCount(long n) {
        if (n >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        }
        if (n >= 10_000) {
            return String.format(Locale.ROOT, "%.0fk", n / 1e3);
        }
        return Long.toString(n);
    }

    public static String humanSeconds(double s) {
        if (s < 10) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        if (s < 120) {
            return String.format(Locale.ROOT, "%.0f s", s);
        }
        return String.format(Locale.ROOT, "%d min %02d s", (long) s / 60, (long) s % 60);
    }
}
