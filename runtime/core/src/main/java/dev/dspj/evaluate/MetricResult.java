package dev.dspj.evaluate;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a metric says about one prediction: a score (usually in [0, 1]) and, optionally, textual
 * feedback explaining it (GEPA-style optimizers read the feedback).
 *
 * @param score the score; higher is better
 * @param feedback why, or null
 */
public record MetricResult(double score, @Nullable String feedback) {

    /**
     * Validates the score.
     *
     * @param score the score
     * @param feedback why, or null
     */
    public MetricResult {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("a metric score must be a number, got NaN");
        }
    }

    /**
     * A score without feedback.
     *
     * @param score the score
     * @return the result
     */
    public static MetricResult of(double score) {
        return new MetricResult(score, null);
    }

    /**
     * A pass (1) or fail (0).
     *
     * @param passed whether the prediction is right
     * @return the result
     */
    public static MetricResult of(boolean passed) {
        return new MetricResult(passed ? 1 : 0, null);
    }

    /**
     * The feedback, if any.
     *
     * @return the feedback
     */
    public Optional<String> feedbackText() {
        return Optional.ofNullable(feedback);
    }
}
