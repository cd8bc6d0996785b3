package dev.dspj.optimize;

import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.EvaluationResult;
import dev.dspj.evaluate.Metric;
import dev.dspj.execution.CallBudgetExceededException;
import dev.dspj.execution.Meter;
import dev.dspj.execution.Workers;
import dev.dspj.module.CallOptions;
import dev.dspj.module.Module;
import dev.dspj.primitives.Example;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * DSPy's {@code BootstrapFewShotWithRandomSearch}: builds several candidate programs, scores each on
 * the validation set with {@link Evaluate}, and returns the best. The candidates, by DSPy's seed:
 *
 * <ul>
 *   <li>{@code -3}: the student with no demos (zero-shot);</li>
 *   <li>{@code -2}: {@link LabeledFewShot} with {@code k = maxLabeledDemos};</li>
 *   <li>{@code -1}: {@link BootstrapFewShot} over the training set in its order, with
 *       {@code maxBootstrappedDemos};</li>
 *   <li>{@code 0} to {@code numCandidatePrograms - 1}: {@link BootstrapFewShot} over the training
 *       set shuffled by {@code random.Random(seed).shuffle}, with
 *       {@code random.Random(seed).randint(1, maxBootstrappedDemos)} bootstrapped demos.</li>
 * </ul>
 *
 * <p>Randomness is Python's Mersenne Twister, so the candidates are the ones DSPy builds from the
 * same training set. Candidates are built and scored in parallel ({@link Builder#candidateThreads(int)},
 * each scoring itself running {@code numThreads} examples at once) but considered in seed order: the
 * first candidate with the strictly highest score wins, and with {@code stopAtScore} the search
 * ends at the first candidate that reaches it (later ones are cancelled and ignored), so the result
 * does not depend on timing. With a {@linkplain Builder#callBudget(long) call budget} candidates run
 * one at a time; when the budget runs out, the candidate being built or scored is dropped and the
 * best complete one is returned (the zero-shot copy if none completed), with the report saying
 * {@code stopped: call budget N reached}.
 *
 * <pre>{@code
 * BootstrapFewShotWithRandomSearch search = BootstrapFewShotWithRandomSearch.builder(Metrics.exactMatch("answer"))
 *         .numCandidatePrograms(8).valset(devset).stopAtScore(0.95).build();
 * BootstrapFewShotWithRandomSearch.Result<QaPredictor> result = search.compileWithResult(qa, trainset);
 * QaPredictor best = result.program();
 * System.out.println(result.report().summary());
 * }</pre>
 */
public final class BootstrapFewShotWithRandomSearch implements Optimizer {

    /** The optimizer's name in reports and logs. */
    public static final String NAME = "BootstrapFewShotWithRandomSearch";
    /** DSPy's default for {@code num_candidate_programs}. */
    public static final int DEFAULT_NUM_CANDIDATE_PROGRAMS = 16;
    /** Candidates built and scored at once by default. */
    public static final int DEFAULT_CANDIDATE_THREADS = 4;

    private final Metric metric;
    private final @Nullable Double metricThreshold;
    private final CallOptions teacherSettings;
    private final int maxBootstrappedDemos;
    private final int maxLabeledDemos;
    private final int maxRounds;
    private final int numCandidatePrograms;
    private final @Nullable Integer numThreads;
    private final int maxErrors;
    private final int teacherLookahead;
    private final @Nullable Double stopAtScore;
    private final @Nullable List<Example> valset;
    private final boolean labeledSample;
    private final int candidateThreads;
    private final long callBudget;
    private final @Nullable Consumer<OptimizerEvent> listener;
    private final Options options;

    /**
     * The options of a {@link BootstrapFewShotWithRandomSearch}, as written into its reports.
     *
     * @param numCandidatePrograms shuffled bootstrapping candidates (three more are scored)
     * @param numThreads examples scored at once per candidate, or null for the default
     * @param stopAtScore the score that ends the search, or null
     * @param valsetSize the size of the validation set given, or null when the trainset is used
     * @param labeledSample whether the labeled candidate's demos are sampled
     * @param candidateThreads candidates built and scored at once
     * @param bootstrap the bootstrapping options
     */
    public record Options(
            int numCandidatePrograms,
            @Nullable Integer numThreads,
            @Nullable Double stopAtScore,
            @Nullable Integer valsetSize,
            boolean labeledSample,
            int candidateThreads,
            BootstrapOptions bootstrap)
            implements OptimizerOptions {}

    /**
     * What one search gave.
     *
     * @param program the best candidate (a copy of the student with its demos)
     * @param report what the search spent and found
     * @param candidates the candidates scored, best first (DSPy's {@code candidate_programs})
     * @param <M> the program's type
     */
    public record Result<M extends Module>(M program, OptimizerReport report, List<Candidate> candidates)
            implements OptimizerResult<M> {
        /**
         * Freezes the candidates.
         *
         * @param program the program
         * @param report the report
         * @param candidates the candidates
         */
        public Result {
            Objects.requireNonNull(program, "program");
            Objects.requireNonNull(report, "report");
            candidates = List.copyOf(candidates);
        }
    }

    private BootstrapFewShotWithRandomSearch(Builder builder) {
        this.metric = builder.metric;
        this.metricThreshold = builder.metricThreshold;
        this.teacherSettings = builder.teacherSettings;
        this.maxBootstrappedDemos = builder.maxBootstrappedDemos;
        this.maxLabeledDemos = builder.maxLabeledDemos;
        this.maxRounds = builder.maxRounds;
        this.numCandidatePrograms = builder.numCandidatePrograms;
        this.numThreads = builder.numThreads;
        this.maxErrors = builder.maxErrors;
        this.teacherLookahead = builder.teacherLookahead;
        this.stopAtScore = builder.stopAtScore;
        this.valset = builder.valset;
        this.labeledSample = builder.labeledSample;
        this.candidateThreads = builder.candidateThreads;
        this.callBudget = builder.callBudget;
        this.listener = builder.listener;
        this.options = new Options(
                numCandidatePrograms,
                numThreads,
                stopAtScore,
                valset == null ? null : valset.size(),
                labeledSample,
                candidateThreads,
                builder.bootstrapOptions());
    }

    /**
     * Starts configuring the search.
     *
     * @param metric scores predictions, both to accept bootstrapped demos and to score candidates
     * @return a builder with DSPy's defaults
     */
    public static Builder builder(Metric metric) {
        return new Builder(Objects.requireNonNull(metric, NAME + ": the metric is null"));
    }

    /**
     * A candidate program a search scored.
     *
     * @param seed the candidate's seed (-3, -2, -1, 0...)
     * @param description what the candidate is
     * @param score its validation score
     * @param program the program (a copy; the student is unchanged)
     */
    public record Candidate(int seed, String description, double score, Module program) {}

    /**
     * Runs the search with the student as its own teacher.
     *
     * @param student the program (left unchanged)
     * @param trainset labeled examples with their inputs marked
     * @param <M> the program's type
     * @return the best candidate, the report and every candidate scored
     */
    @Override
    public <M extends Module> Result<M> compileWithResult(M student, List<Example> trainset) {
        return compileWithResult(student, null, trainset);
    }

    /**
     * Runs the search with a teacher: {@link #compileWithResult(Module, Module, List)}'s program.
     *
     * @param student the program (left unchanged)
     * @param teacher the teacher of every bootstrapping candidate, or null for the student
     * @param trainset labeled examples with their inputs marked
     * @param <M> the program's type
     * @return the best candidate
     */
    public <M extends Module> M compile(M student, @Nullable Module teacher, List<Example> trainset) {
        return compileWithResult(student, teacher, trainset).program();
    }

    /**
     * Runs the search.
     *
     * @param student the program (left unchanged)
     * @param teacher the teacher of every bootstrapping candidate, or null for the student
     * @param trainset labeled examples with their inputs marked; also the validation set unless
     *     {@link Builder#valset(List)} was given (as in DSPy)
     * @param <M> the program's type
     * @return the best candidate (a copy of the student with its demos), the report and every
     *     candidate scored
     */
    public <M extends Module> Result<M> compileWithResult(M student, @Nullable Module teacher, List<Example> trainset) {
        Objects.requireNonNull(student, NAME + ": the student is null");
        List<Example> train = Programs.checkTrainset(trainset, NAME, "trainset");
        List<Example> validation = valset != null ? valset : train;
        if (validation.isEmpty()) {
            throw new IllegalArgumentException(
                    NAME + ": the validation set is empty (no valset was given and the " + "trainset is empty)");
        }
        Evaluate evaluate = InstructionRuns.evaluator(validation, metric, numThreads, maxErrors);
        int threads = callBudget > 0 ? 1 : Math.min(candidateThreads, numCandidatePrograms + 3);
        try (Run run = new Run(NAME, options, listener, callBudget)) {
            run.event(
                    OptimizerEvent.Kind.STARTED,
                    (numCandidatePrograms + 3) + " candidates (seeds -3.."
                            + (numCandidatePrograms - 1) + "), between 1 and " + maxBootstrappedDemos
                            + " bootstrapped demos, "
                            + train.size() + " train / " + validation.size() + " validation examples, " + threads
                            + " candidate(s) at a time" + (callBudget > 0 ? ", budget " + callBudget + " calls" : ""),
                    null,
                    null,
                    0,
                    numCandidatePrograms + 3);
            List<Candidate> candidates = new ArrayList<>();
            M best = search(student, teacher, train, evaluate, threads, run, candidates);
            run.close();
            OptimizerReport report = run.report();
            run.event(
                    OptimizerEvent.Kind.FINISHED,
                    report.summary(),
                    report.bestCandidate(),
                    report.bestScore().orElse(null),
                    numCandidatePrograms + 3,
                    numCandidatePrograms + 3);
            return new Result<>(best, report, candidates);
        }
    }

    /** What building and scoring one candidate gave. */
    private record Outcome(int seed, String description, Module program, double score, int demos) {}

    private <M extends Module> M search(
            M student,
            @Nullable Module teacher,
            List<Example> train,
            Evaluate evaluate,
            int threads,
            Run run,
            List<Candidate> candidates) {
        int total = numCandidatePrograms + 3;
        AtomicBoolean stopped = new AtomicBoolean();
        ExecutorService pool = threads > 1 ? Workers.fixed("random-search", threads) : null;
        List<Future<Outcome>> futures = new ArrayList<>();
        List<Candidate> scored = new ArrayList<>();
        Module bestProgram = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        try {
            if (pool != null) {
                for (int seed = -3; seed < numCandidatePrograms; seed++) {
                    int candidate = seed;
                    futures.add(pool.submit(
                            () -> stopped.get() ? null : candidate(candidate, student, teacher, train, evaluate, run)));
                }
            }
            for (int seed = -3; seed < numCandidatePrograms; seed++) {
                Outcome outcome;
                try {
                    outcome = pool != null
                            ? await(futures.get(seed + 3))
                            : candidate(seed, student, teacher, train, evaluate, run);
                } catch (RuntimeException failure) {
                    if (run.meter().exhausted()) {
                        run.stop(run.budgetReason());
                        break;
                    }
                    throw new IllegalStateException(
                            NAME + ": candidate " + seed + " (" + describe(seed, -1) + ") failed: "
                                    + failure.getMessage(),
                            failure);
                }
                if (run.meter().exhausted()) {
                    run.event(
                            OptimizerEvent.Kind.PROGRESS,
                            "candidate " + seed + " dropped: the call budget ran out " + "while it was built or scored",
                            seed,
                            null,
                            seed + 4,
                            total);
                    run.stop(run.budgetReason());
                    break;
                }
                run.addCandidate(new OptimizerReport.CandidateScore(
                        seed, outcome.description(), outcome.score(), outcome.demos()));
                scored.add(new Candidate(seed, outcome.description(), outcome.score(), outcome.program()));
                run.event(
                        OptimizerEvent.Kind.CANDIDATE_SCORED,
                        String.format(
                                Locale.ROOT,
                                "candidate %d (%s): score %.4f",
                                seed,
                                outcome.description(),
                                outcome.score()),
                        seed,
                        outcome.score(),
                        seed + 4,
                        total);
                if (bestProgram == null || outcome.score() > bestScore) {
                    bestProgram = outcome.program();
                    bestScore = outcome.score();
                    run.best(seed);
                    run.event(
                            OptimizerEvent.Kind.NEW_BEST,
                            String.format(Locale.ROOT, "new best score %.4f for " + "candidate %d", bestScore, seed),
                            seed,
                            bestScore,
                            seed + 4,
                            total);
                }
                if (stopAtScore != null && outcome.score() >= stopAtScore) {
                    run.stop(String.format(
                            Locale.ROOT,
                            "stopped: score %.4f of candidate %d reached stopAtScore %s",
                            outcome.score(),
                            seed,
                            stopAtScore));
                    break;
                }
            }
        } finally {
            stopped.set(true);
            if (pool != null) {
                futures.forEach(future -> future.cancel(true));
                pool.shutdownNow();
            }
        }
        List<Candidate> sorted = new ArrayList<>(scored);
        sorted.sort(Comparator.comparingDouble(Candidate::score).reversed());
        candidates.addAll(sorted);
        if (bestProgram == null) {
            run.event(
                    OptimizerEvent.Kind.PROGRESS,
                    "no candidate was scored completely; returning the zero-shot program",
                    null,
                    null,
                    0,
                    total);
            return Programs.resetCopy(student, NAME);
        }
        @SuppressWarnings("unchecked")
        M best = (M) bestProgram;
        return best;
    }

    private static Outcome await(Future<Outcome> future) {
        try {
            Outcome outcome = future.get();
            if (outcome == null) {
                throw new CancellationException("the candidate was not run");
            }
            return outcome;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(NAME + " was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Builds candidate {@code seed} exactly as DSPy's loop does, then scores it. */
    private Outcome candidate(
            int seed, Module student, @Nullable Module teacher, List<Example> train, Evaluate evaluate, Run run) {
        List<Example> trainCopy = new ArrayList<>(train);
        Module program;
        int size = -1;
        if (seed == -3) {
            program = Programs.resetCopy(student, NAME);
        } else if (seed == -2) {
            program = Programs.resetCopy(student, NAME);
            LabeledFewShot.assign(program, trainCopy, maxLabeledDemos, 0, labeledSample);
        } else if (seed == -1) {
            program = bootstrapper(maxBootstrappedDemos).bootstrap(student, teacher, trainCopy, run);
        } else {
            new PyRandom(seed).shuffle(trainCopy);
            size = new PyRandom(seed).randint(1, maxBootstrappedDemos);
            program = bootstrapper(size).bootstrap(student, teacher, trainCopy, run);
        }
        String description = describe(seed, size);
        if (run.meter().exhausted()) {
            throw new CallBudgetExceededException(run.meter().budget(), "candidate " + seed);
        }
        run.event(
                OptimizerEvent.Kind.PROGRESS,
                "candidate " + seed + " (" + description + ") built with " + Programs.demoCount(program)
                        + " demos; scoring it",
                seed,
                null,
                seed + 3,
                numCandidatePrograms + 3);
        Meter.Installed metered = run.meter().install(program);
        EvaluationResult result;
        try {
            result = evaluate.run(program);
        } finally {
            metered.restore();
        }
        return new Outcome(seed, description, program, result.score(), Programs.demoCount(program));
    }

    private String describe(int seed, int size) {
        return switch (seed) {
            case -3 -> "zero-shot";
            case -2 -> "labeled demos only, k=" + maxLabeledDemos;
            case -1 -> "bootstrap, unshuffled, up to " + maxBootstrappedDemos + " demos";
            default ->
                "bootstrap, shuffled with seed " + seed
                        + (size > 0 ? ", up to " + size + " demo" + (size == 1 ? "" : "s") : "");
        };
    }

    private BootstrapFewShot bootstrapper(int maxBootstrapped) {
        BootstrapFewShot.Builder builder = BootstrapFewShot.builder(metric)
                .teacherSettings(teacherSettings)
                .maxBootstrappedDemos(maxBootstrapped)
                .maxLabeledDemos(maxLabeledDemos)
                .maxRounds(maxRounds)
                .maxErrors(maxErrors)
                .teacherLookahead(teacherLookahead);
        if (metricThreshold != null) {
            builder.metricThreshold(metricThreshold);
        }
        return builder.build();
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
     * The number of shuffled bootstrapping candidates (the search scores three more).
     *
     * @return the number
     */
    public int numCandidatePrograms() {
        return numCandidatePrograms;
    }

    /** Configures a {@link BootstrapFewShotWithRandomSearch}; every value has DSPy's default until set. */
    public static final class Builder extends BootstrapBuilder<Builder> {
        private final Metric metric;
        private int numCandidatePrograms = DEFAULT_NUM_CANDIDATE_PROGRAMS;
        private @Nullable Integer numThreads;
        private @Nullable Double stopAtScore;
        private @Nullable List<Example> valset;
        private boolean labeledSample = true;
        private int candidateThreads = DEFAULT_CANDIDATE_THREADS;

        private Builder(Metric metric) {
            super(NAME, 1);
            this.metric = metric;
        }

        /**
         * The number of shuffled bootstrapping candidates (DSPy's {@code num_candidate_programs},
         * default {@value BootstrapFewShotWithRandomSearch#DEFAULT_NUM_CANDIDATE_PROGRAMS}); the
         * three baselines come on top.
         *
         * @param value at least 0
         * @return this builder
         */
        public Builder numCandidatePrograms(int value) {
            this.numCandidatePrograms = atLeast(value, 0, "numCandidatePrograms");
            return this;
        }

        /**
         * Examples scored at once per candidate (DSPy's {@code num_threads}; by default
         * {@link Evaluate}'s default concurrency).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder numThreads(int value) {
            this.numThreads = atLeast(value, 1, "numThreads");
            return this;
        }

        /**
         * Ends the search at the first candidate (in seed order) scoring at least this (DSPy's
         * {@code stop_at_score}), on the metric's scale (usually 0 to 1).
         *
         * @param value the score
         * @return this builder
         */
        public Builder stopAtScore(double value) {
            this.stopAtScore = number(value, "stopAtScore");
            return this;
        }

        /**
         * The examples candidates are scored on (DSPy's {@code valset}); the training set by default.
         *
         * @param value examples with their inputs marked
         * @return this builder
         */
        public Builder valset(List<Example> value) {
            this.valset = Programs.checkTrainset(value, NAME, "valset");
            return this;
        }

        /**
         * Whether the labeled candidate samples its demos (default) or takes the first ones (DSPy's
         * {@code labeled_sample}).
         *
         * @param value true to sample
         * @return this builder
         */
        public Builder labeledSample(boolean value) {
            this.labeledSample = value;
            return this;
        }

        /**
         * Candidates built and scored at once (default
         * {@value BootstrapFewShotWithRandomSearch#DEFAULT_CANDIDATE_THREADS}; 1 when a call budget is set).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder candidateThreads(int value) {
            this.candidateThreads = atLeast(value, 1, "candidateThreads");
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         */
        public BootstrapFewShotWithRandomSearch build() {
            return new BootstrapFewShotWithRandomSearch(this);
        }
    }
}
