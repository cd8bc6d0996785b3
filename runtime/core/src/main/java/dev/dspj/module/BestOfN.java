package dev.dspj.module;

import dev.dspj.primitives.Prediction;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a module up to {@code n} times and keeps the best prediction, as DSPy's {@code BestOfN}:
 * each attempt runs at temperature 1.0 with its own rollout id (the first is the caller's or the
 * module's rollout id, else 0; then +1 per attempt), so cached answers are not reused; each
 * prediction is scored by a reward function; the first prediction whose reward reaches the
 * threshold is returned at once, otherwise the one with the highest reward after {@code n}
 * attempts.
 *
 * <p>Attempts that throw (the module or the reward function) are counted: once more than
 * {@code failCount} attempts have failed in one call, or when every attempt failed, an
 * {@link AttemptsFailedException} is thrown with the error as its cause. {@link #run} returns
 * every attempt with its reward or error.
 *
 * <p>The wrapped module is run through {@link Module#forward(Map, CallOptions)}, so a custom
 * module runs as a deep copy with the overrides on each of its predictors. Thread-safe when the
 * wrapped module and the reward function are.
 */
public final class BestOfN implements Module {

    private final Module module;
    private final int n;
    private final RewardFunction reward;
    private final double threshold;
    private final int failCount;

    /**
     * Creates a best-of-n with DSPy's default failure budget ({@code n}: the attempts stop with an
     * error only when all of them failed).
     *
     * @param module the module to run
     * @param n the most attempts, at least 1
     * @param reward scores each prediction
     * @param threshold the reward that ends the attempts
     */
    public BestOfN(Module module, int n, RewardFunction reward, double threshold) {
        this(module, n, reward, threshold, n);
    }

    /**
     * Creates a best-of-n.
     *
     * @param module the module to run
     * @param n the most attempts, at least 1
     * @param reward scores each prediction
     * @param threshold the reward that ends the attempts
     * @param failCount how many failed attempts are tolerated in one call; one more ends the call
     *     with an error
     */
    public BestOfN(Module module, int n, RewardFunction reward, double threshold, int failCount) {
        this.module = Objects.requireNonNull(module, "module");
        this.reward = Objects.requireNonNull(reward, "reward");
        if (n < 1) {
            throw new IllegalArgumentException("BestOfN needs at least 1 attempt, got n=" + n);
        }
        if (failCount < 0) {
            throw new IllegalArgumentException("BestOfN failCount must not be negative, got " + failCount);
        }
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("BestOfN threshold must be a number, got NaN");
        }
        this.n = n;
        this.threshold = threshold;
        this.failCount = failCount;
    }

    /**
     * The wrapped module.
     *
     * @return the module
     */
    public Module module() {
        return module;
    }

    /**
     * The most attempts per call.
     *
     * @return n
     */
    public int n() {
        return n;
    }

    /**
     * The reward that ends the attempts.
     *
     * @return the threshold
     */
    public double threshold() {
        return threshold;
    }

    /**
     * How many failed attempts one call tolerates.
     *
     * @return the budget
     */
    public int failCount() {
        return failCount;
    }

    @Override
    public Prediction forward(Map<String, Object> inputs) {
        return run(inputs, CallOptions.NONE).prediction();
    }

    /**
     * Runs the attempts with the caller's overrides under each attempt's temperature and rollout id.
     *
     * @param inputs input field name to value
     * @param options a model and settings for every attempt; the rollout id, if set, is the first
     * @return the selected prediction
     * @throws AttemptsFailedException when too many attempts failed
     */
    @Override
    public Prediction forward(Map<String, Object> inputs, CallOptions options) {
        return run(inputs, options).prediction();
    }

    /**
     * Runs the attempts and reports all of them.
     *
     * @param inputs input field name to value
     * @return the selected prediction and every attempt
     * @throws AttemptsFailedException when too many attempts failed
     */
    public AttemptsResult run(Map<String, Object> inputs) {
        return run(inputs, CallOptions.NONE);
    }

    /**
     * Runs the attempts with the caller's overrides and reports all of them.
     *
     * @param inputs input field name to value
     * @param options a model and settings for every attempt; the rollout id, if set, is the first
     * @return the selected prediction and every attempt
     * @throws AttemptsFailedException when too many attempts failed
     */
    public AttemptsResult run(Map<String, Object> inputs, CallOptions options) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(options, "options");
        Map<String, Object> args = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        int first = Modules.firstRolloutId(module, options);
        AttemptLog log = new AttemptLog(BestOfN.class, module, args, n, threshold, failCount);
        for (int index = 0; index < n; index++) {
            int rolloutId = first + index;
            Prediction prediction = null;
            Double score = null;
            RuntimeException error = null;
            try {
                prediction = module.forward(args, Modules.attemptOptions(options, rolloutId));
                score = reward.reward(args, prediction);
            } catch (RuntimeException e) {
                error = e;
            }
            if (log.record(new Attempt(index, rolloutId, prediction, score, error, Map.of(), Map.of()))) {
                break;
            }
        }
        return log.finish();
    }

    /**
     * The wrapped module's predictors, under {@code module} as in DSPy ({@code module.predict}
     * for a chain of thought, {@code module} for a bare predictor).
     *
     * @return the predictors
     */
    @Override
    public List<NamedPredictor> namedPredictors() {
        return Modules.prefixed("module", module.namedPredictors());
    }

    @Override
    public BestOfN deepCopy() {
        return new BestOfN(module.deepCopy(), n, reward, threshold, failCount);
    }

    @Override
    public String toString() {
        return "BestOfN(" + Modules.describe(module) + ", n=" + n + ", threshold=" + threshold + ", failCount="
                + failCount + ")";
    }
}
