package dev.dspj.console;

import dev.dspj.evaluate.ProgressDisplay;
import java.util.function.Consumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A terminal progress bar (me.tongfei:progressbar) with the running score as its message;
 * registered as the {@link ProgressDisplay.Factory} with {@link java.util.ServiceLoader}.
 */
public final class ProgressBarDisplayFactory implements ProgressDisplay.Factory {

    /** Creates the factory (the service loader calls this). */
    public ProgressBarDisplayFactory() {}

    @Override
    public ProgressDisplay open(String task, int steps, @Nullable Consumer<String> lines) {
        ProgressBarBuilder builder =
                new ProgressBarBuilder().setTaskName(task).setInitialMax(steps).setUpdateIntervalMillis(200);
        if (lines != null) {
            builder.setConsumer(new DelegatingProgressBarConsumer(lines, 160));
        }
        ProgressBar bar = builder.build();
        return new ProgressDisplay() {
            @Override
            public synchronized void update(int done, double total, int failed) {
                bar.stepTo(done);
                bar.setExtraMessage(
                        ProgressDisplay.runningScore(done, total) + (failed == 0 ? "" : ", " + failed + " failed"));
            }

            @Override
            public synchronized void close() {
                bar.close();
            }
        };
    }
}
