package dev.dspj.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The progress of {@code dspj run} on standard error: a bar on a terminal, else a line at every
 * tenth of the rows (for logs of jobs).
 */
final class RunProgress implements AutoCloseable {

    private final int total;
    private final @Nullable ProgressBar bar;
    private final @Nullable PrintWriter lines;
    private final AtomicInteger done = new AtomicInteger();

    private RunProgress(int total, @Nullable ProgressBar bar, @Nullable PrintWriter lines) {
        this.total = total;
        this.bar = bar;
        this.lines = lines;
    }

    /**
     * Opens the display.
     *
     * @param terminal whether to draw a bar
     * @param total rows to run
     * @param err standard error
     * @return the display
     */
    @SuppressWarnings("SystemOut") // the bar draws on the process's standard error, as the library does
    static RunProgress open(boolean terminal, int total, PrintWriter err) {
        if (terminal) {
            ProgressBar bar = new ProgressBarBuilder()
                    .setTaskName("dspj run")
                    .setInitialMax(total)
                    .setUpdateIntervalMillis(200)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .showSpeed()
                    .build();
            return new RunProgress(total, bar, null);
        }
        return new RunProgress(total, null, err);
    }

    /**
     * Counts a finished row.
     *
     * @param failed the rows failed so far
     */
    void step(int failed) {
        int now = done.incrementAndGet();
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(failed == 0 ? "" : failed + " failed");
        } else if (lines != null && (now == total || (total >= 10 && now % (total / 10) == 0))) {
            synchronized (lines) {
                lines.printf(
                        Locale.ROOT,
                        "dspj run: %d / %d rows (%d%%), %d failed%n",
                        now,
                        total,
                        100L * now / total,
                        failed);
                lines.flush();
            }
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
