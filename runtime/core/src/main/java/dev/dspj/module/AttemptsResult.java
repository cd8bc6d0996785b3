package dev.dspj.module;

import dev.dspj.primitives.Prediction;
import java.util.List;
import java.util.Objects;

/**
 * What {@link BestOfN} or {@link Refine} did for one input: the prediction it returns (the first
 * whose reward reached the threshold, otherwise the one with the highest reward) and every attempt,
 * failed ones included.
 */
public final class AttemptsResult {

    private final Attempt best;
    private final List<Attempt> attempts;
    private final double threshold;

    AttemptsResult(Attempt best, List<Attempt> attempts, double threshold) {
        this.best = Objects.requireNonNull(best, "best");
        this.attempts = List.copyOf(attempts);
        this.threshold = threshold;
    }

    /**
     * The selected prediction.
     *
     * @return the prediction
     */
    public Prediction prediction() {
        return best.prediction().orElseThrow();
    }

    /**
     * The attempt that produced the selected prediction.
     *
     * @return the attempt
     */
    public Attempt best() {
        return best;
    }

    /**
     * The selected prediction's reward.
     *
     * @return the reward
     */
    public double bestReward() {
        return best.reward().orElseThrow();
    }

    /**
     * Whether the selected prediction reached the threshold.
     *
     * @return true when its reward is at least the threshold
     */
    public boolean passed() {
        return bestReward() >= threshold;
    }

    /**
     * The threshold the rewards were compared with.
     *
     * @return the threshold
     */
    public double threshold() {
        return threshold;
    }

    /**
     * Every attempt made, in order.
     *
     * @return the attempts
     */
    public List<Attempt> attempts() {
        return attempts;
    }

    /**
     * How many attempts failed.
     *
     * @return the count
     */
    public int failures() {
        return (int) attempts.stream().filter(Attempt::failed).count();
    }

    @Override
    public String toString() {
        return "AttemptsResult{best=" + best + ", threshold=" + threshold + ", attempts=" + attempts + "}";
    }
}
