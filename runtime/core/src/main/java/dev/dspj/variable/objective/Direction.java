package dev.dspj.variable.objective;

/** Whether more or less of an objective is better. */
public enum Direction {
    /** Higher is better (accuracy, reliability). */
    MAXIMIZE,
    /** Lower is better (cost, latency). */
    MINIMIZE;

    /**
     * The value turned so that higher is better: itself when maximized, negated when minimized.
     *
     * @param value the objective value
     * @return the oriented value
     */
    public double oriented(double value) {
        return this == MAXIMIZE ? value : -value;
    }
}
