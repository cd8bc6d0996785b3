package dev.dspj.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.agent.ToolUsing;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.EvaluationResult;
import dev.dspj.evaluate.ExampleResult;
import dev.dspj.evaluate.Metric;
import dev.dspj.evaluate.MetricResult;
import dev.dspj.execution.CallBudgetExceededException;
import dev.dspj.execution.IndependentCalls;
import dev.dspj.execution.Meter;
import dev.dspj.execution.RunRecord;
import dev.dspj.execution.Workers;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ModelCapabilities;
import dev.dspj.lm.limit.Limiter;
import dev.dspj.lm.limit.ModelLimits;
import dev.dspj.lm.retry.Scheduler;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.module.Trace;
import dev.dspj.module.TraceEntry;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.propose.ProposerSignatures;
import dev.dspj.tool.Tool;
import dev.dspj.variable.Configuration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * DSPy's {@code GEPA} (reflective prompt evolution, Agrawal et al. 2025, on the engine of the
 * {@code gepa} package): evolves the instructions of a program's predictors with a reflection
 * model that reads what the program did on a few training examples and what the metric said about
 * it, keeps a pool of candidates that are each best on some validation example, and merges
 * candidates that improved different predictors. Demos, signatures and the program's shape stay
 * as the student has them: only instructions change.
 *
 * <p>The loop, as gepa runs it. The seed candidate is the student, scored on every validation
 * example. Each iteration then
 *
 * <ol>
 *   <li>(after an iteration that added a candidate, while merges are due) tries a <b>merge</b>:
 *       two non-dominated candidates with a common ancestor that scores no better than either,
 *       neither descending from the other; the child starts from the ancestor's instructions and
 *       takes each predictor's instruction from the descendant that changed it (the better one when
 *       both did). It is tried on 5 validation examples chosen where either parent wins and where
 *       they tie, and joins the pool when its sum there is at least the better parent's;</li>
 *   <li>otherwise a <b>reflective mutation</b>: selects a parent ({@link CandidateSelection#PARETO}:
 *       drawn among the candidates best on at least one validation example, weighted by on how many,
 *       after dropping dominated ones; or {@link CandidateSelection#CURRENT_BEST}), takes the next
 *       {@code reflectionMinibatchSize} training examples (shuffled each epoch), runs the parent on
 *       them with traces, skips when all are perfect ({@code skipPerfectScore}), picks the
 *       predictor(s) to rewrite ({@link ComponentSelector#ROUND_ROBIN} per candidate, or
 *       {@link ComponentSelector#ALL}), builds the reflective dataset (per example: the predictor's
 *       inputs, its outputs, the metric's feedback) and asks the reflection model, with
 *       {@link ProposerSignatures#REFLECT_ON_FEEDBACK}, for a new instruction. The child is run on
 *       the same minibatch and accepted only when its sum is strictly higher; an accepted child is
 *       scored on the whole validation set and joins the pool with its parent.</li>
 * </ol>
 *
 * <p>The run ends when the metric-call budget cannot pay for another iteration (a budget is never
 * passed: an iteration starts only when its worst case, two minibatches and a validation pass, fits;
 * with several iterations at once each step is admitted by the rule
 * {@link Builder#parallelIterations(int)} describes) or when the
 * {@linkplain Builder#callBudget(long) call budget} or
 * {@linkplain Builder#costBudgetUsd(double) dollar budget} refuses a model call. It returns the
 * candidate with the best mean validation score (the earliest on ties, so the one found with fewer
 * metric calls). The compile's {@link Result#details()} holds every candidate's lineage, scores and
 * instructions (DSPy's {@code detailed_results}); {@link GepaResult#report()} renders it.
 *
 * <p>Every evaluation and every reflection is a step of the {@linkplain Builder#record(RunRecord)
 * run record}, named by its kind and iteration; a run restarted with the same record replays the
 * finished steps (no model call, no metric call) and goes on from the first missing one, with the
 * same choices, since randomness (Python's Mersenne Twister from {@code seed}) is drawn only
 * outside the steps.
 *
 * <p>Each evaluation (a minibatch, the validation set, a merge subsample) runs its examples up to
 * {@code numThreads} at once ({@link Evaluate}'s default concurrency when unset); with
 * {@link ComponentSelector#ALL} the reflections of an iteration also run at once, recorded in
 * predictor order, and a failed one ends the reading as it ends the loop of one at a time. The
 * steps of an iteration depend on each other's results and run one after the other, so a seed
 * gives the same run whatever the number of threads. With
 * {@linkplain Builder#parallelIterations(int) parallelIterations(k)} above 1, up to {@code k}
 * iterations run at once: iteration {@code i} draws its parent, minibatch and predictor once
 * iteration {@code i - k} is applied, results are applied in iteration order, the running ones
 * share {@code numThreads} model calls in flight, and each step is admitted only when the budget
 * pays for it after what the iterations before it spend; a seed then still gives the same run
 * whatever the number of threads.
 *
 * <pre>{@code
 * Gepa gepa = Gepa.builder(SimMetrics.exactMatchWithFeedback(task, "answer"))
 *         .auto(Gepa.Auto.LIGHT)
 *         .reflectionModel(SimulatedModel.of("sim-large"))
 *         .valset(devset)
 *         .build();
 * Gepa.Result<QaPredictor> result = gepa.compileWithResult(qa, trainset);
 * QaPredictor optimized = result.program();
 * System.out.println(result.details().report());
 * }</pre>
 */
public final class Gepa implements Optimizer {

    /** The optimizer's name in reports and logs. */
    public static final String NAME = "GEPA";
    /** DSPy's default for {@code reflection_minibatch_size}. */
    public static final int DEFAULT_REFLECTION_MINIBATCH_SIZE = 3;
    /** DSPy's default for {@code max_merge_invocations}. */
    public static final int DEFAULT_MAX_MERGE_INVOCATIONS = 5;
    /** DSPy's default for {@code seed}. */
    public static final long DEFAULT_SEED = 0;
    /** DSPy's default for {@code perfect_score}. */
    public static final double DEFAULT_PERFECT_SCORE = 1.0;
    /** Validation examples a merged candidate is tried on before it may join the pool (gepa's). */
    public static final int MERGE_SUBSAMPLE_SIZE = 5;
    /** The minibatch size DSPy's {@code auto_budget} assumes. */
    static final int AUTO_MINIBATCH_SIZE = 35;
    /** The full-evaluation period DSPy's {@code auto_budget} assumes. */
    static final int AUTO_FULL_EVAL_STEPS = 5;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The prefix of a tool's component name ({@code tool:NAME}) among a candidate's instructions,
     * with {@link Builder#optimizeToolDescriptions(boolean)}: its text is the tool's description.
     */
    public static final String TOOL_COMPONENT_PREFIX = "tool:";

    /** DSPy's {@code auto} presets: the number of candidates the budget is computed for. */
    public enum Auto {
        /** 6 candidates. */
        LIGHT(6),
        /** 12 candidates. */
        MEDIUM(12),
        /** 18 candidates. */
        HEAVY(18);

        private final int numCandidates;

        Auto(int numCandidates) {
            this.numCandidates = numCandidates;
        }

        /**
         * The number of candidates DSPy's {@code AUTO_RUN_SETTINGS} gives this preset.
         *
         * @return 6, 12 or 18
         */
        public int numCandidates() {
            return numCandidates;
        }
    }

    /** How the parent of each reflective mutation is chosen (DSPy's {@code candidate_selection_strategy}). */
    public enum CandidateSelection {
        /** Drawn among the non-dominated candidates best on some validation example, weighted by how many. */
        PARETO,
        /** The candidate with the best mean validation score. */
        CURRENT_BEST
    }

    /** Which predictors one reflective mutation rewrites (DSPy's {@code component_selector}). */
    public enum ComponentSelector {
        /** One predictor, the next in turn for the parent candidate. */
        ROUND_ROBIN,
        /** Every predictor at once. */
        ALL
    }

    private final FeedbackMetric metric;
    private final boolean predictorFeedback;
    private final @Nullable Auto auto;
    private final @Nullable Integer maxFullEvals;
    private final @Nullable Long maxMetricCalls;
    private final int reflectionMinibatchSize;
    private final CandidateSelection candidateSelection;
    private final boolean skipPerfectScore;
    private final double perfectScore;
    private final boolean useMerge;
    private final int maxMergeInvocations;
    private final ComponentSelector componentSelector;
    private final int parallelIterations;
    private final LanguageModel reflectionModel;
    private final @Nullable LanguageModel taskModel;
    private final long seed;
    private final @Nullable List<Example> valset;
    private final @Nullable Integer numThreads;
    private final boolean trackStats;
    private final long callBudget;
    private final boolean optimizeToolDescriptions;
    private final double costBudgetUsd;
    private final @Nullable RunRecord record;
    private final @Nullable Consumer<OptimizerEvent> listener;
    private final Options options;

    /**
     * The options of a {@link Gepa}, as written into its reports and run record (the run's
     * {@code promptModel} is the reflection model).
     *
     * @param auto the preset budget, or null
     * @param maxFullEvals the budget in full evaluations, or null
     * @param maxMetricCalls the budget in metric calls, or null
     * @param predictorFeedback whether the metric gives feedback per predictor
     * @param reflectionMinibatchSize examples per reflection minibatch
     * @param candidateSelection how the parent is chosen
     * @param skipPerfectScore whether perfect minibatches are skipped
     * @param perfectScore the perfect score
     * @param useMerge whether merges are proposed
     * @param maxMergeInvocations the most merges
     * @param componentSelector which predictors a reflection rewrites
     * @param valsetSize the size of the validation set given, or null when the trainset is used
     * @param trackStats whether statistics are kept
     * @param parallelIterations the most reflective mutations run at once
     * @param run the options every instruction optimizer has (models, seed, threads, budgets, record)
     */
    public record Options(
            @Nullable Auto auto,
            @Nullable Integer maxFullEvals,
            @Nullable Long maxMetricCalls,
            boolean predictorFeedback,
            int reflectionMinibatchSize,
            CandidateSelection candidateSelection,
            boolean skipPerfectScore,
            double perfectScore,
            boolean useMerge,
            int maxMergeInvocations,
            ComponentSelector componentSelector,
            @Nullable Integer valsetSize,
            boolean trackStats,
            int parallelIterations,
            InstructionOptions run)
            implements OptimizerOptions {}

    /**
     * What one GEPA run gave.
     *
     * @param program a copy of the student with the best candidate's instructions
     * @param report what the run spent and found: model calls, tokens, cost, every candidate's
     *     validation score (by pool index), the winner, why it stopped, the options
     * @param details the candidates, iterations and lineage (DSPy's {@code detailed_results})
     * @param <M> the program's type
     */
    public record Result<M extends Module>(M program, OptimizerReport report, GepaResult details)
            implements OptimizerResult<M> {
        /**
         * Checks that every part is there.
         *
         * @param program the program
         * @param report the report
         * @param details the details
         */
        public Result {
            Objects.requireNonNull(program, "program");
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(details, "details");
        }

        /**
         * A candidate's lineage: its ancestors and itself, seed first.
         *
         * @param candidate the candidate's pool index
         * @return the lineage
         */
        public List<GepaResult.Candidate> lineage(int candidate) {
            return details.lineage(candidate);
        }
    }

    private Gepa(Builder builder) {
        this.metric = builder.metric;
        this.predictorFeedback = builder.predictorFeedback;
        this.auto = builder.auto;
        this.maxFullEvals = builder.maxFullEvals;
        this.maxMetricCalls = builder.maxMetricCalls;
        this.reflectionMinibatchSize = builder.reflectionMinibatchSize;
        this.candidateSelection = builder.candidateSelection;
        this.skipPerfectScore = builder.skipPerfectScore;
        this.perfectScore = builder.perfectScore;
        this.useMerge = builder.useMerge;
        this.maxMergeInvocations = builder.maxMergeInvocations;
        this.componentSelector = builder.componentSelector;
        this.parallelIterations = builder.parallelIterations;
        // build() refuses a builder without one
        this.reflectionModel = Objects.requireNonNull(builder.promptModel, "reflectionModel");
        this.taskModel = builder.taskModel;
        this.seed = builder.seed;
        this.valset = builder.valset;
        this.numThreads = builder.numThreads;
        this.trackStats = builder.trackStats;
        this.callBudget = builder.callBudget;
        this.optimizeToolDescriptions = builder.optimizeToolDescriptions;
        this.costBudgetUsd = builder.costBudgetUsd;
        this.record = builder.record;
        this.listener = builder.listener;
        this.options = new Options(
                auto,
                maxFullEvals,
                maxMetricCalls,
                predictorFeedback,
                reflectionMinibatchSize,
                candidateSelection,
                skipPerfectScore,
                perfectScore,
                useMerge,
                maxMergeInvocations,
                componentSelector,
                valset == null ? null : valset.size(),
                trackStats,
                parallelIterations,
                builder.instructionOptions());
    }

    /**
     * Starts configuring GEPA with a metric whose {@linkplain MetricResult#feedbackText() feedback}
     * (if any) the reflection model reads for every predictor alike.
     *
     * @param metric scores predictions; feedback optional
     * @return a builder with DSPy's defaults
     */
    public static Builder builder(Metric metric) {
        Objects.requireNonNull(metric, NAME + ": the metric is null");
        return new Builder(FeedbackMetric.of(metric), false);
    }

    /**
     * Starts configuring GEPA with DSPy's five-argument feedback metric, asked for feedback per
     * predictor while the reflective dataset is built.
     *
     * @param metric scores predictions and explains them per predictor
     * @return a builder with DSPy's defaults
     */
    public static Builder builder(FeedbackMetric metric) {
        Objects.requireNonNull(metric, NAME + ": the metric is null");
        return new Builder(metric, true);
    }

    /**
     * DSPy's {@code GEPA.auto_budget}: the metric calls an {@code auto} preset buys, counting a
     * first validation pass, 5 bootstrap trials per candidate, {@code N} minibatches of 35 with
     * {@code N = max(2 * (2 * predictors) * log2(candidates), 1.5 * candidates)}, and a validation
     * pass every 5 trials.
     *
     * @param numPredictors the program's predictors
     * @param numCandidates the preset's candidates ({@link Auto#numCandidates()})
     * @param valsetSize the validation set's size
     * @return the budget in metric calls
     */
    public static long autoBudget(int numPredictors, int numCandidates, int valsetSize) {
        if (numPredictors < 0 || numCandidates < 1 || valsetSize < 0) {
            throw new IllegalArgumentException(NAME + ": autoBudget needs numPredictors >= 0, numCandidates >= 1 and "
                    + "valsetSize >= 0, got " + numPredictors + ", " + numCandidates + ", " + valsetSize);
        }
        long trials = (long)
                Math.max(2.0 * (numPredictors * 2) * (Math.log(numCandidates) / Math.log(2)), 1.5 * numCandidates);
        long total = valsetSize;
        total += numCandidates * 5L;
        total += trials * AUTO_MINIBATCH_SIZE;
        if (trials == 0) {
            return total;
        }
        long periodicFulls = (trials + 1) / AUTO_FULL_EVAL_STEPS + 1;
        long extraFinal = trials < AUTO_FULL_EVAL_STEPS ? 1 : 0;
        return total + (periodicFulls + extraFinal) * valsetSize;
    }

    /**
     * The metric-call budget a compile will have, as DSPy derives it: from {@code auto}
     * ({@link #autoBudget}), from {@code maxFullEvals} (times the training plus validation set, or
     * the training set alone without a separate valset), or {@code maxMetricCalls} as given.
     *
     * @param numPredictors the program's predictors
     * @param trainsetSize the training set's size
     * @return the budget
     */
    public long metricCallBudget(int numPredictors, int trainsetSize) {
        if (auto != null) {
            return autoBudget(numPredictors, auto.numCandidates(), valset != null ? valset.size() : trainsetSize);
        }
        if (maxFullEvals != null) {
            return (long) maxFullEvals * (trainsetSize + (valset != null ? valset.size() : 0));
        }
        // build() checks that exactly one of the three budgets is set
        return Objects.requireNonNull(maxMetricCalls, "maxMetricCalls");
    }

    /**
     * Runs GEPA.
     *
     * @param student the program (left unchanged); its predictors' instructions are the seed
     * @param trainset examples the reflection minibatches are drawn from; also the validation set
     *     unless {@link Builder#valset(List)} was given (as in DSPy)
     * @param <M> the program's type
     * @return a copy of the student with the best candidate's instructions, the report and the
     *     lineage
     */
    @Override
    public <M extends Module> Result<M> compileWithResult(M student, List<Example> trainset) {
        Objects.requireNonNull(student, NAME + ": the student is null");
        List<Example> train = Programs.checkTrainset(trainset, NAME, "trainset");
        if (train.isEmpty()) {
            throw new IllegalArgumentException(
                    NAME + ": the trainset is empty; GEPA draws its reflection minibatches " + "from it");
        }
        List<Example> validation = valset != null ? valset : train;
        M base = Programs.copyOf(student, NAME);
        List<String> names = new ArrayList<>();
        for (NamedPredictor named : base.namedPredictors()) {
            if (names.contains(named.name())) {
                throw new IllegalArgumentException(NAME + ": the student has two predictors named '" + named.name()
                        + "'; GEPA keeps one instruction per predictor name");
            }
            names.add(named.name());
            if (taskModel != null) {
                named.predictor().setModel(taskModel);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(NAME + ": the student "
                    + student.getClass().getName() + " has no predictors, so there is no instruction to optimize");
        }
        if (optimizeToolDescriptions) {
            if (!(base instanceof ToolUsing agent)) {
                throw new IllegalArgumentException(NAME + ": optimizeToolDescriptions is on, but the student "
                        + student.getClass().getName() + " is not a ToolUsing module (such as ReAct), so it has no "
                        + "tool descriptions to rewrite");
            }
            if (!names.contains(agent.toolChoosingPredictor())) {
                throw new IllegalArgumentException(NAME + ": the student's tool-choosing predictor '"
                        + agent.toolChoosingPredictor() + "' is not among its predictors " + names);
            }
            agent.describableTools().forEach(tool -> names.add(TOOL_COMPONENT_PREFIX + tool.name()));
        }
        long budget = metricCallBudget(names.size(), train.size());
        if (budget < validation.size()) {
            throw new IllegalArgumentException(NAME + ": the metric-call budget " + budget + " is smaller than the "
                    + "validation set (" + validation.size() + " examples); GEPA needs " + validation.size()
                    + " metric calls to score the seed program and more to improve it");
        }
        RunRecord steps = record != null ? record : RunRecord.inMemory(NAME + "-" + UUID.randomUUID());
        try (Run run = new Run(NAME, options, listener, callBudget, costBudgetUsd)) {
            InstructionRuns.recordOptions(steps, run);
            run.event(
                    OptimizerEvent.Kind.STARTED,
                    String.format(
                            Locale.ROOT,
                            "budget %d metric calls (%.2f full "
                                    + "evaluations of train+val), %d predictor%s %s, %d train / %d validation examples, minibatch %d, "
                                    + "%s selection, %s components, merge %s, seed %d%s",
                            budget,
                            (double) budget / (train.size() + (valset != null ? valset.size() : 0)),
                            names.size(),
                            names.size() == 1 ? "" : "s",
                            names,
                            train.size(),
                            validation.size(),
                            reflectionMinibatchSize,
                            candidateSelection.name().toLowerCase(Locale.ROOT),
                            componentSelector.name().toLowerCase(Locale.ROOT),
                            useMerge ? "up to " + maxMergeInvocations : "off",
                            seed,
                            callBudget > 0 ? ", call budget " + callBudget : ""),
                    null,
                    null,
                    0,
                    clamp(budget));
            Search search = new Search(base, names, train, validation, budget, run, steps);
            search.run();
            GepaResult result = search.result();
            int best = result.bestIndex();
            M program = best < 0 ? base : search.program(result.candidate(best).instructions());
            run.close();
            OptimizerReport report = run.report();
            run.event(
                    OptimizerEvent.Kind.FINISHED,
                    report.summary() + "; " + result.stopReason(),
                    best < 0 ? null : best,
                    best < 0 ? null : result.candidate(best).valScore(),
                    clamp(result.totalMetricCalls()),
                    clamp(budget));
            return new Result<>(program, report, result);
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

    private static int clamp(long value) {
        return (int) Math.min(Integer.MAX_VALUE, value);
    }

    /** One reflective-dataset item: what the predictor saw and said, and the feedback. */
    private record Item(Map<String, String> inputs, Map<String, String> outputs, String feedback) {}

    /**
     * What a reflective mutation drew before it started.
     *
     * @param iteration its iteration
     * @param parent the parent's pool index
     * @param instructions the parent's instructions
     * @param component the round-robin predictor's index, or -1 for every predictor
     * @param ids the minibatch's training-set indices
     * @param batch the minibatch
     * @param components the predictors it may rewrite
     */
    private record Draw(
            int iteration,
            int parent,
            Map<String, String> instructions,
            int component,
            List<Integer> ids,
            List<Example> batch,
            List<String> components) {}

    /**
     * What a reflective mutation's steps produced, filled in as they finish (on a worker thread
     * when several run at once) and applied to the search in iteration order.
     */
    private static final class Attempt {
        private final Draw draw;
        private final int entry;
        private boolean refused;
        private @Nullable Scored current;
        private final Map<String, String> proposals = new LinkedHashMap<>();
        private @Nullable String reflectionFailure;
        private @Nullable Map<String, String> child;
        private double @Nullable [] after;
        private double @Nullable [] childVal;
        private @Nullable RuntimeException failure;

        Attempt(Draw draw, int entry) {
            this.draw = draw;
            this.entry = entry;
        }

        /** What stopped the mutation before the step whose result is missing. */
        RuntimeException failed() {
            return Objects.requireNonNull(
                    failure, () -> "iteration " + draw.iteration() + " is missing a result but did not fail");
        }
    }

    /**
     * The metric calls of a run's entries (its mutations and merges, indexed in the order they
     * start) and the rule that admits their steps: a step of entry {@code j} is admitted only when
     * the budget, less what the seed and the entries before {@code j} spend in the end and what
     * {@code j} spent so far, pays for it. The decision is taken at once when a bound settles it
     * (the entries before {@code j} at their worst: admitted; at what they spent so far: refused;
     * an entry's worst is its remaining steps as far as the budget, less what the ones before it
     * and it spent so far, could still pay them),
     * else once they have progressed enough to settle it, at the latest when they have all ended;
     * so it never depends on timing, and as entries only wait for earlier ones, which never wait
     * for later ones, no wait lasts forever.
     */
    private static final class Ledger {
        /** An entry's admitted metric calls and the costs of the steps it may still ask for. */
        private static final class Entry {
            private long spent;
            private final Deque<Long> ahead;

            Entry(List<Long> ahead) {
                this.ahead = new ArrayDeque<>(ahead);
            }

            /**
             * The most it may still spend when the budget leaves it at most {@code room}: its next
             * steps as long as they fit, since a step that does not fit ends it.
             */
            long worst(long room) {
                long worst = 0;
                for (long cost : ahead) {
                    if (worst + cost > room) {
                        break;
                    }
                    worst += cost;
                }
                return worst;
            }
        }

        private final long budget;
        private final long base;
        private final List<Entry> entries = new ArrayList<>();
        private boolean abandoned;

        Ledger(long budget, long base) {
            this.budget = budget;
            this.base = base;
        }

        /** Adds the next entry, whose steps may cost {@code steps} in this order; its index. */
        synchronized int open(List<Long> steps) {
            entries.add(new Entry(steps));
            return entries.size() - 1;
        }

        /**
         * Whether entry {@code index} may spend {@code cost} more metric calls (then counted as
         * spent), waiting for the entries before it when only their outcomes can tell.
         */
        synchronized boolean admit(int index, long cost) {
            Entry own = entries.get(index);
            while (true) {
                if (abandoned) {
                    throw new IllegalStateException(NAME + ": entry " + index + " abandoned: the run ended");
                }
                long least = base;
                long most = base;
                for (int i = 0; i < index; i++) {
                    Entry earlier = entries.get(i);
                    // what the ones before it spent so far already limits what it may still spend
                    most += earlier.spent + earlier.worst(budget - least - earlier.spent);
                    least += earlier.spent;
                }
                if (budget - most - own.spent >= cost) {
                    own.spent += cost;
                    own.ahead.pollFirst();
                    return true;
                }
                if (budget - least - own.spent < cost) {
                    return false;
                }
                try {
                    wait();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException(NAME + ": interrupted while entry " + index
                            + " waited for the metric calls of the ones before it");
                }
            }
        }

        /** Entry {@code index} admits no more steps. */
        synchronized void close(int index) {
            entries.get(index).ahead.clear();
            notifyAll();
        }

        /** Ends every wait: the run has ended. */
        synchronized void abandon() {
            abandoned = true;
            notifyAll();
        }
    }

    /**
     * A model whose calls each hold one of a shared number of permits: the running mutations
     * together make at most {@code numThreads} model calls at once, as one mutation does alone.
     */
    private static final class GatedModel implements LanguageModel {
        private final LanguageModel inner;
        private final Limiter permits;

        GatedModel(LanguageModel inner, Limiter permits) {
            this.inner = inner;
            this.permits = permits;
        }

        @Override
        public String modelName() {
            return inner.modelName();
        }

        @Override
        public LmResponse complete(LmRequest request) {
            Limiter.Permit permit = permits.acquire(0).join();
            try {
                return inner.complete(request);
            } finally {
                permit.release(-1);
            }
        }

        @Override
        public CompletableFuture<LmResponse> completeAsync(LmRequest request) {
            return permits.acquire(0)
                    .thenCompose(permit ->
                            inner.completeAsync(request).whenComplete((response, failure) -> permit.release(-1)));
        }

        @Override
        public ModelCapabilities capabilities() {
            return inner.capabilities();
        }

        @Override
        public LmSettings defaults() {
            return inner.defaults();
        }

        @Override
        public int maxAttempts() {
            return inner.maxAttempts();
        }

        @Override
        public void expectConcurrentCalls(int calls) {
            inner.expectConcurrentCalls(calls);
        }
    }

    /**
     * A started mutation and, when it runs on a worker, its completion.
     *
     * @param attempt the mutation
     * @param future its completion, or null when it runs on the caller's thread once finished
     */
    private record Running(Attempt attempt, @Nullable CompletableFuture<Void> future) {}

    /** Scores of a batch, and with traces, the reflective dataset per predictor. */
    @SuppressWarnings("ArrayRecordComponent") // private carrier, never compared
    private record Scored(double[] scores, Map<String, List<Item>> reflective) {}

    /** The state of one compile: the pool, the Pareto fronts, the sampler, the merge bookkeeping. */
    private final class Search {
        private final Module base;
        private final List<String> names;
        private final List<Example> train;
        private final List<Example> validation;
        private final long budget;
        private final Run run;
        private final RunRecord steps;
        private final PyRandom random = new PyRandom(seed);
        private final List<Map<String, String>> pool = new ArrayList<>();
        private final List<List<Integer>> parents = new ArrayList<>();
        private final List<double[]> valScores = new ArrayList<>();
        private final List<Integer> nextPredictor = new ArrayList<>();
        private final List<GepaResult.Candidate> candidates = new ArrayList<>();
        private final List<GepaResult.Iteration> iterations = new ArrayList<>();
        private final GepaMerge merge = new GepaMerge();
        private final List<Integer> shuffled = new ArrayList<>();
        private final Map<Integer, Integer> sampledTimes = new LinkedHashMap<>();
        private int epoch = -1;
        private long used;
        private int fullEvals;
        private int mergesDue;
        private int mergesTested;
        private boolean lastIterationAdded;
        /** Set when an applied entry's step was refused: no entry starts after that. */
        private boolean budgetSpent;

        private final Ledger ledger;
        /** Set when the run ends with mutations still running, which then stop at their next step. */
        private volatile boolean abandoned;

        private String stopReason = OptimizerReport.COMPLETED;
        private final int threads = numThreads != null ? numThreads : Evaluate.DEFAULT_CONCURRENCY;
        /** The model calls of several running mutations share these; null one mutation at a time. */
        // a limiter that limits only concurrency: its waiters are futures, so an evaluation on the
        // asynchronous path waits for a permit without holding a thread
        private final @Nullable Limiter gate = parallelIterations > 1
                ? new Limiter(ModelLimits.UNLIMITED.withMaxConcurrentRequests(threads), Scheduler.SYSTEM)
                : null;

        Search(
                Module base,
                List<String> names,
                List<Example> train,
                List<Example> validation,
                long budget,
                Run run,
                RunRecord steps) {
            this.base = base;
            this.names = names;
            this.train = train;
            this.validation = validation;
            this.budget = budget;
            this.run = run;
            this.steps = steps;
            this.ledger = new Ledger(budget, validation.size());
        }

        void run() {
            try {
                Map<String, String> seedInstructions = new LinkedHashMap<>();
                for (NamedPredictor named : base.namedPredictors()) {
                    seedInstructions.put(named.name(), named.predictor().instructions());
                }
                if (optimizeToolDescriptions && base instanceof ToolUsing agent) {
                    agent.describableTools()
                            .forEach(tool -> seedInstructions.put(
                                    TOOL_COMPONENT_PREFIX + tool.name(),
                                    tool.description().orElse("")));
                }
                long before = used;
                double[] seedScores = evaluate(step("valset", -1), seedInstructions, validation);
                used += validation.size();
                fullEvals++;
                add(
                        new GepaResult.Candidate(
                                0,
                                GepaResult.Origin.SEED,
                                List.of(),
                                null,
                                seedInstructions,
                                List.of(),
                                Map.of(),
                                -1,
                                List.of(),
                                List.of(),
                                List.of(),
                                boxed(seedScores),
                                before),
                        seedScores,
                        List.of());
                int iteration = -1;
                long need = 2L * reflectionMinibatchSize + validation.size();
                List<Long> steps = List.of(
                        (long) reflectionMinibatchSize, (long) reflectionMinibatchSize, (long) validation.size());
                ExecutorService workers =
                        parallelIterations > 1 ? Workers.fixed("gepa-iterations", parallelIterations) : null;
                Deque<Running> window = new ArrayDeque<>();
                try {
                    while (true) {
                        // start entries while the window has room and the budget pays for the new
                        // one's worst case on top of the first minibatch of each running one; the
                        // ledger then admits each step (one at a time, every step of an entry that
                        // started here fits)
                        while (!budgetSpent && window.size() < parallelIterations) {
                            long free = budget - used - (long) window.size() * reflectionMinibatchSize;
                            if (free < need) {
                                break;
                            }
                            iteration++;
                            if (useMerge
                                    && mergesDue > 0
                                    && lastIterationAdded
                                    && free >= MERGE_SUBSAMPLE_SIZE + validation.size()) {
                                lastIterationAdded = false;
                                if (tryMerge(iteration)) {
                                    continue;
                                }
                            }
                            lastIterationAdded = false;
                            window.add(start(new Attempt(draw(iteration, window), ledger.open(steps)), workers));
                        }
                        Running oldest = window.poll();
                        if (oldest == null) {
                            stopReason = String.format(
                                    Locale.ROOT,
                                    "completed: metric-call budget %d spent (%d used; an " + "iteration may need %d)",
                                    budget,
                                    used,
                                    need);
                            break;
                        }
                        apply(finish(oldest));
                    }
                } finally {
                    abandon(window, workers);
                }
            } catch (CallBudgetExceededException refused) {
                stopReason = run.budgetReason();
                run.stop(stopReason);
            }
        }

        /**
         * Starts a mutation: on a worker when several run at once, else when it is
         * {@linkplain Running#finish() finished} (gepa's loop, on the caller's thread).
         */
        private Running start(Attempt attempt, @Nullable ExecutorService workers) {
            return new Running(
                    attempt, workers == null ? null : CompletableFuture.runAsync(() -> attempt(attempt), workers));
        }

        /** Waits for a started mutation, or runs it here (one at a time); what stopped it stays in it. */
        private Attempt finish(Running running) {
            CompletableFuture<Void> future = running.future();
            if (future == null) {
                attempt(running.attempt());
                return running.attempt();
            }
            try {
                future.join();
            } catch (CompletionException wrapped) {
                if (wrapped.getCause() instanceof Error error) {
                    throw error;
                }
                throw wrapped;
            }
            return running.attempt();
        }

        /**
         * Lets the mutations still running (when a failure or a budget refusal ended the run) stop
         * at their next step, and waits for them, so that no call of the run is in flight after it.
         */
        private void abandon(Deque<Running> window, @Nullable ExecutorService workers) {
            abandoned = true;
            ledger.abandon();
            for (Running running : window) {
                CompletableFuture<Void> future = running.future();
                if (future != null) {
                    try {
                        future.join();
                    } catch (CompletionException | CancellationException ignored) {
                        // what stopped it is kept by its attempt, which is never applied
                    }
                }
            }
            if (workers != null) {
                workers.shutdown();
            }
        }

        /**
         * A mutation's random draws, from the state as it is: the parent, the next minibatch and
         * (round robin) the parent's next predictor, counting the running mutations of the same
         * parent so that they rewrite different predictors.
         */
        private Draw draw(int iteration, Deque<Running> window) {
            int parent = candidateSelection == CandidateSelection.PARETO
                    ? GepaPareto.select(GepaPareto.fronts(valScores), aggregates(), random)
                    : GepaPareto.best(aggregates());
            List<Integer> ids = nextMinibatch(iteration);
            List<Example> batch = new ArrayList<>();
            ids.forEach(id -> batch.add(train.get(id)));
            int earlier = 0;
            for (Running running : window) {
                if (running.attempt().draw.parent() == parent) {
                    earlier++;
                }
            }
            int component = componentSelector == ComponentSelector.ALL
                    ? -1
                    : (nextPredictor.get(parent) + earlier) % names.size();
            List<String> components = component < 0 ? names : List.of(names.get(component));
            return new Draw(iteration, parent, pool.get(parent), component, ids, List.copyOf(batch), components);
        }

        /**
         * A mutation's steps (the parent's minibatch with traces, the reflections, the child's
         * minibatch, the child's validation when it won), each recorded; reads the state and
         * changes nothing of it, so several mutations can run at once. What stops it is kept
         * for {@link #apply}.
         */
        private void attempt(Attempt attempt) {
            Draw draw = attempt.draw;
            int iteration = draw.iteration();
            int parent = draw.parent();
            Map<String, String> instructions = draw.instructions();
            try {
                checkNotAbandoned(iteration);
                if (!admit(attempt, draw.batch().size())) {
                    return;
                }
                Scored current = evaluateWithTraces(
                        step("minibatch", iteration), instructions, draw.batch(), draw.components(), iteration);
                attempt.current = current;
                if (skipPerfectScore && allPerfect(current.scores())) {
                    return;
                }
                List<String> reflected = new ArrayList<>();
                List<Configuration> reflections = new ArrayList<>();
                List<Supplier<String>> calls = new ArrayList<>();
                for (String predictor : draw.components()) {
                    List<Item> items = current.reflective().getOrDefault(predictor, List.of());
                    if (items.isEmpty()) {
                        continue;
                    }
                    Configuration step = Configuration.builder()
                            .put("kind", "reflect")
                            .put("iteration", iteration)
                            .put("predictor", predictor)
                            .build();
                    reflected.add(predictor);
                    reflections.add(step);
                    calls.add(
                            steps.has(step)
                                    ? null
                                    : predictor.startsWith(TOOL_COMPONENT_PREFIX)
                                            ? toolReflection(
                                                    predictor.substring(TOOL_COMPONENT_PREFIX.length()),
                                                    Objects.requireNonNull(
                                                            instructions.get(predictor),
                                                            () -> "candidate " + parent + " has no description for "
                                                                    + predictor),
                                                    items)
                                            : reflection(
                                                    predictor,
                                                    Objects.requireNonNull(
                                                            instructions.get(predictor),
                                                            () -> "candidate " + parent + " has no instruction for "
                                                                    + predictor),
                                                    items));
                }
                Map<String, String> proposals = attempt.proposals;
                checkNotAbandoned(iteration);
                try (IndependentCalls<String> answers = IndependentCalls.start(threads, calls)) {
                    for (int i = 0; i < reflected.size(); i++) {
                        String predictor = reflected.get(i);
                        int index = i;
                        try {
                            proposals.put(predictor, steps.text(reflections.get(i), () -> answers.get(index)));
                        } catch (CallBudgetExceededException refused) {
                            throw refused;
                        } catch (RuntimeException failure) {
                            attempt.reflectionFailure = "iteration " + iteration + ": the reflection on '" + predictor
                                    + "' failed (" + failure + "); no proposal";
                            proposals.clear();
                            break;
                        }
                    }
                }
                if (proposals.isEmpty()) {
                    return;
                }
                Map<String, String> child = new LinkedHashMap<>(instructions);
                child.putAll(proposals);
                attempt.child = child;
                checkNotAbandoned(iteration);
                if (!admit(attempt, draw.batch().size())) {
                    return;
                }
                double[] after = evaluate(step("minibatch-child", iteration), child, draw.batch());
                attempt.after = after;
                if (sum(after) <= sum(current.scores())) {
                    return;
                }
                checkNotAbandoned(iteration);
                if (!admit(attempt, validation.size())) {
                    return;
                }
                attempt.childVal = evaluate(step("valset", iteration), child, validation);
            } catch (RuntimeException failure) {
                attempt.failure = failure;
            } finally {
                ledger.close(attempt.entry);
            }
        }

        /** Whether the ledger admits a mutation's next step; a refusal ends the mutation. */
        private boolean admit(Attempt attempt, long cost) {
            if (ledger.admit(attempt.entry, cost)) {
                return true;
            }
            attempt.refused = true;
            return false;
        }

        /** Ends a running mutation at its next step once the run has ended. */
        private void checkNotAbandoned(int iteration) {
            if (abandoned) {
                throw new IllegalStateException(NAME + ": iteration " + iteration + " abandoned: the run ended");
            }
        }

        /** Records an entry whose step the budget refused; no entry starts after it. */
        /** A mutation of {@code parent} the budget could not pay for: {@link #refused} with its origin. */
        private void refusedMutation(
                int iteration, int parent, List<String> predictors, double before, double after, String what) {
            refused(iteration, GepaResult.Origin.MUTATION, List.of(parent), predictors, before, after, what);
        }

        private void refused(
                int iteration,
                GepaResult.Origin origin,
                List<Integer> from,
                List<String> predictors,
                double before,
                double after,
                String what) {
            budgetSpent = true;
            finish(
                    new GepaResult.Iteration(
                            iteration,
                            origin,
                            from,
                            predictors,
                            GepaResult.Outcome.BUDGET_SPENT,
                            before,
                            after,
                            null,
                            used),
                    what + "; budget spent");
        }

        /**
         * Applies a mutation's results to the state, in the order the loop of one at a time
         * changes it: the metric calls, the parent's next predictor, the decision, the new
         * candidate; throws what stopped the mutation where it stopped it.
         */
        private void apply(Attempt attempt) {
            Draw draw = attempt.draw;
            int iteration = draw.iteration();
            int parent = draw.parent();
            List<Integer> ids = draw.ids();
            Scored current = attempt.current;
            if (current == null) {
                if (attempt.refused) {
                    refusedMutation(
                            iteration,
                            parent,
                            List.of(),
                            Double.NaN,
                            Double.NaN,
                            "the budget cannot pay for the minibatch " + ids + " of #" + parent);
                    return;
                }
                throw attempt.failed();
            }
            used += draw.batch().size();
            double before = sum(current.scores());
            if (skipPerfectScore && allPerfect(current.scores())) {
                finish(
                        new GepaResult.Iteration(
                                iteration,
                                GepaResult.Origin.MUTATION,
                                List.of(parent),
                                List.of(),
                                GepaResult.Outcome.SKIPPED_PERFECT,
                                before,
                                Double.NaN,
                                null,
                                used),
                        "parent #" + parent + " is perfect on minibatch " + ids + "; skipped");
                return;
            }
            if (componentSelector == ComponentSelector.ROUND_ROBIN) {
                nextPredictor.set(parent, (draw.component() + 1) % names.size());
            }
            Map<String, String> child = attempt.child;
            if (child == null) {
                if (attempt.failure != null) {
                    throw attempt.failed();
                }
                String reflectionFailure = attempt.reflectionFailure;
                if (reflectionFailure != null) {
                    run.event(
                            OptimizerEvent.Kind.PROGRESS, reflectionFailure, parent, null, clamp(used), clamp(budget));
                }
                finish(
                        new GepaResult.Iteration(
                                iteration,
                                GepaResult.Origin.MUTATION,
                                List.of(parent),
                                draw.components(),
                                GepaResult.Outcome.NO_PROPOSAL,
                                before,
                                Double.NaN,
                                null,
                                used),
                        "no instruction proposed for " + draw.components() + " of #" + parent);
                return;
            }
            List<String> rewritten = List.copyOf(attempt.proposals.keySet());
            double[] after = attempt.after;
            if (after == null) {
                if (attempt.refused) {
                    refusedMutation(
                            iteration,
                            parent,
                            rewritten,
                            before,
                            Double.NaN,
                            "the budget cannot pay for the minibatch of the rewrite of " + rewritten + " from #"
                                    + parent);
                    return;
                }
                throw attempt.failed();
            }
            used += draw.batch().size();
            double afterSum = sum(after);
            if (afterSum <= before) {
                finish(
                        new GepaResult.Iteration(
                                iteration,
                                GepaResult.Origin.MUTATION,
                                List.of(parent),
                                rewritten,
                                GepaResult.Outcome.REJECTED,
                                before,
                                afterSum,
                                null,
                                used),
                        String.format(
                                Locale.ROOT,
                                "rewrite of %s from #%d scored %s <= %s on minibatch %s; rejected",
                                rewritten,
                                parent,
                                afterSum,
                                before,
                                ids));
                return;
            }
            long discovery = used;
            double[] childVal = attempt.childVal;
            if (childVal == null) {
                if (attempt.refused) {
                    refusedMutation(
                            iteration,
                            parent,
                            rewritten,
                            before,
                            afterSum,
                            String.format(
                                    Locale.ROOT,
                                    "rewrite of %s from #%d scored %s > %s on minibatch %s, but the budget cannot "
                                            + "pay for its validation",
                                    rewritten,
                                    parent,
                                    afterSum,
                                    before,
                                    ids));
                    return;
                }
                throw attempt.failed();
            }
            used += validation.size();
            fullEvals++;
            int index = pool.size();
            add(
                    new GepaResult.Candidate(
                            index,
                            GepaResult.Origin.MUTATION,
                            List.of(parent),
                            null,
                            child,
                            rewritten,
                            Map.of(),
                            iteration,
                            ids,
                            List.of(boxed(current.scores())),
                            boxed(after),
                            boxed(childVal),
                            discovery),
                    childVal,
                    List.of(parent));
            finish(
                    new GepaResult.Iteration(
                            iteration,
                            GepaResult.Origin.MUTATION,
                            List.of(parent),
                            rewritten,
                            GepaResult.Outcome.ACCEPTED,
                            before,
                            afterSum,
                            index,
                            used),
                    String.format(
                            Locale.ROOT,
                            "rewrite of %s from #%d scored %s > %s on minibatch %s; accepted as #%d "
                                    + "with validation score %.4f",
                            rewritten,
                            parent,
                            afterSum,
                            before,
                            ids,
                            index,
                            mean(childVal)));
            if (useMerge) {
                lastIterationAdded = true;
                if (mergesTested < maxMergeInvocations) {
                    mergesDue++;
                }
            }
        }

        /** One merge attempt; false when no pair qualified (the iteration then mutates). */
        private boolean tryMerge(int iteration) {
            double[] aggregate = aggregates();
            List<Integer> mergeable = GepaPareto.dominators(GepaPareto.fronts(valScores), aggregate);
            GepaMerge.Proposal proposal = merge.propose(pool, parents, aggregate, mergeable, random);
            if (proposal == null) {
                run.event(
                        OptimizerEvent.Kind.PROGRESS,
                        "iteration " + iteration + ": no merge candidates found",
                        null,
                        null,
                        clamp(used),
                        clamp(budget));
                return false;
            }
            int first = proposal.first();
            int second = proposal.second();
            List<Integer> ids =
                    GepaMerge.subsample(valScores.get(first), valScores.get(second), MERGE_SUBSAMPLE_SIZE, random);
            List<Example> batch = new ArrayList<>();
            List<Double> firstScores = new ArrayList<>();
            List<Double> secondScores = new ArrayList<>();
            for (int id : ids) {
                batch.add(validation.get(id));
                firstScores.add(valScores.get(first)[id]);
                secondScores.add(valScores.get(second)[id]);
            }
            List<String> all = List.copyOf(proposal.instructions().keySet());
            int entry = ledger.open(List.of((long) batch.size(), (long) validation.size()));
            try {
                return merge(iteration, proposal, ids, batch, firstScores, secondScores, all, entry);
            } finally {
                ledger.close(entry);
            }
        }

        /** A merge's subsample and (when it is not worse) validation, each admitted by the ledger. */
        private boolean merge(
                int iteration,
                GepaMerge.Proposal proposal,
                List<Integer> ids,
                List<Example> batch,
                List<Double> firstScores,
                List<Double> secondScores,
                List<String> all,
                int entry) {
            int first = proposal.first();
            int second = proposal.second();
            double before = Math.max(sumOf(firstScores), sumOf(secondScores));
            if (!ledger.admit(entry, batch.size())) {
                refused(
                        iteration,
                        GepaResult.Origin.MERGE,
                        List.of(first, second),
                        all,
                        before,
                        Double.NaN,
                        "the budget cannot pay for the subsample " + ids + " of the merge of #" + first + " and #"
                                + second);
                return true;
            }
            double[] after = evaluate(step("merge-subsample", iteration), proposal.instructions(), batch);
            used += batch.size();
            double afterSum = sum(after);
            if (afterSum < before) {
                finish(
                        new GepaResult.Iteration(
                                iteration,
                                GepaResult.Origin.MERGE,
                                List.of(first, second),
                                all,
                                GepaResult.Outcome.REJECTED,
                                before,
                                afterSum,
                                null,
                                used),
                        String.format(
                                Locale.ROOT,
                                "merge of #%d and #%d via #%d scored %s < %s on subsample %s; " + "rejected",
                                first,
                                second,
                                proposal.ancestor(),
                                afterSum,
                                before,
                                ids));
                return true;
            }
            long discovery = used;
            if (!ledger.admit(entry, validation.size())) {
                refused(
                        iteration,
                        GepaResult.Origin.MERGE,
                        List.of(first, second),
                        all,
                        before,
                        afterSum,
                        String.format(
                                Locale.ROOT,
                                "merge of #%d and #%d scored %s >= %s on subsample %s, but the budget cannot pay "
                                        + "for its validation",
                                first,
                                second,
                                afterSum,
                                before,
                                ids));
                return true;
            }
            double[] childVal = evaluate(step("valset", iteration), proposal.instructions(), validation);
            used += validation.size();
            fullEvals++;
            mergesDue--;
            mergesTested++;
            int index = pool.size();
            List<String> changed = new ArrayList<>();
            proposal.instructions().forEach((predictor, text) -> {
                if (!text.equals(pool.get(proposal.ancestor()).get(predictor))) {
                    changed.add(predictor);
                }
            });
            add(
                    new GepaResult.Candidate(
                            index,
                            GepaResult.Origin.MERGE,
                            List.of(first, second),
                            proposal.ancestor(),
                            proposal.instructions(),
                            changed,
                            proposal.sources(),
                            iteration,
                            ids,
                            List.of(firstScores, secondScores),
                            boxed(after),
                            boxed(childVal),
                            discovery),
                    childVal,
                    List.of(first, second));
            finish(
                    new GepaResult.Iteration(
                            iteration,
                            GepaResult.Origin.MERGE,
                            List.of(first, second),
                            all,
                            GepaResult.Outcome.ACCEPTED,
                            before,
                            afterSum,
                            index,
                            used),
                    String.format(
                            Locale.ROOT,
                            "merge of #%d and #%d via #%d scored %s >= %s on subsample %s; accepted "
                                    + "as #%d with validation score %.4f",
                            first,
                            second,
                            proposal.ancestor(),
                            afterSum,
                            before,
                            ids,
                            index,
                            mean(childVal)));
            return true;
        }

        /** gepa's {@code EpochShuffledBatchSampler}: shuffled ids per epoch, padded with the least used ones. */
        private List<Integer> nextMinibatch(int iteration) {
            long start = (long) iteration * reflectionMinibatchSize;
            long currentEpoch = epoch == -1 ? 0 : start / Math.max(shuffled.size(), 1);
            if (currentEpoch > epoch) {
                epoch = (int) currentEpoch;
                shuffled.clear();
                for (int i = 0; i < train.size(); i++) {
                    shuffled.add(i);
                }
                random.shuffle(shuffled);
                shuffled.forEach(id -> sampledTimes.merge(id, 1, Integer::sum));
                int remainder = train.size() % reflectionMinibatchSize;
                int pad = remainder == 0 ? 0 : reflectionMinibatchSize - remainder;
                for (int i = 0; i < pad; i++) {
                    int leastUsed = leastSampled();
                    shuffled.add(leastUsed);
                    sampledTimes.merge(leastUsed, 1, Integer::sum);
                }
            }
            int from = (int) (start % shuffled.size());
            return List.copyOf(shuffled.subList(from, from + reflectionMinibatchSize));
        }

        /** Python's {@code Counter.most_common()[::-1][0][0]}: the least counted, the latest inserted on ties. */
        private int leastSampled() {
            int chosen = -1;
            int fewest = Integer.MAX_VALUE;
            for (Map.Entry<Integer, Integer> entry : sampledTimes.entrySet()) {
                if (entry.getValue() <= fewest) {
                    fewest = entry.getValue();
                    chosen = entry.getKey();
                }
            }
            return chosen;
        }

        private void add(GepaResult.Candidate candidate, double[] scores, List<Integer> from) {
            double[] aggregateBefore = aggregates();
            int index = pool.size();
            pool.add(candidate.instructions());
            parents.add(from);
            valScores.add(scores);
            int next = 0;
            for (int parent : from) {
                next = Math.max(next, nextPredictor.get(parent));
            }
            nextPredictor.add(next);
            candidates.add(candidate);
            double score = candidate.valScore();
            String description = switch (candidate.origin()) {
                case SEED -> "seed";
                case MUTATION ->
                    "mutation of #" + from.get(0) + " (" + String.join(", ", candidate.changedPredictors()) + ")";
                case MERGE -> "merge of #" + from.get(0) + " and #" + from.get(1) + " via #" + candidate.ancestor();
            };
            run.addCandidate(new OptimizerReport.CandidateScore(index, description, score, Programs.demoCount(base)));
            run.event(
                    OptimizerEvent.Kind.CANDIDATE_SCORED,
                    String.format(
                            Locale.ROOT,
                            "candidate #%d (%s): validation " + "score %.4f; %d/%d metric calls",
                            index,
                            description,
                            score,
                            used,
                            budget),
                    index,
                    score,
                    clamp(used),
                    clamp(budget));
            int bestBefore = GepaPareto.best(aggregateBefore);
            if (bestBefore < 0 || score > aggregateBefore[bestBefore]) {
                run.best(index);
                run.event(
                        OptimizerEvent.Kind.NEW_BEST,
                        String.format(
                                Locale.ROOT, "new best validation score %.4f " + "for candidate #%d", score, index),
                        index,
                        score,
                        clamp(used),
                        clamp(budget));
            }
            steps.note(
                    Configuration.builder()
                            .put("kind", "candidate")
                            .put("index", index)
                            .build(),
                    JSON.createObjectNode()
                            .put("origin", candidate.origin().name())
                            .put("valScore", score)
                            .put("parents", from.toString())
                            .toString());
        }

        private void finish(GepaResult.Iteration iteration, String message) {
            iterations.add(iteration);
            double[] aggregate = aggregates();
            int best = GepaPareto.best(aggregate);
            Integer scored = iteration.candidate();
            run.event(
                    OptimizerEvent.Kind.PROGRESS,
                    String.format(
                            Locale.ROOT,
                            "iteration %d: %s; best so far %.4f " + "(#%d); %d/%d metric calls",
                            iteration.number(),
                            message,
                            aggregate[best],
                            best,
                            used,
                            budget),
                    scored,
                    scored == null ? null : aggregate[scored],
                    clamp(used),
                    clamp(budget));
            steps.note(
                    Configuration.builder()
                            .put("kind", "decision")
                            .put("iteration", iteration.number())
                            .build(),
                    JSON.createObjectNode()
                            .put("outcome", iteration.outcome().name())
                            .put("parents", iteration.parents().toString())
                            .put("before", iteration.scoreBefore())
                            .put("after", Double.isNaN(iteration.scoreAfter()) ? null : iteration.scoreAfter())
                            .put("candidate", iteration.candidate())
                            .toString());
        }

        /** The instructions' program: a copy of the student (with the task model) with those instructions. */
        // the optimizer returns a copy of the caller's program, whose type the caller names
        @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
        <M extends Module> M program(Map<String, String> instructions) {
            Module copy = Programs.copyOf(base, NAME);
            for (NamedPredictor named : copy.namedPredictors()) {
                named.predictor()
                        .setInstructions(Objects.requireNonNull(
                                instructions.get(named.name()),
                                () -> "GEPA candidate has no instructions for predictor '" + named.name() + "'"));
            }
            if (optimizeToolDescriptions && copy instanceof ToolUsing agent) {
                for (Tool tool : agent.describableTools()) {
                    String description = instructions.get(TOOL_COMPONENT_PREFIX + tool.name());
                    if (description != null
                            && !description.isBlank()
                            && !description.equals(tool.description().orElse(""))) {
                        agent.describeTool(tool.name(), description);
                    }
                }
            }
            return (M) copy;
        }

        /** Scores a candidate on a batch: one metric call per example; recorded. */
        private double[] evaluate(Configuration step, Map<String, String> instructions, List<Example> batch) {
            JsonNode recorded = steps.json(step, () -> {
                EvaluationResult result = runOn(instructions, batch);
                ObjectNode node = JSON.createObjectNode();
                ArrayNode scores = node.putArray("scores");
                result.results().forEach(r -> scores.add(r.score()));
                return node.toString();
            });
            return scores(recorded, batch.size(), step);
        }

        /** Scores a candidate on a minibatch with traces and builds the reflective dataset; recorded. */
        private Scored evaluateWithTraces(
                Configuration step,
                Map<String, String> instructions,
                List<Example> batch,
                List<String> components,
                int iteration) {
            JsonNode recorded = steps.json(step, () -> {
                Module program = program(instructions);
                EvaluationResult result = runOn(program, batch);
                Map<Predict, String> predictorNames = Programs.names(program);
                PyRandom picks = new PyRandom(seed * 1_000_003L + iteration);
                ObjectNode node = JSON.createObjectNode();
                ArrayNode scores = node.putArray("scores");
                result.results().forEach(r -> scores.add(r.score()));
                ObjectNode reflective = node.putObject("reflective");
                for (String predictor : components) {
                    ArrayNode items = reflective.putArray(predictor);
                    String source = predictor.startsWith(TOOL_COMPONENT_PREFIX) && program instanceof ToolUsing agent
                            ? agent.toolChoosingPredictor()
                            : predictor;
                    for (ExampleResult example : result.results()) {
                        Item item = item(example, source, predictorNames, picks);
                        if (item != null) {
                            ObjectNode entry = items.addObject();
                            ObjectNode inputs = entry.putObject("inputs");
                            item.inputs().forEach(inputs::put);
                            ObjectNode outputs = entry.putObject("outputs");
                            item.outputs().forEach(outputs::put);
                            entry.put("feedback", item.feedback());
                        }
                    }
                }
                return node.toString();
            });
            Map<String, List<Item>> reflective = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : recorded.path("reflective").properties()) {
                List<Item> items = new ArrayList<>();
                for (JsonNode entry : field.getValue()) {
                    items.add(new Item(
                            strings(entry.path("inputs")),
                            strings(entry.path("outputs")),
                            entry.path("feedback").asText()));
                }
                reflective.put(field.getKey(), items);
            }
            return new Scored(scores(recorded, batch.size(), step), reflective);
        }

        /**
         * The reflective-dataset item of one example for one predictor (gepa's DSPy adapter
         * {@code make_reflective_dataset}): one of the predictor's calls, its inputs and outputs as
         * text, and the metric's feedback; null when the example failed or never called it.
         */
        private @Nullable Item item(
                ExampleResult example, String predictor, Map<Predict, String> predictorNames, PyRandom picks) {
            if (!example.scored() || example.prediction().isEmpty()) {
                return null;
            }
            List<TraceEntry> calls = new ArrayList<>();
            for (TraceEntry entry : example.trace()) {
                if (predictor.equals(predictorNames.get(entry.predictor()))) {
                    calls.add(entry);
                }
            }
            if (calls.isEmpty()) {
                return null;
            }
            TraceEntry chosen = picks.choice(calls);
            Map<String, String> inputs = new LinkedHashMap<>();
            chosen.inputs().forEach((name, value) -> inputs.put(name, String.valueOf(value)));
            Map<String, String> outputs = new LinkedHashMap<>();
            chosen.prediction().values().forEach((name, value) -> outputs.put(name, String.valueOf(value)));
            MetricResult verdict = example.metric();
            if (predictorFeedback) {
                verdict = metric.score(
                        example.example(),
                        example.prediction().get(),
                        traceOf(example.trace()),
                        predictor,
                        List.of(chosen));
                if (verdict == null) {
                    verdict = example.metric();
                }
            }
            String feedback = verdict.feedbackText()
                    .filter(text -> !text.isBlank())
                    .orElse("This trajectory got a score of " + example.score() + ".");
            return new Item(inputs, outputs, feedback);
        }

        /** The reflection model's call for a new instruction of one predictor (recorded by the caller). */
        private Supplier<String> reflection(String predictor, String currentInstruction, List<Item> items) {
            return () -> {
                Predict reflection = new Predict(ProposerSignatures.REFLECT_ON_FEEDBACK);
                reflection.setModel(gated(run.meter().wrap(reflectionModel)));
                Map<String, Object> inputs = new LinkedHashMap<>();
                inputs.put("current_instruction", currentInstruction);
                inputs.put("examples_with_feedback", render(items));
                Prediction answer = reflection.forward(inputs);
                String text = answer.get("new_instruction")
                        .map(String::valueOf)
                        .map(Gepa::unfence)
                        .orElse("");
                if (text.isBlank()) {
                    throw new IllegalStateException(
                            "the reflection model returned no new_instruction for '" + predictor + "'");
                }
                return text;
            };
        }

        /** The reflection model's call for a new description of one tool (recorded by the caller). */
        private Supplier<String> toolReflection(String toolName, String currentDescription, List<Item> items) {
            return () -> {
                Predict reflection = new Predict(ProposerSignatures.IMPROVE_TOOL_DESCRIPTION);
                reflection.setModel(gated(run.meter().wrap(reflectionModel)));
                Map<String, Object> inputs = new LinkedHashMap<>();
                inputs.put("tool_name", toolName);
                inputs.put("current_description", currentDescription);
                inputs.put("examples_with_feedback", render(items));
                String text = reflection
                        .forward(inputs)
                        .get("new_description")
                        .map(String::valueOf)
                        .map(Gepa::unfence)
                        .orElse("");
                if (text.isBlank()) {
                    throw new IllegalStateException(
                            "the reflection model returned no new_description for tool '" + toolName + "'");
                }
                return text;
            };
        }

        private EvaluationResult runOn(Map<String, String> instructions, List<Example> batch) {
            Module program = program(instructions);
            return runOn(program, batch);
        }

        private EvaluationResult runOn(Module program, List<Example> batch) {
            Evaluate.Builder evaluate =
                    Evaluate.builder(batch, metric.asMetric()).progress(false);
            if (numThreads != null) {
                evaluate.concurrency(numThreads);
            }
            Meter.Installed metered = run.meter().install(program);
            if (gate != null) {
                for (NamedPredictor named : program.namedPredictors()) {
                    named.predictor()
                            .model()
                            .ifPresent(model -> named.predictor().setModel(gated(model)));
                }
            }
            EvaluationResult result;
            try {
                result = evaluate.build().run(program);
            } finally {
                metered.restore();
            }
            if (run.meter().exhausted()) {
                throw new CallBudgetExceededException(run.meter().budget(), "an evaluation");
            }
            return result;
        }

        /** The model, holding one of the shared permits per call when mutations run at once. */
        private LanguageModel gated(LanguageModel model) {
            Limiter permits = gate;
            return permits == null ? model : new GatedModel(model, permits);
        }

        private double[] aggregates() {
            double[] aggregate = new double[valScores.size()];
            for (int i = 0; i < aggregate.length; i++) {
                aggregate[i] = mean(valScores.get(i));
            }
            return aggregate;
        }

        private boolean allPerfect(double[] scores) {
            for (double score : scores) {
                if (score < perfectScore) {
                    return false;
                }
            }
            return true;
        }

        GepaResult result() {
            List<Module> programs = new ArrayList<>();
            if (trackStats) {
                pool.forEach(instructions -> programs.add(program(instructions)));
            }
            return new GepaResult(candidates, iterations, programs, used, budget, fullEvals, seed, stopReason);
        }
    }

    /** The markdown gepa's default proposer shows the reflection model, one section per example. */
    private static String render(List<Item> items) {
        List<String> sections = new ArrayList<>();
        int number = 1;
        for (Item item : items) {
            StringBuilder out = new StringBuilder("# Example ").append(number++).append('\n');
            out.append("## Inputs\n");
            renderFields(item.inputs(), out);
            out.append("## Generated Outputs\n");
            renderFields(item.outputs(), out);
            out.append("## Feedback\n").append(item.feedback().strip()).append("\n\n");
            sections.add(out.toString());
        }
        return String.join("\n\n", sections);
    }

    private static void renderFields(Map<String, String> fields, StringBuilder out) {
        if (fields.isEmpty()) {
            out.append('\n');
        }
        fields.forEach((name, value) -> out.append("### ")
                .append(name)
                .append('\n')
                .append(value.strip())
                .append("\n\n"));
    }

    /** The text inside a reply wrapped whole in a ``` fence (gepa's proposer reads fenced replies). */
    static String unfence(String text) {
        String stripped = text.strip();
        if (stripped.startsWith("```") && stripped.endsWith("```") && stripped.length() >= 6) {
            String inner = stripped.substring(3, stripped.length() - 3);
            int newline = inner.indexOf('\n');
            if (newline >= 0
                    && !inner.substring(0, newline).isBlank()
                    && !inner.substring(0, newline).contains(" ")) {
                inner = inner.substring(newline + 1);
            }
            return inner.strip();
        }
        return stripped;
    }

    private static Configuration step(String kind, int iteration) {
        return Configuration.builder()
                .put("kind", kind)
                .put("iteration", iteration)
                .build();
    }

    private static Trace traceOf(List<TraceEntry> entries) {
        try (Trace trace = Trace.start()) {
            entries.forEach(trace::record);
            return trace;
        }
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.properties()
                .forEach(field -> out.put(field.getKey(), field.getValue().asText()));
        return out;
    }

    private static double[] scores(JsonNode recorded, int expected, Configuration step) {
        JsonNode scores = recorded.path("scores");
        if (scores.size() != expected) {
            throw new IllegalStateException(NAME + ": the run record's step " + step + " holds " + scores.size()
                    + " scores for a batch of " + expected + "; the record belongs to a different run (use a new "
                    + "record name per run)");
        }
        double[] out = new double[expected];
        for (int i = 0; i < expected; i++) {
            out[i] = scores.get(i).asDouble();
        }
        return out;
    }

    private static List<Double> boxed(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double value : values) {
            out.add(value);
        }
        return out;
    }

    private static double sum(double[] values) {
        double total = 0;
        for (double value : values) {
            total += value;
        }
        return total;
    }

    private static double sumOf(List<Double> values) {
        double total = 0;
        for (double value : values) {
            total += value;
        }
        return total;
    }

    private static double mean(double[] values) {
        return values.length == 0 ? 0 : sum(values) / values.length;
    }

    /** Configures {@link Gepa}; every value has DSPy's default until set. */
    public static final class Builder extends InstructionOptimizerBuilder<Builder> {
        private final FeedbackMetric metric;
        private final boolean predictorFeedback;
        private @Nullable Auto auto;
        private @Nullable Integer maxFullEvals;
        private @Nullable Long maxMetricCalls;
        private int reflectionMinibatchSize = DEFAULT_REFLECTION_MINIBATCH_SIZE;
        private CandidateSelection candidateSelection = CandidateSelection.PARETO;
        private boolean skipPerfectScore = true;
        private double perfectScore = DEFAULT_PERFECT_SCORE;
        private boolean useMerge = true;
        private int maxMergeInvocations = DEFAULT_MAX_MERGE_INVOCATIONS;
        private ComponentSelector componentSelector = ComponentSelector.ROUND_ROBIN;
        private @Nullable List<Example> valset;
        private boolean trackStats;
        private int parallelIterations = 1;
        private boolean optimizeToolDescriptions;

        private Builder(FeedbackMetric metric, boolean predictorFeedback) {
            super(NAME, DEFAULT_SEED, null);
            this.metric = metric;
            this.predictorFeedback = predictorFeedback;
        }

        /**
         * A preset budget (DSPy's {@code auto}); exactly one of {@code auto}, {@code maxFullEvals}
         * and {@code maxMetricCalls} must be set.
         *
         * @param value LIGHT, MEDIUM or HEAVY
         * @return this builder
         */
        public Builder auto(Auto value) {
            this.auto = Objects.requireNonNull(value, NAME + ": auto is null; use LIGHT, MEDIUM or HEAVY");
            return this;
        }

        /**
         * A budget in full evaluations of the training plus validation set (DSPy's
         * {@code max_full_evals}).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxFullEvals(int value) {
            this.maxFullEvals = atLeast(value, 1, "maxFullEvals");
            return this;
        }

        /**
         * A budget in metric calls, one per example a candidate is run on (DSPy's
         * {@code max_metric_calls}); never passed.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxMetricCalls(long value) {
            if (value < 1) {
                throw new IllegalArgumentException(NAME + ": maxMetricCalls must be at least 1, got " + value);
            }
            this.maxMetricCalls = value;
            return this;
        }

        /**
         * Training examples per reflection (DSPy's {@code reflection_minibatch_size}, default
         * {@value Gepa#DEFAULT_REFLECTION_MINIBATCH_SIZE}).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder reflectionMinibatchSize(int value) {
            this.reflectionMinibatchSize = atLeast(value, 1, "reflectionMinibatchSize");
            return this;
        }

        /**
         * How parents are chosen (DSPy's {@code candidate_selection_strategy}, default PARETO).
         *
         * @param value PARETO or CURRENT_BEST
         * @return this builder
         */
        public Builder candidateSelectionStrategy(CandidateSelection value) {
            this.candidateSelection = Objects.requireNonNull(value, NAME + ": candidateSelectionStrategy is null");
            return this;
        }

        /**
         * Whether a minibatch on which the parent is already perfect is skipped (DSPy's
         * {@code skip_perfect_score}, default true).
         *
         * @param value true to skip
         * @return this builder
         */
        public Builder skipPerfectScore(boolean value) {
            this.skipPerfectScore = value;
            return this;
        }

        /**
         * The metric's best score (DSPy's {@code perfect_score}, default 1.0).
         *
         * @param value the score
         * @return this builder
         */
        public Builder perfectScore(double value) {
            this.perfectScore = number(value, "perfectScore");
            return this;
        }

        /**
         * Whether candidates are merged (DSPy's {@code use_merge}, default true).
         *
         * @param value true to merge
         * @return this builder
         */
        public Builder useMerge(boolean value) {
            this.useMerge = value;
            return this;
        }

        /**
         * The most merges accepted (DSPy's {@code max_merge_invocations}, default
         * {@value Gepa#DEFAULT_MAX_MERGE_INVOCATIONS}).
         *
         * @param value at least 0
         * @return this builder
         */
        public Builder maxMergeInvocations(int value) {
            this.maxMergeInvocations = atLeast(value, 0, "maxMergeInvocations");
            return this;
        }

        /**
         * Which predictors a mutation rewrites (DSPy's {@code component_selector}, default ROUND_ROBIN).
         *
         * @param value ROUND_ROBIN or ALL
         * @return this builder
         */
        public Builder componentSelector(ComponentSelector value) {
            this.componentSelector = Objects.requireNonNull(value, NAME + ": componentSelector is null");
            return this;
        }

        /**
         * The model that reads traces and feedback and writes new instructions (DSPy's
         * {@code reflection_lm}); required.
         *
         * @param value the model
         * @return this builder
         */
        public Builder reflectionModel(LanguageModel value) {
            return super.promptModel(required(value, "reflectionModel"));
        }

        /**
         * The same as {@link #reflectionModel(LanguageModel)}, under the name the other instruction
         * optimizers use for their proposer model.
         *
         * @param value the model
         * @return this builder
         */
        @Override
        public Builder promptModel(LanguageModel value) {
            return reflectionModel(value);
        }

        /**
         * The examples candidates are scored and compared on (DSPy's {@code valset}); the training set
         * by default.
         *
         * @param value examples with their inputs marked, not empty
         * @return this builder
         */
        public Builder valset(List<Example> value) {
            List<Example> checked = Programs.checkTrainset(value, NAME, "valset");
            if (checked.isEmpty()) {
                throw new IllegalArgumentException(NAME + ": the valset is empty; leave it unset to use the trainset");
            }
            this.valset = checked;
            return this;
        }

        /**
         * Whether {@link GepaResult#program(int)} keeps every candidate as a program (DSPy's
         * {@code track_stats}, default false); lineage, scores and instructions are kept either way.
         *
         * @param value true to keep the programs
         * @return this builder
         */
        public Builder trackStats(boolean value) {
            this.trackStats = value;
            return this;
        }

        /**
         * The most reflective mutations run at once (default 1: gepa's loop, one iteration after
         * the other). With {@code k > 1} up to {@code k} iterations run at once, as a sliding
         * window: iterations are drawn (parent, minibatch, predictor) in iteration order on the
         * caller's thread, iteration {@code i} once iteration {@code i - k} has been applied; their
         * minibatch evaluations, reflections and validations run on workers, sharing
         * {@code numThreads} model calls in flight; their results (acceptances, new candidates,
         * lineage) are applied in iteration order, and a merge runs (on the caller's thread) in the
         * window's next slot after an iteration that added a candidate.
         *
         * <p>The metric-call budget is never passed. Iterations and merges are numbered in the order
         * they start; one starts while the window has room and the budget, less what the applied
         * ones spent and the first minibatch of each running one, pays for its worst case (two
         * minibatches and a validation pass; a merge's 5 examples and a validation pass). Each of
         * its steps that makes metric calls (a minibatch, a validation, a merge's subsample) is then
         * admitted only when the budget, less what the iterations and merges before it spend in the
         * end and what it spent so far, pays for the step. The step goes ahead at once when it fits
         * even if the ones before it all spent their worst case, else it waits until they have
         * progressed enough to tell (at the latest until they have ended: they never wait for later
         * ones); so the decision never depends on timing. An iteration or merge whose step is
         * refused ends with {@link GepaResult.Outcome#BUDGET_SPENT} and no iteration starts after
         * it. A seed gives the same run for any {@code numThreads} and on every rerun, though not
         * the same as with another {@code k}: an iteration does not see the candidates the
         * {@code k - 1} before it add.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder parallelIterations(int value) {
            this.parallelIterations = value;
            return this;
        }

        /**
         * Whether GEPA also rewrites the descriptions of an agent's tools (DSPy's {@code
         * enable_tool_optimization}, default false): the student must then be a {@link ToolUsing}
         * module such as {@link dev.dspj.agent.ReAct}, and each of its tools becomes a component
         * {@code tool:NAME} beside the predictors, taken in turn like them. A tool's reflection reads
         * the calls of the predictor that chooses the tools, with the metric's feedback, and asks the
         * reflection model for a new description ({@link ProposerSignatures#IMPROVE_TOOL_DESCRIPTION});
         * a candidate's program carries it in its tools and in the line that lists the tool in that
         * predictor's instructions.
         *
         * @param value true to rewrite tool descriptions too
         * @return this builder
         */
        public Builder optimizeToolDescriptions(boolean value) {
            this.optimizeToolDescriptions = value;
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         * @throws IllegalStateException when not exactly one budget is set or no reflection model is
         * @throws IllegalArgumentException when {@code parallelIterations} is less than 1
         */
        public Gepa build() {
            if (parallelIterations < 1) {
                throw new IllegalArgumentException(NAME + ": parallelIterations must be at least 1 (1 runs one "
                        + "iteration at a time), got " + parallelIterations);
            }
            int budgets = (auto != null ? 1 : 0) + (maxFullEvals != null ? 1 : 0) + (maxMetricCalls != null ? 1 : 0);
            if (budgets != 1) {
                throw new IllegalStateException(
                        NAME + ": exactly one of auto, maxFullEvals, maxMetricCalls must be set; " + "got auto=" + auto
                                + ", maxFullEvals=" + maxFullEvals + ", maxMetricCalls=" + maxMetricCalls);
            }
            if (promptModel == null) {
                throw new IllegalStateException(
                        NAME + ": reflectionModel is required (DSPy's reflection_lm): the model "
                                + "that reads traces and feedback and proposes new instructions; a strong model works best");
            }
            return new Gepa(this);
        }
    }
}
