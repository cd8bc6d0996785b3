package dev.dspj.evaluate;

import java.util.Locale;
import java.util.function.Consumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** Shows an evaluation's progress and running score; {@link #NONE} shows nothing. */
interface ProgressDisplay extends AutoCloseable {

    /** Shows nothing. */
    ProgressDisplay NONE = new ProgressDisplay() {
        @Override
        public void update(int done, double total, int failed) {
        }

        @Override
        public void close() {
        }
    };

    /**
     * Reports one more finished example.
     *
     * @param done examples finished so far
     * @param total their summed score
     * @param failed how many of them failed
     */
    void update(int done, double total, int failed);

    @Override
    void close();

    /**
     * DSPy's running line, {@code Average Metric: 34.00 / 50 (68.0%)}, over the examples done.
     *
     * @param done examples finished
     * @param total their summed score
     * @return the text
     */
    static String runningScore(int done, double total) {
        return String.format(Locale.ROOT, "Average Metric: %.2f / %d (%.1f%%)", total, done,
                done == 0 ? 0.0 : 100 * total / done);
    }

    /**
     * A terminal progress bar (me.tongfei:progressbar) with the running score as its message.
     *
     * @param examples how many examples the run has
     * @param lines where rendered lines go, or null for the console
     * @return the display
     */
    static ProgressDisplay bar(int examples, Consumer<String> lines) {
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName("Evaluate").setInitialMax(examples)
                .setUpdateIntervalMillis(200);
        if (lines != null) {
            builder.setConsumer(new DelegatingProgressBarConsumer(lines, 160));
        }
        ProgressBar bar = builder.build();
        return new ProgressDisplay() {
            @Override
            public synchronized void update(int done, double total, int failed) {
                bar.stepTo(done);
                bar.setExtraMessage(runningScore(done, total) + (failed == 0 ? "" : ", " + failed + " failed"));
            }

            @Override
            public synchronized void close() {
                bar.close();
            }
        };
    }
}
