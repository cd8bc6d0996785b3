package dev.dspj.optimize;

import dev.dspj.module.CallOptions;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The options of the bootstrapping optimizers ({@link BootstrapFewShot} and
 * {@link BootstrapFewShotWithRandomSearch}), written once: DSPy's {@code metric_threshold},
 * {@code teacher_settings}, {@code max_bootstrapped_demos}, {@code max_labeled_demos},
 * {@code max_rounds} and {@code max_errors}, each with DSPy's default until set.
 *
 * @param <B> the concrete builder, returned by every setter so calls chain
 */
public abstract class BootstrapBuilder<B extends BootstrapBuilder<B>> extends OptimizerBuilder<B> {

    @Nullable
    Double metricThreshold;

    CallOptions teacherSettings = CallOptions.NONE;
    int maxBootstrappedDemos = BootstrapFewShot.DEFAULT_MAX_BOOTSTRAPPED_DEMOS;
    int maxLabeledDemos = BootstrapFewShot.DEFAULT_MAX_LABELED_DEMOS;
    int maxRounds = BootstrapFewShot.DEFAULT_MAX_ROUNDS;
    int maxErrors = BootstrapFewShot.DEFAULT_MAX_ERRORS;
    int teacherLookahead;
    private final int minBootstrappedDemos;

    BootstrapBuilder(String optimizer, int minBootstrappedDemos) {
        super(optimizer);
        this.minBootstrappedDemos = minBootstrappedDemos;
    }

    /**
     * The score a teacher run must reach to become demos (DSPy's {@code metric_threshold});
     * without one, any non-zero score passes.
     *
     * @param value the threshold
     * @return this builder
     */
    public B metricThreshold(double value) {
        this.metricThreshold = number(value, "metricThreshold");
        return self();
    }

    /**
     * A model and settings for the teachers' calls (DSPy's {@code teacher_settings}), for example
     * {@code CallOptions.model(strongerModel)}.
     *
     * @param value the overrides
     * @return this builder
     */
    public B teacherSettings(CallOptions value) {
        this.teacherSettings =
                Objects.requireNonNull(value, optimizer + ": teacherSettings is null; use CallOptions.NONE");
        return self();
    }

    /**
     * The most bootstrapped demos per predictor (DSPy's {@code max_bootstrapped_demos}, default
     * {@value BootstrapFewShot#DEFAULT_MAX_BOOTSTRAPPED_DEMOS}); random search's shuffled
     * candidates draw their count between 1 and this, so there it must be at least 1.
     *
     * @param value at least 0 (1 for random search)
     * @return this builder
     */
    public B maxBootstrappedDemos(int value) {
        this.maxBootstrappedDemos = atLeast(value, minBootstrappedDemos, "maxBootstrappedDemos");
        return self();
    }

    /**
     * The most demos per predictor, bootstrapped ones included, that labeled examples fill up to
     * (DSPy's {@code max_labeled_demos}, default {@value BootstrapFewShot#DEFAULT_MAX_LABELED_DEMOS});
     * also the number of labeled demos a teacher gets, and random search's labeled candidate's k.
     *
     * @param value at least 0
     * @return this builder
     */
    public B maxLabeledDemos(int value) {
        this.maxLabeledDemos = atLeast(value, 0, "maxLabeledDemos");
        return self();
    }

    /**
     * Teacher runs per training example before giving up on it (DSPy's {@code max_rounds},
     * default {@value BootstrapFewShot#DEFAULT_MAX_ROUNDS}); rounds after the first use a fresh
     * rollout id at temperature 1.0.
     *
     * @param value at least 1
     * @return this builder
     */
    public B maxRounds(int value) {
        this.maxRounds = atLeast(value, 1, "maxRounds");
        return self();
    }

    /**
     * Failures tolerated (DSPy's {@code max_errors}, default
     * {@value BootstrapFewShot#DEFAULT_MAX_ERRORS}): the teacher run (or, in random search, the
     * scoring) that makes this many fails the compile.
     *
     * @param value at least 1
     * @return this builder
     */
    public B maxErrors(int value) {
        this.maxErrors = atLeast(value, 1, "maxErrors");
        return self();
    }

    /**
     * Training examples after the one being read whose teacher runs are made at once (default 0,
     * DSPy's one example at a time). Bootstrapping walks the training set in order and stops once it
     * has its demos; with a lookahead the next examples' runs are already on their way, each on a
     * teacher copy of its own, and are read in the same order, so the demos are the same. The runs
     * of examples after the walk stopped are made and dropped: up to {@code value} more teacher runs
     * per bootstrapped set, counted against the call budget.
     *
     * @param value at least 0
     * @return this builder
     */
    public B teacherLookahead(int value) {
        this.teacherLookahead = atLeast(value, 0, "teacherLookahead");
        return self();
    }

    /** The options set so far, as data. */
    final BootstrapOptions bootstrapOptions() {
        return new BootstrapOptions(
                metricThreshold,
                OptionsJson.callOptions(teacherSettings),
                maxBootstrappedDemos,
                maxLabeledDemos,
                maxRounds,
                maxErrors,
                callBudget,
                teacherLookahead);
    }
}
