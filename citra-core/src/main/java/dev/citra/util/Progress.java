package dev.citra.util;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * A one-line progress report for a long step ("Decoding train [=====>    ] 1200/5000 340/s ETA 0:11"),
 * redrawn at most ten times a second on a terminal and silent otherwise (logs, CI, tests), so
 * that minutes of work never pass without a sign. Takes the count done so far, from any thread.
 */
public final class Progress implements IntConsumer, AutoCloseable {
    /** Width of the bar in characters. */
    public static final int BAR_WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private final String label;
    private final int total;
    private final LongSupplier nanoTime;
    private final long start;
    private long lastDraw = Long.MIN_VALUE;
    private int lastWidth;

    /**
     * @param out where to draw (standard error for the console)
     * @param interactive whether {@code out} is a terminal; nothing is drawn when it is not
     * @param nanoTime the clock ({@code System::nanoTime})
     */
    public Progress(PrintStream out, boolean interactive, String label, int total, LongSupplier nanoTime) {
        this.out = out;
        this.interactive = interactive;
        this.label = label;
        this.total = total;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
    }

    /** On standard error when the program runs on a terminal ({@code System.console() != null}), else silent. */
    public static Progress onConsole(String label, int total) {
        return new Progress(System.err, System.console() != null, label, total, System::nanoTime);
    }

    /** {@code done} of the total are done; draws when due, and always on the last. */
    @Override
    public void accept(int done) {
        if (interactive) {
            draw(done);
        }
    }

    private synchronized void draw(int done) {
        long now = nanoTime.getAsLong();
        if (done < total && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double seconds = (now - start) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 ? clock((total - done) / rate) : "-";
        String line = String.format(Locale.ROOT, "%s [%s] %d/%d %s/s ETA %s", label, bar(done, total, BAR_WIDTH), done,
                total, rate >= 10 ? String.valueOf(Math.round(rate)) : String.format(Locale.ROOT, "%.1f", rate), eta);
        out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
        out.flush();
        lastWidth = line.length();
    }

    /** Clears the line, so that what is printed next starts on a clean one. */
    @Override
    public synchronized void close() {
        if (interactive && lastWidth > 0) {
            out.print("\r" + " ".repeat(lastWidth) + "\r");
            out.flush();
            lastWidth = 0;
        }
    }

    /** A Keras-style bar: {@code =====>     } for a part done, all {@code =} when complete. */
    public static String bar(int done, int total, int width) {
        int filled = total <= 0 ? width : (int) Math.round(width * Math.min(done, total) / (double) total);
        boolean complete = done >= total;
        return "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? complete ? "=" : ">" : "") + " ".repeat(width - filled);
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour. */
    public static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
