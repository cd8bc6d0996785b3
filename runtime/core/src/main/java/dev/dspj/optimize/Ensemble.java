package dev.dspj.optimize;

import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.primitives.Prediction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DSPy's {@code Ensemble}: one program made of several. Each call runs the programs (all of them,
 * or {@code size} of them sampled at random) on the input and reduces their predictions to one,
 * by default with {@link Majority#vote(List) a majority vote} on the last output field
 * ({@code dspy.majority}). Programs that fail on an input are skipped (logged); the call fails only
 * when every program does.
 *
 * <p>Unlike DSPy (whose {@code deterministic=True} is a TODO), sampling is deterministic: the
 * programs for an input are drawn with Python's {@code random.Random} seeded from the seed and the
 * input's text, so the same input always meets the same programs, whatever the call order.
 * {@code compile} makes no model calls; its report says so.
 *
 * <pre>{@code
 * Ensemble.Program voted = Ensemble.builder().build().compile(List.of(programA, programB, programC));
 * }</pre>
 */
public final class Ensemble {

    /** The optimizer's name in reports and logs. */
    public static final String NAME = "Ensemble";

    private static final Logger LOG = LoggerFactory.getLogger(Ensemble.class);

    private final Function<List<Prediction>, Prediction> reducer;
    private final @Nullable Integer size;
    private final long seed;
    private final @Nullable Consumer<OptimizerEvent> listener;
    private final Options options;

    /**
     * The options of an {@link Ensemble}, as written into its reports (the reducer is code and is
     * not among them).
     *
     * @param size programs sampled per call, or null for all
     * @param seed the sampling seed
     */
    public record Options(@Nullable Integer size, long seed) implements OptimizerOptions {}

    private Ensemble(Builder builder) {
        this.reducer = builder.reducer;
        this.size = builder.size;
        this.seed = builder.seed;
        this.listener = builder.listener;
        this.options = new Options(size, seed);
    }

    /**
     * Starts configuring an ensemble (majority vote over every program by default).
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Combines programs into one. The programs are used as they are (not copied).
     *
     * @param programs at least one program; all should answer the same output fields
     * @return the ensemble
     * @throws IllegalArgumentException when there is no program or {@code size} exceeds their number
     */
    public Program compile(List<? extends Module> programs) {
        return compileWithResult(programs).program();
    }

    /**
     * Combines programs into one and reports it (no model calls).
     *
     * @param programs at least one program; all should answer the same output fields
     * @return the ensemble and the report
     * @throws IllegalArgumentException when there is no program or {@code size} exceeds their number
     */
    public Compiled<Program> compileWithResult(List<? extends Module> programs) {
        Objects.requireNonNull(programs, NAME + ": the list of programs is null");
        if (programs.isEmpty()) {
            throw new IllegalArgumentException(NAME + " needs at least one program");
        }
        for (int i = 0; i < programs.size(); i++) {
            Objects.requireNonNull(programs.get(i), NAME + ": program " + i + " is null");
        }
        if (size != null && size > programs.size()) {
            throw new IllegalArgumentException(
                    NAME + ": size is " + size + " but only " + programs.size() + " programs were given");
        }
        try (Run run = new Run(NAME, options, listener, 0)) {
            run.event(
                    OptimizerEvent.Kind.STARTED,
                    "combining " + programs.size() + " programs"
                            + (size == null ? "" : ", " + size + " sampled per call"),
                    null,
                    null,
                    0,
                    1);
            Program program = new Program(List.copyOf(programs), reducer, size, seed);
            run.event(
                    OptimizerEvent.Kind.FINISHED,
                    "ensemble of " + programs.size() + " programs ready (no model calls)",
                    null,
                    null,
                    1,
                    1);
            run.close();
            return new Compiled<>(program, run.report());
        }
    }

    /**
     * The optimizer's options.
     *
     * @return the options record
     */
    public Options options() {
        return options;
    }

    /** The combined program. Thread-safe when its programs are. */
    public static final class Program implements Module {
        private final List<Module> programs;
        private final Function<List<Prediction>, Prediction> reducer;
        private final @Nullable Integer size;
        private final long seed;

        private Program(
                List<Module> programs,
                Function<List<Prediction>, Prediction> reducer,
                @Nullable Integer size,
                long seed) {
            this.programs = programs;
            this.reducer = reducer;
            this.size = size;
            this.seed = seed;
        }

        /**
         * Runs the programs on the input and reduces their predictions.
         *
         * @param inputs input field name to value
         * @return the reduced prediction
         * @throws IllegalStateException when every program fails (the failures are attached as suppressed)
         */
        @Override
        public Prediction forward(Map<String, Object> inputs) {
            return reducer.apply(forwardAll(inputs));
        }

        /**
         * Runs the programs on the input without reducing (DSPy's ensemble with no {@code reduce_fn}).
         *
         * @param inputs input field name to value
         * @return the predictions of the programs that succeeded, in program order
         * @throws IllegalStateException when every program fails
         */
        public List<Prediction> forwardAll(Map<String, Object> inputs) {
            List<Module> chosen = programsFor(inputs);
            List<Prediction> outputs = new ArrayList<>(chosen.size());
            List<RuntimeException> failures = new ArrayList<>();
            for (Module program : chosen) {
                try {
                    outputs.add(program.forward(inputs));
                } catch (RuntimeException failure) {
                    LOG.warn("{}: a program failed on {}: {}", NAME, inputs, failure.toString());
                    failures.add(failure);
                }
            }
            if (outputs.isEmpty()) {
                IllegalStateException all = new IllegalStateException(NAME + ": all " + chosen.size()
                        + " programs failed on " + inputs + "; the first failure: " + failures.get(0));
                failures.forEach(all::addSuppressed);
                throw all;
            }
            return outputs;
        }

        /**
         * The programs that answer these inputs: all of them, or a sample of {@code size} drawn
         * with a generator seeded from the seed and the inputs.
         *
         * @param inputs input field name to value
         * @return the programs
         */
        public List<Module> programsFor(Map<String, Object> inputs) {
            if (size == null) {
                return programs;
            }
            long hash = 0xcbf29ce484222325L ^ seed;
            for (byte b : Knn.text(inputs).getBytes(StandardCharsets.UTF_8)) {
                hash ^= b & 0xff;
                hash *= 0x100000001b3L;
            }
            return new PyRandom(hash & Long.MAX_VALUE).sample(programs, size);
        }

        /**
         * The programs.
         *
         * @return the programs, in order
         */
        public List<Module> programs() {
            return programs;
        }

        /**
         * Every program's predictors, under {@code programs[i]} as DSPy names them.
         *
         * @return the predictors
         */
        @Override
        public List<NamedPredictor> namedPredictors() {
            List<NamedPredictor> named = new ArrayList<>();
            for (int i = 0; i < programs.size(); i++) {
                String prefix = "programs[" + i + "]";
                for (NamedPredictor predictor : programs.get(i).namedPredictors()) {
                    named.add(new NamedPredictor(
                            predictor.name().equals("self") ? prefix : prefix + "." + predictor.name(),
                            predictor.predictor()));
                }
            }
            return List.copyOf(named);
        }

        @Override
        public Program deepCopy() {
            List<Module> copies = new ArrayList<>(programs.size());
            programs.forEach(p -> copies.add(p.deepCopy()));
            return new Program(List.copyOf(copies), reducer, size, seed);
        }
    }

    /** Configures an {@link Ensemble}. */
    public static final class Builder {
        private Function<List<Prediction>, Prediction> reducer = Majority.reducer();
        private @Nullable Integer size;
        private long seed;
        private @Nullable Consumer<OptimizerEvent> listener;

        private Builder() {}

        /**
         * How the predictions of one call become one (DSPy's {@code reduce_fn}); majority vote on the
         * last output field by default.
         *
         * @param value the reducer
         * @return this builder
         */
        public Builder reducer(Function<List<Prediction>, Prediction> value) {
            this.reducer = Objects.requireNonNull(value, NAME + ": the reducer is null");
            return this;
        }

        /**
         * Runs only this many programs per call, sampled (DSPy's {@code size}); all of them by default.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder size(int value) {
            if (value < 1) {
                throw new IllegalArgumentException(NAME + ": size must be at least 1, got " + value);
            }
            this.size = value;
            return this;
        }

        /**
         * The seed of the per-input sampling (default 0).
         *
         * @param value the seed
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Receives the compile's events.
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
        public Ensemble build() {
            return new Ensemble(this);
        }
    }
}
