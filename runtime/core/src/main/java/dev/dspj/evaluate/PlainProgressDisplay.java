package dev.dspj.evaluate;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** DSPy's running line, printed each time another tenth of the run is done. */
final class PlainProgressDisplay implements ProgressDisplay {

    private final String task;
    private final int steps;
    private final Consumer<String> lines;
    private int lastTenth;

    PlainProgressDisplay(String task, int steps, @Nullable Consumer<String> lines) {
        this.task = task;
        this.steps = Math.max(1, steps);
        this.lines = lines != null ? lines : System.err::println;
    }

    @Override
    public synchronized void update(int done, double total, int failed) {
        int tenth = done * 10 / steps;
        if (tenth > lastTenth) {
            lastTenth = tenth;
            lines.accept(task + " " + done + "/" + steps + ": " + ProgressDisplay.runningScore(done, total)
                    + (failed == 0 ? "" : ", " + failed + " failed"));
        }
    }

    @Override
    public void close() {}
}
