package dev.dspj.optimize;

import dev.dspj.lm.Embedder;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * DSPy's {@code KNNFewShot}: demos chosen per input by nearest neighbours. {@code compile} embeds
 * the training set's inputs once ({@link Knn}) and returns a program that, at each call, embeds the
 * input, takes the {@code k} nearest training examples and runs {@link BootstrapFewShot} over them
 * (the student as teacher, or the given teacher; by default DSPy's defaults and no metric, so every
 * teacher run becomes demos), then answers with the bootstrapped program. With
 * {@link Builder#labeledOnly()} the neighbours themselves are the demos, nearest first, and no
 * extra model call is made.
 *
 * <p>The model calls the program spends on bootstrapping are counted in its
 * {@link Program#report()} (which keeps counting after compile returns; each compiled program has
 * its own) and limited by the call budget: once it is reached,
 * the program keeps answering with the neighbours as labeled demos and the report says
 * {@code stopped: call budget N reached}. The answering call itself is the program's normal work
 * and is not counted.
 *
 * <pre>{@code
 * KNNFewShot knn = KNNFewShot.builder(3, trainset, new HashingEmbedder()).labeledOnly().build();
 * KNNFewShot.Program program = knn.compile(qa);
 * Prediction answer = program.forward(Map.of("question", "What is the capital of Valorenia?"));
 * }</pre>
 */
public final class KNNFewShot {

    /** The optimizer's name in reports and logs. */
    public static final String NAME = "KNNFewShot";

    private final int k;
    private final List<Example> trainset;
    private final Embedder embedder;
    private final @Nullable BootstrapFewShot fewShot;
    private final long callBudget;
    private final @Nullable Consumer<OptimizerEvent> listener;
    private final Options options;

    /**
     * The options of a {@link KNNFewShot}, as written into its reports.
     *
     * @param k nearest training examples used per call
     * @param trainsetSize the size of the training set indexed
     * @param embedder the embedder's description ({@code toString})
     * @param fewShot the bootstrapping run's options, or null for labeled demos only
     * @param callBudget the most model calls, 0 for no limit
     */
    public record Options(
            int k, int trainsetSize, String embedder, BootstrapFewShot.@Nullable Options fewShot, long callBudget)
            implements OptimizerOptions {}

    private KNNFewShot(Builder builder) {
        this.k = builder.k;
        this.trainset = builder.trainset;
        this.embedder = builder.embedder;
        this.fewShot = builder.fewShot;
        this.callBudget = builder.callBudget;
        this.listener = builder.listener;
        this.options = new Options(
                k, trainset.size(), String.valueOf(embedder), fewShot == null ? null : fewShot.options(), callBudget);
    }

    /**
     * Starts configuring the optimizer.
     *
     * @param k how many nearest training examples to use per call, at least 1
     * @param trainset examples with their inputs marked
     * @param embedder turns inputs into vectors ({@link dev.dspj.lm.HashingEmbedder} offline,
     *     {@link dev.dspj.lm.http.HttpEmbedder} for an embeddings API)
     * @return a builder
     */
    public static Builder builder(int k, List<Example> trainset, Embedder embedder) {
        return new Builder(k, trainset, embedder);
    }

    /**
     * Builds the nearest-neighbour index and returns the program, with the student as teacher.
     *
     * @param student the program (left unchanged)
     * @return the program that picks its demos per call
     */
    public Program compile(Module student) {
        return compileWithResult(student, null).program();
    }

    /**
     * Builds the nearest-neighbour index and returns the program.
     *
     * @param student the program (left unchanged)
     * @param teacher the teacher for bootstrapping, or null for the student
     * @return the program that picks its demos per call
     */
    public Program compile(Module student, @Nullable Module teacher) {
        return compileWithResult(student, teacher).program();
    }

    /**
     * Builds the nearest-neighbour index and returns the program with the report of the indexing
     * (no model calls); what the program spends later is in its own {@link Program#report()}.
     *
     * @param student the program (left unchanged)
     * @param teacher the teacher for bootstrapping, or null for the student
     * @return the program and the report at compile time
     */
    public Compiled<Program> compileWithResult(Module student, @Nullable Module teacher) {
        Objects.requireNonNull(student, NAME + ": the student is null");
        Run run = new Run(NAME, options, listener, callBudget);
        run.event(
                OptimizerEvent.Kind.STARTED,
                "embedding " + trainset.size() + " training examples with " + embedder + " (k=" + k + ", "
                        + (fewShot == null ? "labeled demos only" : "bootstrapping per call") + ")",
                null,
                null,
                0,
                1);
        Knn knn;
        try {
            knn = new Knn(k, trainset, embedder);
        } finally {
            run.closeTracker();
        }
        Module template = Programs.resetCopy(student, NAME);
        Module teacherCopy = teacher == null ? null : Programs.copyOf(teacher, NAME);
        run.event(OptimizerEvent.Kind.FINISHED, "index of " + trainset.size() + " examples ready", null, null, 1, 1);
        return new Compiled<>(new Program(template, teacherCopy, knn, fewShot, run), run.report());
    }

    /**
     * The optimizer's options.
     *
     * @return the options record
     */
    public Options options() {
        return options;
    }

    /**
     * The program {@link KNNFewShot#compile} returns: at each call, demos from the input's nearest
     * training examples. Thread-safe: each call works on its own copy.
     */
    public static final class Program implements Module {
        private final Module template;
        private final @Nullable Module teacher;
        private final Knn knn;
        private final @Nullable BootstrapFewShot fewShot;
        private final Run run;

        private Program(
                Module template, @Nullable Module teacher, Knn knn, @Nullable BootstrapFewShot fewShot, Run run) {
            this.template = template;
            this.teacher = teacher;
            this.knn = knn;
            this.fewShot = fewShot;
            this.run = run;
        }

        /**
         * Answers with demos from the input's nearest training examples.
         *
         * @param inputs input field name to value
         * @return the outputs
         */
        @Override
        public Prediction forward(Map<String, Object> inputs) {
            return programFor(inputs).forward(inputs);
        }

        /**
         * The program that would answer these inputs: a copy of the student with the demos chosen
         * for them (bootstrapping them first, unless labeled-only or the budget is spent).
         *
         * @param inputs input field name to value
         * @return the copy
         */
        public Module programFor(Map<String, Object> inputs) {
            List<Example> neighbours = knn.nearest(inputs);
            if (fewShot == null || run.meter().exhausted()) {
                Module program = Programs.resetCopy(template, NAME);
                for (NamedPredictor named : program.namedPredictors()) {
                    named.predictor().setDemos(neighbours);
                }
                return program;
            }
            return fewShot.bootstrap(template, teacher, neighbours, run);
        }

        /**
         * The training examples nearest the inputs, nearest first.
         *
         * @param inputs input field name to value
         * @return the neighbours
         */
        public List<Knn.Neighbour> neighbours(Map<String, Object> inputs) {
            return knn.neighbours(inputs);
        }

        /**
         * The index.
         *
         * @return the nearest-neighbour index
         */
        public Knn knn() {
            return knn;
        }

        /**
         * What the program has spent on bootstrapping so far, and whether its call budget was
         * reached; the report keeps changing while the program runs. Copies share it.
         *
         * @return the report
         */
        public OptimizerReport report() {
            return run.report();
        }

        /**
         * The student's predictors (without demos: they are chosen per call).
         *
         * @return the predictors
         */
        @Override
        public List<NamedPredictor> namedPredictors() {
            return template.namedPredictors();
        }

        @Override
        public Program deepCopy() {
            return new Program(template.deepCopy(), teacher == null ? null : teacher.deepCopy(), knn, fewShot, run);
        }

        @Override
        public String toString() {
            return "KNNFewShot.Program(k=" + knn.k() + ", " + knn.trainset().size() + " examples, "
                    + (fewShot == null ? "labeled demos" : "bootstrapped demos") + ")";
        }
    }

    /** Configures a {@link KNNFewShot}. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private final int k;
        private final List<Example> trainset;
        private final Embedder embedder;
        private @Nullable BootstrapFewShot fewShot = BootstrapFewShot.builder().build();

        private Builder(int k, List<Example> trainset, Embedder embedder) {
            super(NAME);
            if (k < 1) {
                throw new IllegalArgumentException(NAME + ": k must be at least 1, got " + k);
            }
            this.k = k;
            this.trainset = Programs.checkTrainset(trainset, NAME, "trainset");
            this.embedder = Objects.requireNonNull(embedder, NAME + ": the embedder is null");
        }

        /**
         * The bootstrapping run over each call's neighbours (DSPy's {@code few_shot_bootstrap_args});
         * by default {@code BootstrapFewShot.builder().build()}: DSPy's defaults, no metric.
         *
         * @param value the configured optimizer (its own call budget and listener are not used)
         * @return this builder
         */
        public Builder fewShot(BootstrapFewShot value) {
            this.fewShot =
                    Objects.requireNonNull(value, NAME + ": fewShot is null; use labeledOnly() for no bootstrapping");
            return this;
        }

        /**
         * Uses the neighbours themselves as demos, nearest first, with no bootstrapping (no model
         * call beyond the answer).
         *
         * @return this builder
         */
        public Builder labeledOnly() {
            this.fewShot = null;
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         */
        public KNNFewShot build() {
            return new KNNFewShot(this);
        }
    }
}
