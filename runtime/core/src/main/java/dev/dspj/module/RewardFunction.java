package dev.dspj.module;

import dev.dspj.primitives.Prediction;
import java.util.Map;

/**
 * Scores a module's prediction for {@link BestOfN} and {@link Refine}: higher is better, and a
 * score at or above the threshold ends the attempts. DSPy's {@code reward_fn(args, pred)}.
 */
@FunctionalInterface
public interface RewardFunction {

    /**
     * Scores a prediction. An exception counts as a failed attempt.
     *
     * @param inputs the inputs the module was run on
     * @param prediction what the module returned
     * @return the reward
     */
    double reward(Map<String, Object> inputs, Prediction prediction);
}
