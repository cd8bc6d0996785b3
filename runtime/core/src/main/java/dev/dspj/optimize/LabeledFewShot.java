package dev.dspj.optimize;

import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.primitives.Example;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * DSPy's {@code LabeledFewShot}: gives every predictor of a copy of the program {@code k} labeled
 * training examples as demos, sampled with Python's {@code random.Random(seed)} (seed 0 by
 * default, as DSPy), so the same training set gives the same demos as in DSPy. Makes no model
 * calls. The student is never changed; its own demos are dropped in the copy (DSPy's
 * {@code reset_copy}).
 *
 * <pre>{@code
 * LabeledFewShot optimizer = new LabeledFewShot(8);
 * QaPredictor withDemos = optimizer.compile(qa, trainset);
 * }</pre>
 */
public final class LabeledFewShot implements Optimizer {

    /** The optimizer's name in reports and logs. */
    public static final String NAME = "LabeledFewShot";
    /** DSPy's default number of demos per predictor. */
    public static final int DEFAULT_K = 16;

    private final int k;
    private final long seed;
    private final boolean sample;
    private final @Nullable Consumer<OptimizerEvent> listener;
    private final Options options;

    /**
     * The options of a {@link LabeledFewShot}, as written into its reports.
     *
     * @param k demos per predictor
     * @param seed the sampling seed
     * @param sample whether the demos are sampled (else the first {@code k})
     */
    public record Options(int k, long seed, boolean sample) implements OptimizerOptions {}

    /** Sixteen demos per predictor ({@value #DEFAULT_K}, DSPy's default), sampled with seed 0. */
    public LabeledFewShot() {
        this(DEFAULT_K);
    }

    /**
     * {@code k} demos per predictor, sampled with seed 0.
     *
     * @param k demos per predictor, at least 0
     */
    public LabeledFewShot(int k) {
        this(builder().k(k));
    }

    private LabeledFewShot(Builder builder) {
        this.k = builder.k;
        this.seed = builder.seed;
        this.sample = builder.sample;
        this.listener = builder.listener;
        this.options = new Options(k, seed, sample);
    }

    /**
     * Starts configuring the optimizer.
     *
     * @return a builder with DSPy's defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a copy of the student whose predictors each show {@code min(k, trainset size)}
     * training examples: a seeded random sample, or the first ones when sampling is off. An empty
     * training set gives the student's copy without demos.
     *
     * @param student the program (left unchanged)
     * @param trainset labeled examples with their inputs marked
     * @param <M> the program's type
     * @return the copy with demos and the report (no model calls)
     */
    @Override
    public <M extends Module> Compiled<M> compileWithResult(M student, List<Example> trainset) {
        List<Example> train = Programs.checkTrainset(trainset, NAME, "trainset");
        try (Run run = new Run(NAME, options, listener, 0)) {
            run.event(
                    OptimizerEvent.Kind.STARTED,
                    "choosing up to " + k + " labeled demos per predictor from " + train.size() + " examples"
                            + (sample ? " (seed " + seed + ")" : " (the first ones)"),
                    null,
                    null,
                    0,
                    0);
            M program = Programs.resetCopy(student, NAME);
            assign(program, train, k, seed, sample);
            run.event(
                    OptimizerEvent.Kind.FINISHED,
                    Programs.demoCount(program) + " demos over "
                            + program.namedPredictors().size() + " predictor(s)",
                    null,
                    null,
                    1,
                    1);
            run.close();
            return new Compiled<>(program, run.report());
        }
    }

    /** DSPy's loop: one generator for all predictors, in order. */
    static void assign(Module program, List<Example> train, int k, long seed, boolean sample) {
        if (train.isEmpty()) {
            return;
        }
        PyRandom random = new PyRandom(seed);
        int count = Math.min(k, train.size());
        for (NamedPredictor named : program.namedPredictors()) {
            named.predictor().setDemos(sample ? random.sample(train, count) : train.subList(0, count));
        }
    }

    /**
     * The optimizer's options.
     *
     * @return the options record
     */
    @Override
    public Options options() {
        return options;
    }

    /**
     * The number of demos per predictor.
     *
     * @return k
     */
    public int k() {
        return k;
    }

    /** Configures a {@link LabeledFewShot}. */
    public static final class Builder {
        private int k = DEFAULT_K;
        private long seed;
        private boolean sample = true;
        private @Nullable Consumer<OptimizerEvent> listener;

        private Builder() {}

        /**
         * Demos per predictor (DSPy's {@code k}, default {@value LabeledFewShot#DEFAULT_K}).
         *
         * @param value at least 0
         * @return this builder
         */
        public Builder k(int value) {
            if (value < 0) {
                throw new IllegalArgumentException(NAME + ": k must be at least 0, got " + value);
            }
            this.k = value;
            return this;
        }

        /**
         * The seed of Python's {@code random.Random} used to sample (default 0, as DSPy).
         *
         * @param value the seed
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Whether to sample the demos (default) or take the first {@code k} examples (DSPy's
         * {@code sample=False}).
         *
         * @param value true to sample
         * @return this builder
         */
        public Builder sample(boolean value) {
            this.sample = value;
            return this;
        }

        /**
         * Receives the run's progress events.
         *
         * @param value the listener, or null for none
         * @return this builder
         */
        public Builder listener(@Nullable Consumer<OptimizerEvent> value) {
            this.listener = value;
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         */
        public LabeledFewShot build() {
            return new LabeledFewShot(this);
        }
    }
}
