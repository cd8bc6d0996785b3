package dev.dspj.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.Metric;
import dev.dspj.execution.CallBudgetExceededException;
import dev.dspj.execution.IndependentCalls;
import dev.dspj.execution.RunRecord;
import dev.dspj.execution.Workers;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmSettings;
import dev.dspj.module.CallOptions;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Example;
import dev.dspj.propose.GroundedProposer;
import dev.dspj.state.ProgramState;
import dev.dspj.variable.Configuration;
import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import dev.dspj.variable.search.Observation;
import dev.dspj.variable.search.TpeSampler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * DSPy's {@code MIPROv2}: proposes instructions and demo sets for every predictor, then searches
 * their combinations with Bayesian optimization.
 *
 * <ol>
 *   <li><b>Demo sets.</b> {@code n} candidate demo sets per predictor, built as DSPy's
 *       {@code create_n_fewshot_demo_sets} (the BootstrapFewShot family of random search): set
 *       {@code -3} zero-shot, {@code -2} {@code maxLabeledDemos} labeled examples, {@code -1}
 *       BootstrapFewShot over the training set in order, and the others BootstrapFewShot over the
 *       training set shuffled, each with a random number of bootstrapped demos between 1 and
 *       {@code maxBootstrappedDemos} (Python's {@code random.Random(seed)}, one stream for the
 *       whole run as in DSPy).</li>
 *   <li><b>Instructions.</b> {@link GroundedProposer} proposes instructions per predictor from a
 *       dataset summary, the program's code and descriptions, the demo sets and a random tip;
 *       instruction 0 is the original.</li>
 *   <li><b>Search.</b> Each predictor's {@code <path>.instruction} and {@code <path>.demos}
 *       (indices, as categorical variables of a {@link VariableSpace}) are searched with
 *       {@link TpeSampler} from the history of (configuration, score) observations, which starts
 *       with the default program (every index 0) scored on the whole validation set. With
 *       {@code minibatch}, each trial is scored on {@code minibatchSize} validation examples drawn
 *       at random; after every {@code minibatchFullEvalSteps} trials, and after the last, the
 *       configuration with the best mean minibatch score that has not been fully evaluated is
 *       scored on the whole validation set, and that score joins the history too. Without it every
 *       trial is scored on the whole set. The best fully evaluated configuration is returned.</li>
 * </ol>
 *
 * <p>The demo sets bootstrap at once and the proposer makes its independent calls at once, up to
 * {@code numThreads}, with the same results as one at a time. With
 * {@link Builder#parallelTrials(int) parallelTrials(k)} up to {@code k} trials of the search are in
 * flight, trial {@code t} proposed from the trials up to {@code t - k}, so a seed still gives one
 * result whatever the threads and timing.
 *
 * <p>Zero-shot mode ({@code maxBootstrappedDemos(0).maxLabeledDemos(0)}) searches instructions
 * only; it still bootstraps demo sets of 3 to show the proposer (DSPy). {@link Auto} presets set
 * the number of candidates, the validation set size and DSPy's number of trials
 * ({@link #numTrialsFor(int, boolean, int)}).
 *
 * <p>Every demo set, every proposed text, every proposed configuration and every score is a step
 * of the {@linkplain Builder#record(RunRecord) run record}: a run restarted with the same seed and a
 * record of the same name replays what the first run finished, with no model call, and goes on from
 * there to the same result. A {@linkplain Builder#callBudget(long) call budget} or
 * {@linkplain Builder#costBudgetUsd(double) cost budget} covers the prompt model and the task model
 * together and is never passed: the run stops and returns the best program fully evaluated so far.
 *
 * <pre>{@code
 * MiproV2 mipro = MiproV2.builder(Metrics.exactMatch("answer"))
 *         .auto(MiproV2.Auto.LIGHT).promptModel(strongModel).callBudget(5_000).build();
 * MiproV2.Result<QaPredictor> result = mipro.compileWithResult(qa, trainset);
 * QaPredictor tuned = result.program();
 * System.out.println(result.report().summary());
 * }</pre>
 */
public final class MiproV2 implements Optimizer {

    /** The optimizer's name in reports and logs. */
    public static final String NAME = "MIPROv2";
    /** DSPy's default for {@code max_bootstrapped_demos}. */
    public static final int DEFAULT_MAX_BOOTSTRAPPED_DEMOS = 4;
    /** DSPy's default for {@code max_labeled_demos}. */
    public static final int DEFAULT_MAX_LABELED_DEMOS = 4;
    /** DSPy's default for {@code minibatch_size}. */
    public static final int DEFAULT_MINIBATCH_SIZE = 35;
    /** DSPy's default for {@code minibatch_full_eval_steps}. */
    public static final int DEFAULT_MINIBATCH_FULL_EVAL_STEPS = 5;
    /** The default temperature of the instruction proposals. */
    public static final double DEFAULT_INIT_TEMPERATURE = 1.0;
    /** Trials in flight at once by default: one, DSPy's sequential search. */
    public static final int DEFAULT_PARALLEL_TRIALS = 1;
    /** DSPy's default seed. */
    public static final long DEFAULT_SEED = 9;
    /** With an {@link Auto} preset, minibatches are used only for validation sets larger than this (DSPy). */
    public static final int MIN_MINIBATCH_SIZE = 50;
    /** Bootstrapped demos per set in zero-shot mode, shown only to the proposer (DSPy). */
    public static final int ZERO_SHOT_BOOTSTRAPPED_DEMOS = 3;
    /** The largest validation set DSPy splits off a training set. */
    public static final int MAX_SPLIT_VALSET = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** DSPy's {@code auto} presets: candidates and validation set size. */
    public enum Auto {
        /** 6 candidates, at most 100 validation examples. */
        LIGHT(6, 100),
        /** 12 candidates, at most 300 validation examples. */
        MEDIUM(12, 300),
        /** 18 candidates, at most 1000 validation examples. */
        HEAVY(18, 1000);

        private final int candidates;
        private final int valSize;

        Auto(int candidates, int valSize) {
            this.candidates = candidates;
            this.valSize = valSize;
        }

        /**
         * The number of demo-set candidates (half as many instructions unless zero-shot).
         *
         * @return {@code n}
         */
        public int candidates() {
            return candidates;
        }

        /**
         * The most validation examples used.
         *
         * @return the size
         */
        public int valSize() {
            return valSize;
        }
    }

    private final Metric metric;
    private final @Nullable Auto auto;
    private final @Nullable Integer numCandidates;
    private final @Nullable Integer numTrials;
    private final int maxBootstrappedDemos;
    private final int maxLabeledDemos;
    private final boolean minibatch;
    private final int minibatchSize;
    private final int minibatchFullEvalSteps;
    private final double initTemperature;
    private final long seed;
    private final @Nullable List<Example> valset;
    private final @Nullable LanguageModel promptModel;
    private final @Nullable LanguageModel taskModel;
    private final CallOptions teacherSettings;
    private final @Nullable Double metricThreshold;
    private final @Nullable Integer numThreads;
    private final int maxErrors;
    private final int teacherLookahead;
    private final boolean programAwareProposer;
    private final boolean dataAwareProposer;
    private final boolean tipAwareProposer;
    private final boolean fewshotAwareProposer;
    private final int viewDataBatchSize;
    private final int parallelTrials;
    private final long callBudget;
    private final double costBudgetUsd;
    private final @Nullable RunRecord record;
    private final @Nullable Consumer<OptimizerEvent> listener;
    private final Options options;

    /**
     * The options of a {@link MiproV2}, as written into its reports and run record.
     *
     * @param auto the preset, or null for custom settings
     * @param numCandidates demo-set and instruction candidates (custom settings), or null
     * @param numTrials trials (custom settings), or null for DSPy's number
     * @param maxBootstrappedDemos the most bootstrapped demos per predictor
     * @param maxLabeledDemos the most labeled demos per predictor
     * @param minibatch whether trials are scored on minibatches
     * @param minibatchSize the minibatch size
     * @param minibatchFullEvalSteps trials between full evaluations
     * @param initTemperature the proposer's temperature
     * @param valsetSize the size of the validation set given, or null when split off the trainset
     * @param teacherSettings the teachers' model name ({@code model}) and settings overrides
     * @param metricThreshold the score a teacher run must reach, or null
     * @param maxErrors failures tolerated
     * @param programAwareProposer whether the proposer sees the program
     * @param dataAwareProposer whether the proposer sees a dataset summary
     * @param tipAwareProposer whether the proposer gets a tip
     * @param fewshotAwareProposer whether the proposer sees demos
     * @param viewDataBatchSize examples per dataset-summary batch
     * @param parallelTrials trials of the search in flight at once
     * @param run the options every instruction optimizer has (models, seed, threads, budgets, record)
     */
    public record Options(
            @Nullable Auto auto,
            @Nullable Integer numCandidates,
            @Nullable Integer numTrials,
            int maxBootstrappedDemos,
            int maxLabeledDemos,
            boolean minibatch,
            int minibatchSize,
            int minibatchFullEvalSteps,
            double initTemperature,
            @Nullable Integer valsetSize,
            Map<String, Object> teacherSettings,
            @Nullable Double metricThreshold,
            int maxErrors,
            boolean programAwareProposer,
            boolean dataAwareProposer,
            boolean tipAwareProposer,
            boolean fewshotAwareProposer,
            int viewDataBatchSize,
            int parallelTrials,
            int teacherLookahead,
            InstructionOptions run)
            implements OptimizerOptions {
        /**
         * Freezes the teacher settings.
         *
         * @param auto preset
         * @param numCandidates candidates
         * @param numTrials trials
         * @param maxBootstrappedDemos bootstrapped demos
         * @param maxLabeledDemos labeled demos
         * @param minibatch minibatching
         * @param minibatchSize minibatch size
         * @param minibatchFullEvalSteps full evaluation period
         * @param initTemperature temperature
         * @param valsetSize validation set size
         * @param teacherSettings teacher overrides
         * @param metricThreshold threshold
         * @param maxErrors errors
         * @param programAwareProposer program aware
         * @param dataAwareProposer data aware
         * @param tipAwareProposer tip aware
         * @param fewshotAwareProposer few-shot aware
         * @param viewDataBatchSize summary batch size
         * @param parallelTrials trials in flight at once
         * @param teacherLookahead bootstrapping's teacher runs made ahead
         * @param run shared options
         */
        public Options {
            teacherSettings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(teacherSettings));
        }
    }

    /**
     * What one MIPROv2 run gave.
     *
     * @param program a copy of the student with the best instructions and demos found
     * @param report what the run spent and found: every full evaluation as a candidate (numbered by
     *     the trial it followed; 0 is the default program), the returned one, why it stopped, the
     *     options
     * @param trials every scoring of the search, in order: the default program, each trial's
     *     minibatch score, and the full evaluations
     * @param instructionCandidates the instruction candidates per predictor path; index 0 is the
     *     original
     * @param bestConfiguration the configuration returned, or null when none was fully evaluated
     * @param <M> the program's type
     */
    public record Result<M extends Module>(
            M program,
            OptimizerReport report,
            List<Trial> trials,
            Map<String, List<String>> instructionCandidates,
            @Nullable Configuration bestConfiguration)
            implements OptimizerResult<M> {
        /**
         * Freezes the lists.
         *
         * @param program the program
         * @param report the report
         * @param trials the trials
         * @param instructionCandidates the instruction candidates
         * @param bestConfiguration the best configuration, or null
         */
        public Result {
            Objects.requireNonNull(program, "program");
            Objects.requireNonNull(report, "report");
            trials = List.copyOf(trials);
            Map<String, List<String>> frozen = new java.util.LinkedHashMap<>();
            instructionCandidates.forEach((path, texts) -> frozen.put(path, List.copyOf(texts)));
            instructionCandidates = java.util.Collections.unmodifiableMap(frozen);
        }
    }

    private MiproV2(Builder builder) {
        this.metric = builder.metric;
        this.auto = builder.auto;
        this.numCandidates = builder.numCandidates;
        this.numTrials = builder.numTrials;
        this.maxBootstrappedDemos = builder.maxBootstrappedDemos;
        this.maxLabeledDemos = builder.maxLabeledDemos;
        this.minibatch = builder.minibatch;
        this.minibatchSize = builder.minibatchSize;
        this.minibatchFullEvalSteps = builder.minibatchFullEvalSteps;
        this.initTemperature = builder.initTemperature;
        this.seed = builder.seed;
        this.valset = builder.valset;
        this.promptModel = builder.promptModel;
        this.taskModel = builder.taskModel;
        this.teacherSettings = builder.teacherSettings;
        this.metricThreshold = builder.metricThreshold;
        this.numThreads = builder.numThreads;
        this.maxErrors = builder.maxErrors;
        this.teacherLookahead = builder.teacherLookahead;
        this.programAwareProposer = builder.programAwareProposer;
        this.dataAwareProposer = builder.dataAwareProposer;
        this.tipAwareProposer = builder.tipAwareProposer;
        this.fewshotAwareProposer = builder.fewshotAwareProposer;
        this.viewDataBatchSize = builder.viewDataBatchSize;
        this.parallelTrials = builder.parallelTrials;
        this.callBudget = builder.callBudget;
        this.costBudgetUsd = builder.costBudgetUsd;
        this.record = builder.record;
        this.listener = builder.listener;
        this.options = new Options(
                auto,
                numCandidates,
                numTrials,
                maxBootstrappedDemos,
                maxLabeledDemos,
                minibatch,
                minibatchSize,
                minibatchFullEvalSteps,
                initTemperature,
                valset == null ? null : valset.size(),
                OptionsJson.callOptions(teacherSettings),
                metricThreshold,
                maxErrors,
                programAwareProposer,
                dataAwareProposer,
                tipAwareProposer,
                fewshotAwareProposer,
                viewDataBatchSize,
                parallelTrials,
                teacherLookahead,
                builder.instructionOptions());
    }

    /**
     * Starts configuring MIPROv2.
     *
     * @param metric scores predictions, both to accept bootstrapped demos and to score candidates
     * @return a builder with DSPy's defaults ({@code auto = LIGHT})
     */
    public static Builder builder(Metric metric) {
        return new Builder(Objects.requireNonNull(metric, NAME + ": the metric is null"));
    }

    /**
     * DSPy's number of trials: {@code int(max(2 * vars * log2(n), 1.5 * n))}, where {@code vars} is
     * the number of predictors, twice that unless zero-shot (an instruction and a demo set each).
     *
     * @param predictors the program's predictors
     * @param zeroShot whether only instructions are searched
     * @param candidates {@code n}
     * @return the number of trials
     */
    public static int numTrialsFor(int predictors, boolean zeroShot, int candidates) {
        int variables = zeroShot ? predictors : 2 * predictors;
        double log2 = Math.log(candidates) / Math.log(2);
        return (int) Math.max(2 * variables * log2, 1.5 * candidates);
    }

    /**
     * One scored configuration of the search.
     *
     * @param number the trial number: 0 is the default program, then 1, 2... in order; a full
     *     evaluation carries the number of the minibatch trial it followed
     * @param configuration the instruction and demo-set index of every predictor
     * @param score the score
     * @param fullEvaluation whether it was scored on the whole validation set
     * @param examples how many examples it was scored on
     */
    public record Trial(int number, Configuration configuration, double score, boolean fullEvaluation, int examples) {}

    /**
     * Runs MIPROv2 with the student as its own teacher.
     *
     * @param student the program (left unchanged)
     * @param trainset labeled examples with their inputs marked
     * @param <M> the program's type
     * @return the best program found, the report, the trials and the candidates
     */
    @Override
    public <M extends Module> Result<M> compileWithResult(M student, List<Example> trainset) {
        return compileWithResult(student, null, trainset);
    }

    /**
     * Runs MIPROv2 with a teacher: {@link #compileWithResult(Module, Module, List)}'s program.
     *
     * @param student the program (left unchanged)
     * @param teacher the teacher of the bootstrapped demo sets, or null for the student
     * @param trainset labeled examples with their inputs marked
     * @param <M> the program's type
     * @return a copy of the student with the best instructions and demos found
     */
    public <M extends Module> M compile(M student, @Nullable Module teacher, List<Example> trainset) {
        return compileWithResult(student, teacher, trainset).program();
    }

    /**
     * Runs MIPROv2.
     *
     * @param student the program (left unchanged)
     * @param teacher the teacher of the bootstrapped demo sets, or null for the student
     * @param trainset labeled examples with their inputs marked; without a valset, its last 80%
     *     (at most 1000) are split off for validation as DSPy does
     * @param <M> the program's type
     * @return a copy of the student with the best instructions and demos found, the report, the
     *     trials and the candidates
     */
    public <M extends Module> Result<M> compileWithResult(M student, @Nullable Module teacher, List<Example> trainset) {
        Objects.requireNonNull(student, NAME + ": the student is null");
        List<Example> train = Programs.checkTrainset(trainset, NAME, "trainset");
        if (train.isEmpty()) {
            throw new IllegalArgumentException(NAME + ": the trainset is empty");
        }
        if (student.namedPredictors().isEmpty()) {
            throw new IllegalArgumentException(NAME + ": the student has no predictors to optimize");
        }
        List<Example> validation;
        if (valset != null) {
            validation = valset;
        } else {
            if (train.size() < 2) {
                throw new IllegalArgumentException(NAME + ": the trainset needs at least 2 examples when no valset is "
                        + "given (80% of it becomes the validation set); it has " + train.size());
            }
            int valSize = Math.min(MAX_SPLIT_VALSET, Math.max(1, (int) (train.size() * 0.80)));
            int cutoff = train.size() - valSize;
            validation = train.subList(cutoff, train.size());
            train = train.subList(0, cutoff);
        }
        boolean zeroShot = maxBootstrappedDemos == 0 && maxLabeledDemos == 0;
        int predictors = student.namedPredictors().size();
        PyRandom rng = new PyRandom(seed);
        int fewshotCandidates;
        int instructCandidates;
        int trials;
        boolean useMinibatch = minibatch;
        if (auto != null) {
            List<Integer> indices = new ArrayList<>();
            for (int i = 0; i < validation.size(); i++) {
                indices.add(i);
            }
            List<Example> sampled = new ArrayList<>();
            for (int index : rng.sample(indices, Math.min(auto.valSize(), validation.size()))) {
                sampled.add(validation.get(index));
            }
            validation = sampled;
            useMinibatch = validation.size() > MIN_MINIBATCH_SIZE;
            fewshotCandidates = auto.candidates();
            instructCandidates = zeroShot ? auto.candidates() : (int) (auto.candidates() * 0.5);
            trials = numTrialsFor(predictors, zeroShot, auto.candidates());
        } else {
            // build() requires numCandidates without an auto preset
            int candidates = Objects.requireNonNull(numCandidates, "numCandidates");
            fewshotCandidates = candidates;
            instructCandidates = candidates;
            trials = numTrials != null ? numTrials : numTrialsFor(predictors, zeroShot, candidates);
        }
        if (useMinibatch && minibatchSize > validation.size()) {
            throw new IllegalArgumentException(NAME + ": minibatchSize " + minibatchSize + " is larger than the "
                    + "validation set (" + validation.size()
                    + " examples); lower minibatchSize, give a larger valset, or "
                    + "set minibatch(false)");
        }
        LanguageModel proposer = InstructionRuns.promptModel(promptModel, student, NAME);
        RunRecord steps = record != null ? record : RunRecord.inMemory(NAME);
        try (Run run = new Run(NAME, options, listener, callBudget, costBudgetUsd)) {
            InstructionRuns.recordOptions(steps, run);
            run.event(
                    OptimizerEvent.Kind.STARTED,
                    String.format(
                            Locale.ROOT,
                            "%s%s: %d demo-set candidates, %d "
                                    + "instruction candidates, %d trials, %s, %d train / %d validation examples, %d predictor(s)%s",
                            auto == null
                                    ? "custom settings"
                                    : "auto=" + auto.name().toLowerCase(Locale.ROOT),
                            zeroShot ? ", zero-shot" : "",
                            fewshotCandidates,
                            instructCandidates,
                            trials,
                            useMinibatch
                                    ? "minibatches of " + minibatchSize + ", a full evaluation every "
                                            + minibatchFullEvalSteps
                                    : "every trial on the full validation set",
                            train.size(),
                            validation.size(),
                            predictors,
                            InstructionRuns.budgetText(callBudget, costBudgetUsd)),
                    null,
                    null,
                    0,
                    trials);
            Search search = new Search(
                    student,
                    teacher,
                    train,
                    validation,
                    zeroShot,
                    fewshotCandidates,
                    instructCandidates,
                    trials,
                    useMinibatch,
                    rng,
                    run,
                    steps,
                    run.meter().wrap(proposer));
            M best = search.run();
            run.close();
            OptimizerReport report = run.report();
            run.event(
                    OptimizerEvent.Kind.FINISHED,
                    report.summary() + " (" + steps + ")",
                    report.bestCandidate(),
                    report.bestScore().orElse(null),
                    trials,
                    trials);
            return new Result<>(best, report, search.trials, search.instructionCandidates, search.bestConfiguration);
        }
    }

    /** One compile's state. */
    private final class Search {
        private final @Nullable Module teacher;
        private final List<Example> train;
        private final List<Example> validation;
        private final boolean zeroShot;
        private final int fewshotCandidates;
        private final int instructCandidates;
        private final int numTrials;
        private final boolean useMinibatch;
        private final PyRandom rng;
        private final Run run;
        private final RunRecord steps;
        private final LanguageModel proposer;
        private final Evaluate fullEvaluate;
        private final List<String> paths = new ArrayList<>();
        private final List<Trial> trials = new ArrayList<>();
        private final Module program;
        private Map<String, List<List<Example>>> demoCandidates = Map.of();
        private Map<String, List<String>> instructionCandidates = Map.of();
        private @Nullable Configuration bestConfiguration;
        private double bestScore = Double.NEGATIVE_INFINITY;

        Search(
                Module student,
                @Nullable Module teacher,
                List<Example> train,
                List<Example> validation,
                boolean zeroShot,
                int fewshotCandidates,
                int instructCandidates,
                int numTrials,
                boolean useMinibatch,
                PyRandom rng,
                Run run,
                RunRecord steps,
                LanguageModel proposer) {
            this.teacher = teacher;
            this.train = train;
            this.validation = validation;
            this.zeroShot = zeroShot;
            this.fewshotCandidates = fewshotCandidates;
            this.instructCandidates = instructCandidates;
            this.numTrials = numTrials;
            this.useMinibatch = useMinibatch;
            this.rng = rng;
            this.run = run;
            this.steps = steps;
            this.proposer = proposer;
            this.fullEvaluate = InstructionRuns.evaluator(validation, metric, numThreads, maxErrors);
            student.namedPredictors().forEach(named -> paths.add(named.name()));
            this.program = Programs.copyOf(student, NAME);
            InstructionRuns.applyTaskModel(program, taskModel);
        }

        // the optimizer returns a copy of the caller's program, whose type the caller names
        @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
        <M extends Module> M run() {
            try {
                demoCandidates = demoSets();
                // with trials at once, the default program (original instructions, demo set 0) is
                // scored while the instructions are proposed: it needs neither
                Launched early = parallelTrials > 1 ? startDefault() : null;
                try {
                    instructionCandidates = instructions();
                    search(early);
                } finally {
                    if (early != null) {
                        early.await();
                    }
                }
            } catch (CallBudgetExceededException refused) {
                run.stop(run.budgetReason());
            }
            if (bestConfiguration == null) {
                run.event(
                        OptimizerEvent.Kind.PROGRESS,
                        "no configuration was fully evaluated; returning the student's " + "instructions and demos",
                        null,
                        null,
                        0,
                        0);
                return (M) program;
            }
            return (M) build(bestConfiguration);
        }

        /** The most model calls a step of the run makes at once. */
        private int threads() {
            return numThreads != null ? numThreads : Evaluate.DEFAULT_CONCURRENCY;
        }

        // ---------------------------------------------------------------- step 1: demo sets

        private Map<String, List<List<Example>>> demoSets() {
            int labeled = zeroShot ? 0 : maxLabeledDemos;
            int bootstrapped = zeroShot ? ZERO_SHOT_BOOTSTRAPPED_DEMOS : maxBootstrappedDemos;
            Map<String, List<List<Example>>> sets = new LinkedHashMap<>();
            paths.forEach(path -> sets.put(path, new ArrayList<>()));
            int shuffledSets = fewshotCandidates - 3;
            run.event(
                    OptimizerEvent.Kind.PROGRESS,
                    "step 1: bootstrapping " + fewshotCandidates + " demo sets",
                    null,
                    null,
                    0,
                    fewshotCandidates);
            // every random draw and step name is made in order first; the sets then bootstrap at once
            List<Configuration> names = new ArrayList<>();
            List<String> descriptions = new ArrayList<>();
            List<java.util.function.Supplier<String>> builds = new ArrayList<>();
            for (int setSeed = -3; setSeed < shuffledSets; setSeed++) {
                List<Example> trainCopy = new ArrayList<>(train);
                String description;
                java.util.function.Supplier<Module> build;
                if (setSeed == -3) {
                    description = "zero-shot";
                    build = () -> Programs.resetCopy(program, NAME);
                } else if (setSeed == -2 && labeled > 0) {
                    description = "labeled demos only, k=" + labeled;
                    build = () -> {
                        Module labeledOnly = Programs.resetCopy(program, NAME);
                        LabeledFewShot.assign(labeledOnly, trainCopy, labeled, 0, true);
                        return labeledOnly;
                    };
                } else if (setSeed == -1) {
                    description = "bootstrap, unshuffled, up to " + bootstrapped + " demos";
                    build = () ->
                            bootstrapper(bootstrapped, labeled, false).bootstrap(program, teacher, trainCopy, run);
                } else {
                    rng.shuffle(trainCopy);
                    int size = bootstrapped > 0 ? rng.randint(1, bootstrapped) : 0;
                    description = "bootstrap, shuffled, up to " + size + " demos";
                    build = () -> bootstrapper(size, labeled, true).bootstrap(program, teacher, trainCopy, run);
                }
                java.util.function.Supplier<Module> builder = build;
                String described = description;
                Configuration name = InstructionRuns.step("mipro.demos", "set", setSeed);
                names.add(name);
                descriptions.add(description);
                builds.add(
                        steps.has(name)
                                ? null
                                : () -> {
                                    Module built = builder.get();
                                    if (run.meter().exhausted()) {
                                        throw InstructionRuns.budgetReached(run, "demo set " + described);
                                    }
                                    return ProgramState.toJson(built).toString();
                                });
            }
            try (IndependentCalls<String> built = IndependentCalls.start(threads(), builds)) {
                for (int setSeed = -3; setSeed < shuffledSets; setSeed++) {
                    int index = setSeed + 3;
                    String description = descriptions.get(index);
                    JsonNode state = steps.json(names.get(index), () -> built.get(index));
                    Module restored = Programs.resetCopy(program, NAME);
                    ProgramState.fromJson(restored, state);
                    List<NamedPredictor> named = restored.namedPredictors();
                    for (int p = 0; p < paths.size(); p++) {
                        at(sets, paths.get(p))
                                .add(List.copyOf(named.get(p).predictor().demos()));
                    }
                    run.event(
                            OptimizerEvent.Kind.PROGRESS,
                            "demo set " + (setSeed + 3) + " (" + description + "): " + Programs.demoCount(restored)
                                    + " demos",
                            setSeed,
                            null,
                            setSeed + 4,
                            fewshotCandidates);
                }
            }
            Map<String, List<List<Example>>> frozen = new LinkedHashMap<>();
            sets.forEach((path, list) -> frozen.put(path, List.copyOf(list)));
            return Collections.unmodifiableMap(frozen);
        }

        private BootstrapFewShot bootstrapper(int maxBootstrapped, int labeled, boolean withThreshold) {
            BootstrapFewShot.Builder builder = BootstrapFewShot.builder(metric)
                    .teacherSettings(teacherSettings)
                    .maxBootstrappedDemos(maxBootstrapped)
                    .maxLabeledDemos(labeled)
                    .maxErrors(maxErrors)
                    .teacherLookahead(teacherLookahead);
            if (withThreshold && metricThreshold != null) {
                builder.metricThreshold(metricThreshold);
            }
            return builder.build();
        }

        // ---------------------------------------------------------------- step 2: instructions

        private Map<String, List<String>> instructions() {
            run.event(
                    OptimizerEvent.Kind.PROGRESS,
                    "step 2: proposing " + instructCandidates + " instructions per predictor",
                    null,
                    null,
                    0,
                    instructCandidates);
            GroundedProposer grounded = GroundedProposer.builder(proposer)
                    .programAware(programAwareProposer)
                    .dataAware(dataAwareProposer)
                    .tipAware(tipAwareProposer)
                    .fewshotAware(fewshotAwareProposer)
                    .viewDataBatchSize(viewDataBatchSize)
                    .seed(seed)
                    .numThreads(threads())
                    .record(steps)
                    .build();
            Map<String, List<String>> proposed =
                    grounded.proposeInstructions(program, train, demoCandidates, instructCandidates, initTemperature);
            proposed.forEach((path, list) -> {
                for (int i = 0; i < list.size(); i++) {
                    run.event(
                            OptimizerEvent.Kind.PROGRESS,
                            path + " instruction " + i + ": " + InstructionRuns.abbreviate(list.get(i), 120),
                            null,
                            null,
                            i + 1,
                            list.size());
                }
            });
            return proposed;
        }

        // ---------------------------------------------------------------- step 3: search

        private VariableSpace space() {
            VariableSpace.Builder builder = VariableSpace.builder();
            for (String path : paths) {
                builder.add(Variable.choice(
                                instructionVariable(path),
                                indices(at(instructionCandidates, path).size()),
                                "0")
                        .describedAs("index of " + path + "'s instruction candidate"));
                if (!zeroShot) {
                    builder.add(Variable.choice(
                                    demosVariable(path),
                                    indices(at(demoCandidates, path).size()),
                                    "0")
                            .describedAs("index of " + path + "'s demo set"));
                }
            }
            return builder.build();
        }

        /** Starts the default program's full evaluation on a thread of its own. */
        private Launched startDefault() {
            Module candidate = Programs.copyOf(program, NAME);
            List<NamedPredictor> named = candidate.namedPredictors();
            for (int p = 0; p < paths.size(); p++) {
                Predict predictor = named.get(p).predictor();
                predictor.setInstructions(predictor.signature().instructions());
                if (!zeroShot) {
                    predictor.setDemos(at(demoCandidates, paths.get(p)).get(0));
                }
            }
            java.util.function.DoubleSupplier scoring = () -> fullScore(candidate, 0);
            ExecutorService pool = Workers.fixed("mipro-default", 1);
            CompletableFuture<Double> started = CompletableFuture.supplyAsync(scoring::getAsDouble, pool);
            pool.shutdown();
            Configuration.Builder defaults = Configuration.builder();
            for (String path : paths) {
                defaults.put(instructionVariable(path), "0");
                if (!zeroShot) {
                    defaults.put(demosVariable(path), "0");
                }
            }
            return new Launched(defaults.build(), validation, scoring, started);
        }

        private void search(@Nullable Launched early) {
            VariableSpace space = space();
            TpeSampler tpe = TpeSampler.create();
            List<Observation> history = new ArrayList<>();
            // the trial after which each observation of the history was made (0: the default program)
            List<Integer> historyTrials = new ArrayList<>();
            Map<Configuration, List<Double>> minibatchScores = new LinkedHashMap<>();
            Map<Configuration, Double> fullyEvaluated = new LinkedHashMap<>();
            run.event(
                    OptimizerEvent.Kind.PROGRESS,
                    "step 3: searching " + space.names() + " with " + tpe.name() + " over " + numTrials + " trials",
                    null,
                    null,
                    0,
                    numTrials);

            Configuration defaults = space.defaults();
            double defaultScore;
            if (early != null) {
                List<NamedPredictor> named = program.namedPredictors();
                for (int p = 0; p < paths.size(); p++) {
                    if (!at(instructionCandidates, paths.get(p))
                            .get(0)
                            .equals(named.get(p).predictor().signature().instructions())) {
                        throw new IllegalStateException(NAME + ": instruction 0 of " + paths.get(p)
                                + " is not the original, which the default program was scored with");
                    }
                }
                defaultScore = early.score();
                keep(defaults, 0, "the default program", defaultScore);
            } else {
                defaultScore = fullEvaluation(defaults, 0, "the default program");
            }
            history.add(Observation.of(defaults, defaultScore));
            historyTrials.add(0);
            fullyEvaluated.put(defaults, defaultScore);

            int inFlight = Math.min(parallelTrials, numTrials);
            ExecutorService pool = inFlight > 1 ? Workers.fixed("mipro-trials", inFlight) : null;
            Map<Integer, Launched> launched = new java.util.HashMap<>();
            try {
                int next = 1;
                for (int t = 1; t <= numTrials; t++) {
                    // trial n starts once every trial up to n - parallelTrials has been taken in below
                    while (next <= numTrials && next - t < inFlight) {
                        launched.put(next, launch(next, space, tpe, history, historyTrials, launched, pool));
                        next++;
                    }
                    Launched trial = at(launched, t);
                    double score = trial.score();
                    Configuration configuration = trial.configuration();
                    if (!useMinibatch) {
                        keep(configuration, t, "trial " + t, score);
                        history.add(Observation.of(configuration, score));
                        historyTrials.add(t);
                        continue;
                    }
                    List<Example> batch = trial.batch();
                    history.add(Observation.of(configuration, score));
                    historyTrials.add(t);
                    minibatchScores
                            .computeIfAbsent(configuration, c -> new ArrayList<>())
                            .add(score);
                    trials.add(new Trial(t, configuration, score, false, batch.size()));
                    run.event(
                            OptimizerEvent.Kind.CANDIDATE_SCORED,
                            String.format(
                                    Locale.ROOT,
                                    "trial %d/%d: minibatch "
                                            + "score %.4f on %d examples for %s (best full score so far %.4f)",
                                    t,
                                    numTrials,
                                    score,
                                    batch.size(),
                                    describe(configuration),
                                    bestScore),
                            t,
                            score,
                            t,
                            numTrials);
                    if (t % minibatchFullEvalSteps == 0 || t == numTrials) {
                        Configuration top = bestByMean(minibatchScores, fullyEvaluated);
                        if (top != null) {
                            List<Double> topScores = at(minibatchScores, top);
                            double full = fullEvaluation(
                                    top,
                                    t,
                                    String.format(
                                            Locale.ROOT,
                                            "the best mean minibatch score (%.4f over %d) after trial %d",
                                            mean(topScores),
                                            topScores.size(),
                                            t));
                            history.add(Observation.of(top, full));
                            historyTrials.add(t);
                            fullyEvaluated.put(top, full);
                        }
                    }
                }
            } finally {
                // no call of a trial is still in flight when the search returns or throws
                launched.values().forEach(Launched::await);
                if (pool != null) {
                    pool.shutdown();
                }
            }
        }

        /**
         * Proposes trial {@code n} from the trials up to {@code n - parallelTrials} (and the full
         * evaluations that followed them) as completed and the later ones already proposed as
         * pending, draws its minibatch, and starts its scoring: on the pool, or, with one trial at
         * a time, when it is read.
         */
        private Launched launch(
                int n,
                VariableSpace space,
                TpeSampler tpe,
                List<Observation> history,
                List<Integer> historyTrials,
                Map<Integer, Launched> launched,
                @Nullable ExecutorService pool) {
            int inFlight = Math.min(parallelTrials, numTrials);
            List<Observation> completed = new ArrayList<>();
            for (int i = 0; i < history.size(); i++) {
                if (historyTrials.get(i) <= n - inFlight) {
                    completed.add(history.get(i));
                }
            }
            List<Configuration> pending = new ArrayList<>();
            for (int p = Math.max(1, n - inFlight + 1); p < n; p++) {
                pending.add(at(launched, p).configuration());
            }
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + n);
            List<Observation> seen = List.copyOf(completed);
            List<Configuration> waiting = List.copyOf(pending);
            JsonNode proposed = steps.json(
                    InstructionRuns.step("mipro.proposal", "trial", n),
                    () -> tpe.propose(space, seen, waiting, random)
                            .orElseGet(() -> space.sample(random))
                            .toJson());
            Configuration configuration = Configuration.fromJson(proposed.toString());
            java.util.function.DoubleSupplier scoring;
            List<Example> batch;
            if (!useMinibatch) {
                batch = validation;
                scoring = () -> fullScore(configuration, n);
            } else {
                batch = minibatch();
                Module candidate = build(configuration);
                Evaluate onBatch = InstructionRuns.evaluator(batch, metric, numThreads, maxErrors);
                scoring = () -> steps.score(
                        InstructionRuns.step("mipro.minibatch", "trial", n),
                        () -> InstructionRuns.score(run, candidate, onBatch, "trial " + n + " minibatch"));
            }
            CompletableFuture<Double> started =
                    pool == null ? null : CompletableFuture.supplyAsync(scoring::getAsDouble, pool);
            return new Launched(configuration, batch, scoring, started);
        }
        /** Scores a configuration on the whole validation set and keeps it if it is the best. */
        private double fullEvaluation(Configuration configuration, int after, String why) {
            double score = fullScore(configuration, after);
            keep(configuration, after, why, score);
            return score;
        }

        /** A configuration's score on the whole validation set: the step {@code mipro.full} after a trial. */
        private double fullScore(Configuration configuration, int after) {
            return fullScore(build(configuration), after);
        }

        /** A program's score on the whole validation set: the step {@code mipro.full} after a trial. */
        private double fullScore(Module candidate, int after) {
            return steps.score(
                    InstructionRuns.step("mipro.full", "after", after),
                    () -> InstructionRuns.score(run, candidate, fullEvaluate, "full evaluation after trial " + after));
        }

        /** Records a full evaluation's score as a trial and a candidate, and keeps it if it is the best. */
        private void keep(Configuration configuration, int after, String why, double score) {
            Module candidate = build(configuration);
            trials.add(new Trial(after, configuration, score, true, validation.size()));
            String description =
                    (after == 0 ? "default program" : "after trial " + after) + ": " + describe(configuration);
            run.addCandidate(
                    new OptimizerReport.CandidateScore(after, description, score, Programs.demoCount(candidate)));
            run.event(
                    OptimizerEvent.Kind.CANDIDATE_SCORED,
                    String.format(
                            Locale.ROOT,
                            "full evaluation of %s, %s: " + "%.4f on %d examples",
                            why,
                            describe(configuration),
                            score,
                            validation.size()),
                    after,
                    score,
                    after,
                    numTrials);
            if (score > bestScore) {
                bestScore = score;
                bestConfiguration = configuration;
                run.best(after);
                steps.note(
                        InstructionRuns.step("mipro.best", "after", after),
                        JSON.createObjectNode()
                                .put("configuration", configuration.toJson())
                                .put("score", score)
                                .toString());
                run.event(
                        OptimizerEvent.Kind.NEW_BEST,
                        String.format(Locale.ROOT, "new best full score %.4f: %s", score, describe(configuration)),
                        after,
                        score,
                        after,
                        numTrials);
            }
        }

        /** DSPy's {@code create_minibatch}: {@code minibatchSize} validation examples drawn from the run's stream. */
        private List<Example> minibatch() {
            List<Integer> indices = new ArrayList<>(validation.size());
            for (int i = 0; i < validation.size(); i++) {
                indices.add(i);
            }
            List<Example> batch = new ArrayList<>(minibatchSize);
            for (int index : rng.sample(indices, Math.min(minibatchSize, validation.size()))) {
                batch.add(validation.get(index));
            }
            return batch;
        }

        /** DSPy's {@code get_program_with_highest_avg_score}, skipping what was fully evaluated; null when all were. */
        private @Nullable Configuration bestByMean(
                Map<Configuration, List<Double>> scores, Map<Configuration, Double> done) {
            List<Map.Entry<Configuration, List<Double>>> ranked = new ArrayList<>(scores.entrySet());
            ranked.sort(Comparator.comparingDouble((Map.Entry<Configuration, List<Double>> e) -> mean(e.getValue()))
                    .reversed());
            for (Map.Entry<Configuration, List<Double>> entry : ranked) {
                if (!done.containsKey(entry.getKey())) {
                    return entry.getKey();
                }
            }
            return null;
        }

        /** A copy of the program with a configuration's instructions and demo sets. */
        private Module build(Configuration configuration) {
            Module candidate = Programs.copyOf(program, NAME);
            List<NamedPredictor> named = candidate.namedPredictors();
            for (int p = 0; p < paths.size(); p++) {
                String path = paths.get(p);
                Predict predictor = named.get(p).predictor();
                int instruction = Integer.parseInt(configuration.getString(instructionVariable(path)));
                predictor.setInstructions(at(instructionCandidates, path).get(instruction));
                if (!zeroShot) {
                    int demos = Integer.parseInt(configuration.getString(demosVariable(path)));
                    predictor.setDemos(at(demoCandidates, path).get(demos));
                }
            }
            return candidate;
        }

        private String describe(Configuration configuration) {
            List<String> parts = new ArrayList<>();
            for (String path : paths) {
                String part = path + ": instruction " + configuration.getString(instructionVariable(path));
                if (!zeroShot) {
                    part += ", demo set " + configuration.getString(demosVariable(path));
                }
                parts.add(part);
            }
            return String.join("; ", parts);
        }
    }

    /**
     * A trial of the search, proposed and started: its configuration, the examples it is scored on,
     * and its scoring, already running on the trial pool or (one trial at a time) run when read.
     */
    private record Launched(
            Configuration configuration,
            List<Example> batch,
            java.util.function.DoubleSupplier scoring,
            @Nullable CompletableFuture<Double> started) {

        /** The trial's score, waiting for it; what its scoring threw is thrown as it was. */
        double score() {
            if (started == null) {
                return scoring.getAsDouble();
            }
            return IndependentCalls.join(started);
        }

        /** Waits until the scoring, if started, has finished, whatever its outcome. */
        void await() {
            if (started == null) {
                return;
            }
            boolean interrupted = false;
            while (true) {
                try {
                    started.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                    break;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static List<String> indices(int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(Integer.toString(i));
        }
        return out;
    }

    private static double mean(List<Double> scores) {
        double sum = 0;
        for (double s : scores) {
            sum += s;
        }
        return sum / scores.size();
    }

    /**
     * The search variable of a predictor's instruction index.
     *
     * @param path the predictor's path
     * @return {@code <path>.instruction}
     */
    public static String instructionVariable(String path) {
        return path + ".instruction";
    }

    /**
     * The search variable of a predictor's demo-set index.
     *
     * @param path the predictor's path
     * @return {@code <path>.demos}
     */
    public static String demosVariable(String path) {
        return path + ".demos";
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

    /** An entry of one of the search's maps, which hold every key they are asked for. */
    private static <K, V> V at(Map<K, V> map, K key) {
        return Objects.requireNonNull(map.get(key), () -> "no entry for " + key);
    }

    /** Configures {@link MiproV2}; every value has DSPy's default until set. */
    public static final class Builder extends InstructionOptimizerBuilder<Builder> {
        private final Metric metric;
        private @Nullable Auto auto = Auto.LIGHT;
        private @Nullable Integer numCandidates;
        private @Nullable Integer numTrials;
        private int maxBootstrappedDemos = DEFAULT_MAX_BOOTSTRAPPED_DEMOS;
        private int maxLabeledDemos = DEFAULT_MAX_LABELED_DEMOS;
        private boolean minibatch = true;
        private int minibatchSize = DEFAULT_MINIBATCH_SIZE;
        private int minibatchFullEvalSteps = DEFAULT_MINIBATCH_FULL_EVAL_STEPS;
        private double initTemperature = DEFAULT_INIT_TEMPERATURE;
        private @Nullable List<Example> valset;
        private CallOptions teacherSettings = CallOptions.NONE;
        private @Nullable Double metricThreshold;
        private int maxErrors = BootstrapFewShot.DEFAULT_MAX_ERRORS;
        private int teacherLookahead;
        private boolean programAwareProposer = true;
        private boolean dataAwareProposer = true;
        private boolean tipAwareProposer = true;
        private boolean fewshotAwareProposer = true;
        private int viewDataBatchSize = GroundedProposer.DEFAULT_VIEW_DATA_BATCH_SIZE;
        private int parallelTrials = DEFAULT_PARALLEL_TRIALS;

        private Builder(Metric metric) {
            super(NAME, DEFAULT_SEED, null);
            this.metric = metric;
        }

        /**
         * A preset for the number of candidates, the validation set size and the number of trials
         * (DSPy's {@code auto}, default {@code LIGHT}); null to set {@link #numCandidates(int)} (and
         * optionally {@link #numTrials(int)}) yourself.
         *
         * @param value the preset, or null
         * @return this builder
         */
        public Builder auto(@Nullable Auto value) {
            this.auto = value;
            return this;
        }

        /**
         * Demo-set and instruction candidates per predictor, with {@code auto(null)} (DSPy's
         * {@code num_candidates}).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder numCandidates(int value) {
            this.numCandidates = atLeast(value, 1, "numCandidates");
            return this;
        }

        /**
         * Trials of the search, with {@code auto(null)} (DSPy's {@code num_trials}); by default
         * {@link MiproV2#numTrialsFor(int, boolean, int)}.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder numTrials(int value) {
            this.numTrials = atLeast(value, 1, "numTrials");
            return this;
        }

        /**
         * The most bootstrapped demos per demo set (DSPy's {@code max_bootstrapped_demos}, default
         * {@value MiproV2#DEFAULT_MAX_BOOTSTRAPPED_DEMOS}); 0 with {@code maxLabeledDemos(0)} is
         * zero-shot mode.
         *
         * @param value at least 0
         * @return this builder
         */
        public Builder maxBootstrappedDemos(int value) {
            this.maxBootstrappedDemos = atLeast(value, 0, "maxBootstrappedDemos");
            return this;
        }

        /**
         * The most demos per demo set, labeled ones filling what bootstrapping left (DSPy's
         * {@code max_labeled_demos}, default {@value MiproV2#DEFAULT_MAX_LABELED_DEMOS}).
         *
         * @param value at least 0
         * @return this builder
         */
        public Builder maxLabeledDemos(int value) {
            this.maxLabeledDemos = atLeast(value, 0, "maxLabeledDemos");
            return this;
        }

        /**
         * Whether trials are scored on minibatches (DSPy's {@code minibatch}, default true); an
         * {@link Auto} preset decides it from the validation set's size instead.
         *
         * @param value true for minibatches
         * @return this builder
         */
        public Builder minibatch(boolean value) {
            this.minibatch = value;
            return this;
        }

        /**
         * Validation examples per minibatch (DSPy's {@code minibatch_size}, default
         * {@value MiproV2#DEFAULT_MINIBATCH_SIZE}).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder minibatchSize(int value) {
            this.minibatchSize = atLeast(value, 1, "minibatchSize");
            return this;
        }

        /**
         * Minibatch trials between full evaluations (DSPy's {@code minibatch_full_eval_steps},
         * default {@value MiproV2#DEFAULT_MINIBATCH_FULL_EVAL_STEPS}).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder minibatchFullEvalSteps(int value) {
            this.minibatchFullEvalSteps = atLeast(value, 1, "minibatchFullEvalSteps");
            return this;
        }

        /**
         * The temperature of the instruction proposals (DSPy's {@code init_temperature}, default
         * {@value MiproV2#DEFAULT_INIT_TEMPERATURE}).
         *
         * @param value 0 to {@link LmSettings#MAX_TEMPERATURE}
         * @return this builder
         */
        public Builder initTemperature(double value) {
            this.initTemperature = temperature(value, "initTemperature");
            return this;
        }

        /**
         * The examples candidates are scored on (DSPy's {@code valset}); by default the last 80% of
         * the training set.
         *
         * @param value examples with their inputs marked, at least 1
         * @return this builder
         */
        public Builder valset(List<Example> value) {
            List<Example> checked = Programs.checkTrainset(value, NAME, "valset");
            if (checked.isEmpty()) {
                throw new IllegalArgumentException(NAME + ": valset must have at least 1 example");
            }
            this.valset = checked;
            return this;
        }

        /**
         * A model and settings for the teachers' calls while bootstrapping (DSPy's
         * {@code teacher_settings}).
         *
         * @param value the overrides
         * @return this builder
         */
        public Builder teacherSettings(CallOptions value) {
            this.teacherSettings =
                    Objects.requireNonNull(value, NAME + ": teacherSettings is null; use CallOptions.NONE");
            return this;
        }

        /**
         * The score a teacher run must reach to become a demo in the shuffled sets (DSPy's
         * {@code metric_threshold}).
         *
         * @param value the threshold
         * @return this builder
         */
        public Builder metricThreshold(double value) {
            this.metricThreshold = number(value, "metricThreshold");
            return this;
        }

        /**
         * Failures tolerated per bootstrapping run and per scoring (DSPy's {@code max_errors},
         * default {@value BootstrapFewShot#DEFAULT_MAX_ERRORS}).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxErrors(int value) {
            this.maxErrors = atLeast(value, 1, "maxErrors");
            return this;
        }

        /**
         * Training examples after the one being read whose teacher runs are made at once while the
         * demo sets bootstrap (default 0, DSPy's one example at a time); see {@link
         * BootstrapBuilder#teacherLookahead(int)}. The demo sets, and so the run, are the same; the
         * runs made past where a set stopped are spent (counted against the budgets).
         *
         * @param value at least 0
         * @return this builder
         */
        public Builder teacherLookahead(int value) {
            this.teacherLookahead = atLeast(value, 0, "teacherLookahead");
            return this;
        }

        /**
         * Whether the proposer sees the program's code and descriptions (default true).
         *
         * @param value true to show them
         * @return this builder
         */
        public Builder programAwareProposer(boolean value) {
            this.programAwareProposer = value;
            return this;
        }

        /**
         * Whether the proposer sees a dataset summary (default true).
         *
         * @param value true to show it
         * @return this builder
         */
        public Builder dataAwareProposer(boolean value) {
            this.dataAwareProposer = value;
            return this;
        }

        /**
         * Whether each proposal gets a random tip (default true).
         *
         * @param value true for tips
         * @return this builder
         */
        public Builder tipAwareProposer(boolean value) {
            this.tipAwareProposer = value;
            return this;
        }

        /**
         * Whether the proposer sees bootstrapped demos (default true).
         *
         * @param value true to show them
         * @return this builder
         */
        public Builder fewshotAwareProposer(boolean value) {
            this.fewshotAwareProposer = value;
            return this;
        }

        /**
         * Training examples per dataset-description call (DSPy's {@code view_data_batch_size},
         * default {@value GroundedProposer#DEFAULT_VIEW_DATA_BATCH_SIZE}).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder viewDataBatchSize(int value) {
            this.viewDataBatchSize = atLeast(value, 1, "viewDataBatchSize");
            return this;
        }

        /**
         * Trials of the search in flight at once (default {@value MiproV2#DEFAULT_PARALLEL_TRIALS}):
         * trial {@code t}'s TPE proposal sees as completed exactly the trials numbered up to
         * {@code t - parallelTrials} (with the full evaluations that followed them) and the trials
         * after those as pending, the rule of the variable search's
         * {@linkplain dev.dspj.variable.tune.Tuner.Builder#reproducible(boolean) reproducible}
         * concurrent trials, so a run's proposals, scores and program depend on the seed and this
         * value, never on {@code numThreads} or timing. Minibatches are drawn in trial order and the
         * periodic full evaluations come after the same trials as with one trial at a time; only the
         * TPE history each proposal sees differs, so {@code parallelTrials(1)} is DSPy's sequential
         * search. Each trial in flight scores with up to {@code numThreads} calls at once, so the
         * search makes up to {@code parallelTrials * numThreads} calls at once.
         *
         * @param value at least 1, checked by {@link #build()}
         * @return this builder
         */
        public Builder parallelTrials(int value) {
            this.parallelTrials = value;
            return this;
        }

        /**
         * Builds the optimizer, checking that {@code auto} and the candidate counts agree.
         *
         * @return the optimizer
         * @throws IllegalArgumentException when {@code auto} is set together with
         *     {@code numCandidates} or {@code numTrials}, or neither {@code auto} nor
         *     {@code numCandidates} is set, or {@code parallelTrials} is below 1
         */
        public MiproV2 build() {
            if (parallelTrials < 1) {
                throw new IllegalArgumentException(NAME + ": parallelTrials must be at least 1 (1 runs one trial at "
                        + "a time), got " + parallelTrials);
            }
            if (auto != null && (numCandidates != null || numTrials != null)) {
                throw new IllegalArgumentException(
                        NAME + ": auto=" + auto.name() + " sets numCandidates and numTrials; "
                                + "call auto(null) to set " + (numCandidates != null ? "numCandidates" : "numTrials")
                                + " yourself");
            }
            if (auto == null && numCandidates == null) {
                throw new IllegalArgumentException(NAME + ": with auto(null), numCandidates must be set (and "
                        + "numTrials may be); or choose an auto preset (LIGHT, MEDIUM, HEAVY)");
            }
            return new MiproV2(this);
        }
    }
}
