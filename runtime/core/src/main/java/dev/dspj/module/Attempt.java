package dev.dspj.module;

import dev.dspj.primitives.Prediction;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of {@link BestOfN} or {@link Refine}: its rollout id, and what it produced (a
 * prediction and its reward) or the error it failed with. A {@link Refine} attempt can have both:
 * a scored prediction, then a failed feedback call. Immutable.
 */
public final class Attempt {

    private final int index;
    private final int rolloutId;
    private final @Nullable Prediction prediction;
    private final @Nullable Double reward;
    private final @Nullable Throwable error;
    private final Map<String, String> hints;
    private final Map<String, String> advice;

    Attempt(
            int index,
            int rolloutId,
            @Nullable Prediction prediction,
            @Nullable Double reward,
            @Nullable Throwable error,
            Map<String, String> hints,
            Map<String, String> advice) {
        this.index = index;
        this.rolloutId = rolloutId;
        this.prediction = prediction;
        this.reward = reward;
        this.error = error;
        this.hints = Map.copyOf(Objects.requireNonNullElse(hints, Map.of()));
        this.advice = Map.copyOf(Objects.requireNonNullElse(advice, Map.of()));
    }

    /**
     * The attempt's position, from 0.
     *
     * @return the index
     */
    public int index() {
        return index;
    }

    /**
     * The rollout id the attempt's model calls were made with.
     *
     * @return the rollout id
     */
    public int rolloutId() {
        return rolloutId;
    }

    /**
     * What the module returned, unless it failed.
     *
     * @return the prediction
     */
    public Optional<Prediction> prediction() {
        return Optional.ofNullable(prediction);
    }

    /**
     * The prediction's reward, unless the module or the reward function failed.
     *
     * @return the reward
     */
    public OptionalDouble reward() {
        return reward == null ? OptionalDouble.empty() : OptionalDouble.of(reward);
    }

    /**
     * The error the attempt failed with: from the module, the reward function, or (for
     * {@link Refine}) the feedback call after a scored prediction.
     *
     * @return the error
     */
    public Optional<Throwable> error() {
        return Optional.ofNullable(error);
    }

    /**
     * Whether the attempt failed.
     *
     * @return true when there is an error
     */
    public boolean failed() {
        return error != null;
    }

    /**
     * The hints {@link Refine} gave the attempt's predictors (predictor path to advice); empty for
     * the first attempt and for {@link BestOfN}.
     *
     * @return the hints
     */
    public Map<String, String> hints() {
        return hints;
    }

    /**
     * The advice {@link Refine} asked for after this attempt fell short (predictor path to
     * advice), which the next attempt receives as hints; empty when none was asked for.
     *
     * @return the advice
     */
    public Map<String, String> advice() {
        return advice;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("attempt ")
                .append(index + 1)
                .append(" (rollout id ")
                .append(rolloutId)
                .append(")");
        if (reward != null) {
            out.append(": reward ").append(reward);
        }
        if (error != null) {
            out.append(reward != null ? ", then failed: " : ": failed: ").append(Modules.message(error));
        }
        return out.toString();
    }
}
