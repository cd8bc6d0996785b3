package dev.dspj.evaluate;

import java.util.Locale;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Shows a run's progress and running score; {@link #NONE} shows nothing.
 *
 * <p>{@link #open} uses the {@link Factory} on the class path ({@code dspj-console} registers a
 * terminal progress bar; {@code dspj-runtime} brings it), else prints DSPy's running line at every
 * tenth of the run.
 */
public interface ProgressDisplay extends AutoCloseable {

    /** Shows nothing. */
    ProgressDisplay NONE = new ProgressDisplay() {
        @Override
        public void update(int done, double total, int failed) {}

        @Override
        public void close() {}
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
        return String.format(
                Locale.ROOT, "Average Metric: %.2f / %d (%.1f%%)", total, done, done == 0 ? 0.0 : 100 * total / done);
    }

    /**
     * Opens a display with the registered {@link Factory}, or the plain one when none is.
     *
     * @param task what runs, for example {@code Evaluate}
     * @param steps how many steps the run has
     * @param lines where rendered lines go, or null for the console
     * @return the display
     */
    static ProgressDisplay open(String task, int steps, @Nullable Consumer<String> lines) {
        return ServiceLoader.load(Factory.class, Factory.class.getClassLoader())
                .findFirst()
                .map(factory -> factory.open(task, steps, lines))
                .orElseGet(() -> new PlainProgressDisplay(task, steps, lines));
    }

    /** Makes displays; registered with {@link java.util.ServiceLoader}. */
    interface Factory {

        /**
         * Opens a display.
         *
         * @param task what runs
         * @param steps how many steps the run has
         * @param lines where rendered lines go, or null for the console
         * @return the display
         */
        ProgressDisplay open(String task, int steps, @Nullable Consumer<String> lines);
    }
}
