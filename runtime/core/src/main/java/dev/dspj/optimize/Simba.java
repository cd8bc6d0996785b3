package dev.dspj.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.Dspj;
import dev.dspj.codec.Codecs;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.Metric;
import dev.dspj.evaluate.MetricResult;
import dev.dspj.execution.CallBudgetExceededException;
import dev.dspj.execution.IndependentCalls;
import dev.dspj.execution.RunRecord;
import dev.dspj.execution.Workers;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmSettings;
import dev.dspj.module.FeedbackText;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.module.Trace;
import dev.dspj.module.TraceEntry;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.variable.Configuration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DSPy's {@code SIMBA} (Stochastic Introspective Mini-Batch Ascent, {@code simba.py} and
 * {@code simba_utils.py}): a hill climb over minibatches that finds the training examples on which
 * the program's runs disagree, and turns each into a new candidate program, either by appending a
 * successful run as a demo or by asking a model to compare a better and a worse run and append its
 * advice to the instructions.
 *
 * <p>One compile, as DSPy runs it:
 *
 * <ol>
 *   <li>The training set's indexes are shuffled ({@code random.Random(seed)}, Python's Mersenne
 *       Twister). Each of {@code maxSteps} steps takes the next {@code bsize} of them, reshuffling
 *       and starting over when fewer than {@code bsize} are left.</li>
 *   <li><b>Trajectories.</b> {@code numCandidates} model variants: variant 0 is each predictor's
 *       own settings, variant {@code i > 0} raises its temperature by {@code 0.5 + i * 0.5 /
 *       numCandidates} (at most 2.0); every variant has its own rollout id (the predictor's, else
 *       0, plus {@code i}), so the runs differ even where a cache sits in front of the model. For
 *       each variant and each batch example a program is drawn from the pool: the top
 *       {@code numCandidates} programs by average minibatch score with the baseline (the student)
 *       always among them, by a softmax over their average scores at
 *       {@code temperatureForSampling}. The pairs run in parallel ({@code numThreads}), each in its
 *       own {@link Trace}, and the metric scores each (0 when the program or the metric fails).</li>
 *   <li><b>Buckets.</b> The runs of each example form a bucket, sorted best first; buckets are
 *       sorted by (max − min score, max score, max − mean score), largest first.</li>
 *   <li><b>Candidates.</b> Walking down the buckets until {@code numCandidates + 1} candidates are
 *       built: a source program is drawn by softmax at {@code temperatureForCandidates} from the
 *       same top-k-plus-baseline pool; a copy of it drops {@code max(Poisson(demos / maxDemos),
 *       demos >= maxDemos ? 1 : 0)} demos at random indexes from every predictor (demos counted on
 *       its fullest predictor); then one strategy is drawn uniformly:
 *       <ul>
 *         <li>{@link Strategy#APPEND_A_DEMO}: the bucket's best run, if its score is above the
 *             batch's 10th percentile, gives each predictor it called one demo (the last call's
 *             inputs, truncated to {@code demoInputFieldMaxlen} characters, and outputs, marked
 *             augmented), appended after the remaining demos;</li>
 *         <li>{@link Strategy#APPEND_A_RULE}: if the best run's score is above the batch's 10th
 *             percentile and the worst run's below its 90th, the {@code promptModel} answers
 *             {@link #OFFER_FEEDBACK} with both runs (each predictor call's inputs and outputs),
 *             their outputs, scores and the metric's feedback, the example's inputs and labels,
 *             and the program's module definitions; each predictor named in its
 *             {@code module_advice} gets the advice appended to its instructions after a blank
 *             line.</li>
 *       </ul>
 *       The buckets are taken in bucket order while the candidates built, the buckets already
 *       settled as candidates (a demo appended when its bucket is taken) and the rule calls still
 *       out fall short of the candidates wanted; the rule calls run up to {@code numThreads} at
 *       once and are applied in bucket order, so the draws, the candidates and where the walk stops
 *       are those of one bucket at a time, and a bucket settled without a candidate is replaced at
 *       once instead of after the rule calls out. With {@link Builder#ruleLookahead(int)
 *       ruleLookahead(n)} up to {@code n} further buckets a step are taken ahead and their rule
 *       calls asked at once; what the step did not need is dropped and its draws undone, so the
 *       program is the same and only the calls grow.
 *       A bucket whose strategy declines (the thresholds above), fails, or changes nothing (advice
 *       that names no predictor) gives no candidate. DSPy keeps such a copy as a candidate all the
 *       same (it ignores the strategy's answer); DSPJ does not score a program that differs from
 *       its source only by dropped demos.</li>
 *   <li><b>Scoring.</b> Every candidate runs on the same minibatch with its own settings (each
 *       candidate's runs start as soon as it is built, while the wave's later rules are still
 *       being written, up to {@code numThreads} at once, recorded in candidate order); the best
 *       mean becomes the step's winner, and all candidates join the pool with their per-example
 *       scores. As in DSPy the pool is never emptied: only the top {@code numCandidates} plus the
 *       baseline are drawn from, which is how weak programs are pruned.</li>
 *   <li><b>Final selection.</b> {@code numCandidates + 1} winners evenly spaced over the list
 *       (the baseline first, Python's {@code round}), duplicates removed, are scored on the whole
 *       training set (all their runs at once, recorded in order); the first with the highest mean
 *       is returned.</li>
 * </ol>
 *
 * <p>Every model-backed step goes through the {@link RunRecord} ({@link Builder#record(RunRecord)}):
 * each run of a program on an example ({@code kind=trajectory}), each rule
 * ({@code kind=rule}), each candidate's minibatch scores ({@code kind=candidate}), and each final
 * score ({@code kind=final}), plus notes of every step's winner and of the selection. A restarted
 * run with a record of the same name replays them — no model call — and, making the same random
 * draws from the same results, continues where the first run stopped.
 *
 * <p>With a {@linkplain Builder#callBudget(long) call budget} or a
 * {@linkplain Builder#costBudgetUsd(double) dollar budget}, a call that would pass it is never
 * made; the run stops cleanly and returns the best program so far: the best fully scored program
 * of the final selection, else the step winner with the best minibatch score, else a copy of the
 * student. The student is never changed.
 *
 * <pre>{@code
 * Simba simba = Simba.builder(Metrics.exactMatch("answer"))
 *         .bsize(16).maxSteps(6).promptModel(proposerModel).seed(7).build();
 * Simba.Result<QaPredictor> result = simba.compileWithResult(qa, trainset);
 * QaPredictor optimized = result.program();
 * System.out.println(result.report().summary());
 * }</pre>
 */
public final class Simba implements Optimizer {

    /** The optimizer's name in reports and logs. */
    public static final String NAME = "SIMBA";
    /** DSPy's default minibatch size. */
    public static final int DEFAULT_BSIZE = 32;
    /** DSPy's default number of model variants and of new candidates per step. */
    public static final int DEFAULT_NUM_CANDIDATES = 6;
    /** DSPy's default number of steps. */
    public static final int DEFAULT_MAX_STEPS = 8;
    /** DSPy's default number of demos a predictor may hold before some are dropped. */
    public static final int DEFAULT_MAX_DEMOS = 4;
    /** DSPy's default length, in characters, an input value of a new demo is cut to. */
    public static final int DEFAULT_DEMO_INPUT_FIELD_MAXLEN = 100_000;
    /** DSPy's default softmax temperature for drawing the program of each trajectory. */
    public static final double DEFAULT_TEMPERATURE_FOR_SAMPLING = 0.2;
    /** DSPy's default softmax temperature for drawing the source program of a new candidate. */
    public static final double DEFAULT_TEMPERATURE_FOR_CANDIDATES = 0.2;
    /** Runs made at once unless set (DSPy's {@code num_threads}). */
    public static final int DEFAULT_NUM_THREADS = Evaluate.DEFAULT_CONCURRENCY;
    /** DSPy's default seed of {@code compile}. */
    public static final long DEFAULT_SEED = 0;
    /** What replaces the end of a demo input longer than {@code demoInputFieldMaxlen}, as in DSPy. */
    public static final String TRUNCATION_MARK = "\n\t\t... <TRUNCATED FOR BREVITY>";

    /** DSPy's SIMBA {@code OfferFeedback} signature (simba_utils.py), with its instructions and field descriptions. */
    public static final SignatureDescriptor OFFER_FEEDBACK = SignatureDescriptor.builder("OfferFeedback")
            .instructions(
                    "You will be given two trajectories of an LLM-driven program's execution. Your goal is to help "
                            + "the program's modules\n"
                            + "build up experience on how to maximize the reward value assigned to the program's outputs if it "
                            + "were to receive\n"
                            + "similar inputs in the future.\n\n"
                            + "The module won't see its own history. It will rely on your advice balancing being concrete and "
                            + "being generalizable.\n\n"
                            + "In your advice:\n"
                            + "- Avoid boilerplate. Offer advice that would change the module's behavior for the better in the "
                            + "future.\n"
                            + "- Ensure that advice offered to a module M is specific to that M's specific sub-task, not the "
                            + "overall program.\n"
                            + "- Rely on contrasting the behavior of the worse trajectory against the better trajectory in making "
                            + "recommendations.\n"
                            + "- Ensure each unique module name appears exactly once as a key in the advice dictionary.")
            .field(text("program_code", "The code of the program that we are analyzing"))
            .field(text("modules_defn", "The definition of each module in the program, including its I/O"))
            .field(text("program_inputs", "The inputs to the program that we are analyzing"))
            .field(text("oracle_metadata", "Any (hidden) metadata about the training set instance we're analyzing"))
            .field(text(
                    "worse_program_trajectory", "The trajectory of the program's execution, showing each module's I/O"))
            .field(text("worse_program_outputs", "The outputs of the program that we are analyzing"))
            .field(FieldDescriptor.input(
                    "worse_reward_value",
                    Codecs.DOUBLE,
                    "The reward value assigned to the program's outputs",
                    "double"))
            .field(text(
                    "worse_reward_info",
                    "Additional information that might be helpful to understanding the assigned reward value."))
            .field(text(
                    "better_program_trajectory",
                    "The trajectory of the program's execution, showing each module's I/O"))
            .field(text("better_program_outputs", "The outputs of the program that we are analyzing"))
            .field(FieldDescriptor.input(
                    "better_reward_value",
                    Codecs.DOUBLE,
                    "The reward value assigned to the program's outputs",
                    "double"))
            .field(text(
                    "better_reward_info",
                    "Additional information that might be helpful to understanding the assigned reward value."))
            .field(FieldDescriptor.input(
                    "module_names",
                    Codecs.list(Codecs.STRING),
                    "The names of the modules in the program, for which we seek advice",
                    "java.util.List<java.lang.String>"))
            .field(FieldDescriptor.output(
                    "discussion",
                    Codecs.STRING,
                    "Discussing blame of where each module went wrong, if it did",
                    "java.lang.String"))
            .field(FieldDescriptor.output(
                    "module_advice",
                    Codecs.map(Codecs.STRING),
                    "For each module, describe very concretely: If the module receives ${description of input or "
                            + "patterns therein}, then it should ${description of content, behavior, or strategies to "
                            + "adopt and/or others to avoid}. Basically, your advice be such that if the module has "
                            + "access to your tip, it would be much more likely to act like the successful trajectory "
                            + "rather than the lower-scoring trajectory.",
                    "java.util.Map<java.lang.String, java.lang.String>"))
            .build();

    /** The score DSPy shows for a trajectory it withholds from the rule model. */
    private static final String NOT_AVAILABLE = "N/A";

    private static final Logger LOG = LoggerFactory.getLogger("dev.dspj.optimize." + NAME);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static FieldDescriptor<String> text(String name, String description) {
        return FieldDescriptor.input(name, Codecs.STRING, description, "java.lang.String");
    }

    /** How SIMBA turns a bucket into a new candidate program. */
    public enum Strategy {
        /** DSPy's {@code append_a_demo}: the bucket's best run becomes a demo of each predictor it called. */
        APPEND_A_DEMO("append_a_demo"),
        /** DSPy's {@code append_a_rule}: a model's advice from comparing a better and a worse run joins the instructions. */
        APPEND_A_RULE("append_a_rule");

        private final String dspyName;

        Strategy(String dspyName) {
            this.dspyName = dspyName;
        }

        /**
         * The strategy's function name in DSPy.
         *
         * @return the name
         */
        public String dspyName() {
            return dspyName;
        }
    }

    /**
     * A program of the last compile's pool (DSPy's {@code candidate_programs} and {@code trial_logs}).
     *
     * @param index its index in the pool; 0 is the baseline (a copy of the student)
     * @param step the step that built it, or -1 for the baseline
     * @param parent the pool index of the program it was built from, or -1 for the baseline
     * @param strategy how it was built, or null for the baseline
     * @param description what it is
     * @param minibatchScore its mean score on its step's minibatch, or null for the baseline
     * @param trainScore its mean score on the training set when the final selection scored it, else null
     * @param winner whether it had the best minibatch score of its step (the baseline counts as a winner)
     * @param program the program (a copy; changing it changes nothing in the optimizer)
     */
    public record Candidate(
            int index,
            int step,
            int parent,
            @Nullable Strategy strategy,
            String description,
            @Nullable Double minibatchScore,
            @Nullable Double trainScore,
            boolean winner,
            Module program) {

        /**
         * Checks the candidate.
         *
         * @param index the pool index
         * @param step the step
         * @param parent the parent's pool index
         * @param strategy the strategy
         * @param description what it is
         * @param minibatchScore the minibatch score
         * @param trainScore the training set score
         * @param winner whether it won its step
         * @param program the program
         */
        public Candidate {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(program, "program");
        }
    }

    private final Metric metric;
    private final int bsize;
    private final int numCandidates;
    private final int maxSteps;
    private final int maxDemos;
    private final int demoInputFieldMaxlen;
    private final int numThreads;
    private final int ruleLookahead;
    private final double temperatureForSampling;
    private final double temperatureForCandidates;
    private final List<Strategy> strategies;
    private final @Nullable LanguageModel promptModel;
    private final @Nullable LanguageModel taskModel;
    private final long callBudget;
    private final double costBudgetUsd;
    private final long seed;
    private final @Nullable RunRecord record;
    private final @Nullable Consumer<OptimizerEvent> listener;
    private final Options options;

    /**
     * The options of a {@link Simba}, as written into its reports and run record.
     *
     * @param bsize the minibatch size
     * @param numCandidates model variants per step
     * @param maxSteps steps
     * @param maxDemos the most demos per predictor
     * @param demoInputFieldMaxlen the longest demo input kept
     * @param temperatureForSampling the temperature of the trajectory sampling
     * @param temperatureForCandidates the temperature of the source selection
     * @param strategies the strategies, in order
     * @param run the options every instruction optimizer has (models, seed, threads, budgets, record)
     */
    public record Options(
            int bsize,
            int numCandidates,
            int maxSteps,
            int maxDemos,
            int demoInputFieldMaxlen,
            double temperatureForSampling,
            double temperatureForCandidates,
            List<Strategy> strategies,
            int ruleLookahead,
            InstructionOptions run)
            implements OptimizerOptions {
        /**
         * Freezes the strategies.
         *
         * @param bsize minibatch size
         * @param numCandidates variants
         * @param maxSteps steps
         * @param maxDemos demos
         * @param demoInputFieldMaxlen demo input length
         * @param temperatureForSampling sampling temperature
         * @param temperatureForCandidates candidate temperature
         * @param strategies strategies
         * @param ruleLookahead buckets beyond a step's needs whose rule calls are asked at once
         * @param run shared options
         */
        public Options {
            strategies = List.copyOf(strategies);
        }
    }

    /**
     * What one SIMBA run gave.
     *
     * @param program the best program of the final selection (a copy of the student)
     * @param report what the run spent and found: the final selection's training-set scores
     *     (candidates by pool index), the program returned, why it stopped, the options
     * @param candidates every program of the pool, in pool order (the baseline first)
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

    private Simba(Builder builder) {
        this.metric = builder.metric;
        this.bsize = builder.bsize;
        this.numCandidates = builder.numCandidates;
        this.maxSteps = builder.maxSteps;
        this.maxDemos = builder.maxDemos;
        this.demoInputFieldMaxlen = builder.demoInputFieldMaxlen;
        // Simba's default is a number and the setter takes an int: never null here
        this.numThreads = Objects.requireNonNull(builder.numThreads, "numThreads");
        this.ruleLookahead = builder.ruleLookahead;
        this.temperatureForSampling = builder.temperatureForSampling;
        this.temperatureForCandidates = builder.temperatureForCandidates;
        this.strategies = builder.strategies != null
                ? builder.strategies
                : builder.maxDemos > 0
                        ? List.of(Strategy.APPEND_A_DEMO, Strategy.APPEND_A_RULE)
                        : List.of(Strategy.APPEND_A_RULE);
        this.promptModel = builder.promptModel;
        this.taskModel = builder.taskModel;
        this.callBudget = builder.callBudget;
        this.costBudgetUsd = builder.costBudgetUsd;
        this.seed = builder.seed;
        this.record = builder.record;
        this.listener = builder.listener;
        this.options = new Options(
                bsize,
                numCandidates,
                maxSteps,
                maxDemos,
                demoInputFieldMaxlen,
                temperatureForSampling,
                temperatureForCandidates,
                strategies,
                ruleLookahead,
                builder.instructionOptions());
    }

    /**
     * Starts configuring SIMBA.
     *
     * @param metric scores each run of a program on a training example
     * @return a builder with DSPy's defaults
     */
    public static Builder builder(Metric metric) {
        return new Builder(Objects.requireNonNull(metric, NAME + ": the metric is null"));
    }

    /**
     * Runs SIMBA.
     *
     * @param student the program (left unchanged)
     * @param trainset labeled examples with their inputs marked, at least {@code bsize} of them
     * @param <M> the program's type
     * @return the best program of the final selection (a copy of the student with its own
     *     instructions and demos), the report and the pool of candidates
     * @throws IllegalArgumentException when the training set is smaller than {@code bsize}, the
     *     program has no predictor, or append-a-rule has no model to ask
     */
    @Override
    public <M extends Module> Result<M> compileWithResult(M student, List<Example> trainset) {
        Objects.requireNonNull(student, NAME + ": the student is null");
        List<Example> train = Programs.checkTrainset(trainset, NAME, "trainset");
        if (train.size() < bsize) {
            throw new IllegalArgumentException(NAME + ": the trainset has " + train.size() + " example"
                    + (train.size() == 1 ? "" : "s") + ", fewer than bsize=" + bsize
                    + "; pass at least bsize examples or set a smaller bsize");
        }
        if (student.namedPredictors().isEmpty()) {
            throw new IllegalArgumentException(
                    NAME + ": the student " + student.getClass().getName() + " has no predictors to optimize");
        }
        M baseline = Programs.copyOf(student, NAME);
        InstructionRuns.applyTaskModel(baseline, taskModel);
        LanguageModel ruleModel = null;
        if (strategies.contains(Strategy.APPEND_A_RULE)) {
            ruleModel = promptModel != null
                    ? promptModel
                    : InstructionRuns.firstModel(student)
                            .or(Dspj::defaultModel)
                            .orElseThrow(
                                    () -> new IllegalArgumentException(
                                            NAME + ": append-a-rule needs a model to write the rules: set "
                                                    + "promptModel(...), a model on the student's predictors, or Dspj.configure(model)"));
        }
        RunRecord steps = record != null ? record : RunRecord.inMemory(NAME + "-" + UUID.randomUUID());
        ExecutorService pool = Workers.fixed("simba", numThreads);
        try (Run run = new Run(NAME, options, listener, callBudget, costBudgetUsd)) {
            InstructionRuns.recordOptions(steps, run);
            run.event(
                    OptimizerEvent.Kind.STARTED,
                    String.format(
                            Locale.ROOT,
                            "%d steps of a minibatch of %d from %d "
                                    + "training examples, %d model variants, strategies %s, record %s%s",
                            maxSteps,
                            bsize,
                            train.size(),
                            numCandidates,
                            strategies,
                            steps.name(),
                            InstructionRuns.budgetText(callBudget, costBudgetUsd)),
                    null,
                    null,
                    0,
                    maxSteps);
            Search search = new Search(
                    baseline,
                    train,
                    run,
                    steps,
                    pool,
                    ruleModel == null ? null : run.meter().wrap(ruleModel));
            Module best = search.run();
            List<Candidate> candidates = search.candidates();
            run.close();
            OptimizerReport report = run.report();
            run.event(
                    OptimizerEvent.Kind.FINISHED,
                    report.summary() + "; " + steps,
                    report.bestCandidate(),
                    report.bestScore().orElse(null),
                    maxSteps,
                    maxSteps);
            @SuppressWarnings("unchecked")
            M program = (M) best;
            return new Result<>(program, report, candidates);
        } finally {
            pool.shutdownNow();
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
     * The strategies candidates are built with.
     *
     * @return the strategies, in the order they were given
     */
    public List<Strategy> strategies() {
        return strategies;
    }

    /** The state of one compile. */
    private final class Search {
        private final Module baseline;
        private final List<Example> train;
        private final Run run;
        private final RunRecord steps;
        private final ExecutorService pool;
        private final @Nullable LanguageModel ruleModel;
        private final PyRandom rng = new PyRandom(seed);
        private SplittableRandom poissonRandom = new SplittableRandom(seed);
        /** Doubles drawn from {@link #poissonRandom}, to put it back where it was (see {@link #drawState}). */
        private long poissonDraws;

        private final List<Module> programs = new ArrayList<>();
        private final List<List<Double>> programScores = new ArrayList<>();
        private final List<Built> built = new ArrayList<>();
        private final Map<Integer, Double> trainScores = new LinkedHashMap<>();
        private final List<Integer> winners = new ArrayList<>();
        /**
         * The final selection's scorings started as soon as their winner was chosen, by winner
         * position: only when every winner is sure to be scored (at most {@code numCandidates}
         * steps) and no budget could be cut at another point by starting them early.
         */
        private final Map<Integer, List<Future<SimbaTrajectory>>> earlyFinal = new HashMap<>();
        /** Winner positions to score early, started once the next step's trajectories are in. */
        private final List<Integer> winnersToScore = new ArrayList<>();

        private final boolean scoreWinnersEarly = maxSteps <= numCandidates && callBudget <= 0 && costBudgetUsd <= 0;
        private int bestMinibatchWinner = -1;

        /** How a pool program came to be. */
        private record Built(int step, int parent, @Nullable Strategy strategy, String description) {}

        /** A rule model question: the step it is recorded as and the model's inputs. */
        private record Rule(Configuration name, Map<String, Object> inputs) {}

        /**
         * One bucket's try at a candidate: its draws, and for append-a-rule the question to ask, why
         * it declined, or the failure met while preparing it (thrown when the attempt is applied).
         */
        /** What append-a-demo gave a bucket when it was taken: null when a demo was appended, else why not. */
        private record DemoOutcome(
                @Nullable String declined, @Nullable RuntimeException failure) {
            static DemoOutcome of(Supplier<@Nullable String> appendADemo) {
                try {
                    return new DemoOutcome(appendADemo.get(), null);
                } catch (RuntimeException failure) {
                    return new DemoOutcome(null, failure);
                }
            }

            /** The outcome as append-a-demo gave it: why it declined, or null; what it threw, thrown. */
            @Nullable
            String get() {
                if (failure != null) {
                    throw failure;
                }
                return declined;
            }
        }

        /** Whether a taken bucket may still give a candidate: a demo appended, or a rule call not declined. */
        private static boolean mayBuild(Attempt attempt, @Nullable DemoOutcome demo) {
            if (demo != null) {
                return demo.declined() == null && demo.failure() == null;
            }
            return attempt.strategy() == Strategy.APPEND_A_RULE
                    && attempt.declined() == null
                    && attempt.unprepared() == null
                    && attempt.rule() != null;
        }

        /** The random streams' positions after a bucket was drawn. */
        private record DrawState(PyRandom rng, long poissonDraws) {}

        private record Attempt(
                int rank,
                SimbaTrajectory.Bucket bucket,
                int source,
                Module candidate,
                int dropped,
                Strategy strategy,
                @Nullable Rule rule,
                @Nullable String declined,
                @Nullable RuntimeException unprepared) {}

        /** A program's scores on a batch, or what stopped them. */
        private record Scores(
                @Nullable List<Double> scores, @Nullable RuntimeException failure) {
            List<Double> get() {
                if (failure != null) {
                    throw failure;
                }
                return Objects.requireNonNull(scores, "scores, without a failure");
            }
        }

        Search(
                Module baseline,
                List<Example> train,
                Run run,
                RunRecord steps,
                ExecutorService pool,
                @Nullable LanguageModel ruleModel) {
            this.baseline = baseline;
            this.train = train;
            this.run = run;
            this.steps = steps;
            this.pool = pool;
            this.ruleModel = ruleModel;
        }

        Module run() {
            register(baseline, List.of(), new Built(-1, -1, null, "baseline (the student)"));
            winners.add(0);
            scoreWinnerEarly(0);
            List<Integer> dataIndices = new ArrayList<>();
            for (int i = 0; i < train.size(); i++) {
                dataIndices.add(i);
            }
            rng.shuffle(dataIndices);
            int instanceIndex = 0;
            try {
                for (int step = 0; step < maxSteps; step++) {
                    if (instanceIndex + bsize > train.size()) {
                        rng.shuffle(dataIndices);
                        instanceIndex = 0;
                    }
                    List<Integer> batch = List.copyOf(dataIndices.subList(instanceIndex, instanceIndex + bsize));
                    instanceIndex += bsize;
                    step(step, batch);
                }
                return finalSelection();
            } catch (CallBudgetExceededException spent) {
                run.stop(run.budgetReason());
                return bestSoFar();
            }
        }

        private int register(Module program, List<Double> scores, Built how) {
            programs.add(program);
            programScores.add(List.copyOf(scores));
            built.add(how);
            return programs.size() - 1;
        }

        private double averageScore(int program) {
            return mean(programScores.get(program));
        }

        /** DSPy's {@code top_k_plus_baseline}: the k best by average score (stable), the baseline forced in last. */
        private List<Integer> topKPlusBaseline(int k) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < programs.size(); i++) {
                order.add(i);
            }
            order.sort((a, b) -> Double.compare(averageScore(b), averageScore(a)));
            List<Integer> top = new ArrayList<>(order.subList(0, Math.min(k, order.size())));
            if (!top.contains(0) && !top.isEmpty()) {
                top.set(top.size() - 1, 0);
            }
            return List.copyOf(new LinkedHashSet<>(top));
        }

        /** DSPy's {@code softmax_sample}: {@code rng.choices(idxs, weights=exp(score / temperature))}. */
        private int softmaxSample(List<Integer> programIndexes, double temperature) {
            double[] weights = new double[programIndexes.size()];
            double sum = 0;
            for (int i = 0; i < weights.length; i++) {
                weights[i] = Math.exp(averageScore(programIndexes.get(i)) / temperature);
                sum += weights[i];
            }
            if (!Double.isFinite(sum)) {
                double max = Double.NEGATIVE_INFINITY;
                for (int index : programIndexes) {
                    max = Math.max(max, averageScore(index));
                }
                sum = 0;
                for (int i = 0; i < weights.length; i++) {
                    weights[i] = Math.exp((averageScore(programIndexes.get(i)) - max) / temperature);
                    sum += weights[i];
                }
            }
            if (sum <= 0) {
                return rng.choice(programIndexes);
            }
            double[] cumulative = new double[weights.length];
            double running = 0;
            for (int i = 0; i < weights.length; i++) {
                running += weights[i] / sum;
                cumulative[i] = running;
            }
            double target = rng.random() * cumulative[cumulative.length - 1];
            int low = 0;
            int high = cumulative.length - 1;
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (target < cumulative[middle]) {
                    high = middle;
                } else {
                    low = middle + 1;
                }
            }
            return programIndexes.get(low);
        }

        private void step(int step, List<Integer> batch) {
            List<Integer> top = topKPlusBaseline(numCandidates);
            List<Callable<SimbaTrajectory>> runs = new ArrayList<>();
            for (int variant = 0; variant < numCandidates; variant++) {
                for (int example : batch) {
                    int program = softmaxSample(top, temperatureForSampling);
                    Configuration name = Configuration.builder()
                            .put("kind", "trajectory")
                            .put("step", step)
                            .put("variant", variant)
                            .put("example", example)
                            .put("program", program)
                            .build();
                    int chosenVariant = variant;
                    runs.add(() -> SimbaTrajectory.fromJson(
                            example,
                            steps.json(
                                    name,
                                    () -> runOnce(variantCopy(program, chosenVariant), example)
                                            .toJson())));
                }
            }
            List<SimbaTrajectory> outputs = parallel(runs);
            startWinnerScorings();
            double p10 = SimbaTrajectory.percentile(outputs, 10);
            double p90 = SimbaTrajectory.percentile(outputs, 90);
            double baselineScore = outputs.stream()
                    .mapToDouble(SimbaTrajectory::score)
                    .average()
                    .orElse(0);
            List<SimbaTrajectory.Bucket> buckets = SimbaTrajectory.buckets(outputs, bsize);
            run.event(
                    OptimizerEvent.Kind.PROGRESS,
                    String.format(
                            Locale.ROOT,
                            "step %d/%d: %d trajectories on %d "
                                    + "examples x %d variants, mean score %.4f (10th percentile %.4f, 90th %.4f); %d bucket(s) with a "
                                    + "score gap",
                            step + 1,
                            maxSteps,
                            outputs.size(),
                            bsize,
                            numCandidates,
                            baselineScore,
                            p10,
                            p90,
                            buckets.stream().filter(b -> b.maxToMinGap() > 0).count()),
                    null,
                    baselineScore,
                    step,
                    maxSteps);

            List<Module> candidates = new ArrayList<>();
            List<Built> how = new ArrayList<>();
            // each candidate's scoring starts as soon as it is built, while later buckets' rules are
            // still being written; the runs and their scores are the same whenever they start
            List<Configuration> names = new ArrayList<>();
            List<List<Future<SimbaTrajectory>>> scoring = new ArrayList<>();
            AtomicReference<CallBudgetExceededException> refusal = new AtomicReference<>();
            // Buckets are taken in rank order until the candidates are built, as DSPy takes them; a
            // bucket whose outcome is known when it is taken (a demo appended or declined, a rule
            // declined by the thresholds) is settled then, and the next bucket is taken at once
            // while rule calls are still out, so rule calls that DSPy would make one wave after
            // another run together. The buckets used, the calls made and the candidates are the
            // same: a bucket is taken only while the candidates built, the settled successes and
            // the rule calls still out fall short of the number wanted (plus the lookahead, whose
            // buckets are dropped, and their draws undone, when the step did not need them).
            int wanted = numCandidates + 1;
            int rank = 0;
            try (IndependentCalls<String> answers = IndependentCalls.open(numThreads)) {
                List<Attempt> taken = new ArrayList<>();
                List<@Nullable DemoOutcome> demos = new ArrayList<>();
                // with a lookahead, the random streams' positions after each bucket was drawn
                List<DrawState> drawnState = new ArrayList<>();
                int hopeful = 0;
                int ahead = 0;
                int next = 0;
                while (true) {
                    while (rank < buckets.size()
                            && candidates.size() < wanted
                            && (candidates.size() + hopeful < wanted
                                    || (ahead < ruleLookahead
                                            && candidates.size() + hopeful < wanted + ruleLookahead))) {
                        if (candidates.size() + hopeful >= wanted) {
                            // taken ahead, once per step: a bucket taken ahead later would have its call
                            // still out when the step is done, and the step waits for every call it made
                            ahead++;
                        }
                        Attempt drawn = attempt(step, rank, buckets.get(rank), p10, p90);
                        rank++;
                        taken.add(drawn);
                        if (ruleLookahead > 0) {
                            drawnState.add(drawState());
                        }
                        answers.add(
                                drawn.rule() == null || steps.has(drawn.rule().name())
                                        ? null
                                        : ruleCall(drawn.rule().inputs()));
                        DemoOutcome demo = drawn.strategy() == Strategy.APPEND_A_DEMO
                                ? DemoOutcome.of(() -> appendADemo(drawn.bucket(), drawn.candidate(), p10))
                                : null;
                        demos.add(demo);
                        if (mayBuild(drawn, demo)) {
                            hopeful++;
                        }
                    }
                    if (next == taken.size() || candidates.size() == wanted) {
                        if (next > 0 && next < taken.size()) {
                            // buckets taken ahead that the step did not need: as if never drawn
                            restore(drawnState.get(next - 1));
                        }
                        break;
                    }
                    int index = next++;
                    Attempt attempt = taken.get(index);
                    if (mayBuild(attempt, demos.get(index))) {
                        hopeful--;
                    }
                    String outcome;
                    try {
                        DemoOutcome demo = demos.get(index);
                        outcome = demo != null ? demo.get() : appendARule(attempt, () -> answers.get(index));
                    } catch (CallBudgetExceededException spent) {
                        throw spent;
                    } catch (RuntimeException failure) {
                        if (run.meter().exhausted()) {
                            throw new CallBudgetExceededException(run.meter().budget(), "the rule model");
                        }
                        run.countError();
                        LOG.warn(
                                "{}: step {}, bucket {}: {} failed; the bucket gives no candidate",
                                NAME,
                                step + 1,
                                attempt.rank(),
                                attempt.strategy().dspyName(),
                                failure);
                        continue;
                    }
                    if (outcome != null) {
                        LOG.debug(
                                "{}: step {}, bucket {} (example {}): {} declined: {}",
                                NAME,
                                step + 1,
                                attempt.rank(),
                                attempt.bucket().example(),
                                attempt.strategy().dspyName(),
                                outcome);
                        continue;
                    }
                    SimbaTrajectory.Bucket bucket = attempt.bucket();
                    Configuration name = Configuration.builder()
                            .put("kind", "candidate")
                            .put("step", step)
                            .put("candidate", candidates.size())
                            .put("program", programs.size() + candidates.size())
                            .build();
                    names.add(name);
                    scoring.add(steps.has(name) ? null : submit(attempt.candidate(), batch, refusal));
                    candidates.add(attempt.candidate());
                    how.add(new Built(
                            step,
                            attempt.source(),
                            attempt.strategy(),
                            String.format(
                                    Locale.ROOT,
                                    "step %d, bucket %d (example %d, gap %.3f): %s on program %d%s",
                                    step + 1,
                                    attempt.rank(),
                                    bucket.example(),
                                    bucket.maxToMinGap(),
                                    attempt.strategy().dspyName(),
                                    attempt.source(),
                                    attempt.dropped() > 0
                                            ? " after dropping " + attempt.dropped() + " demo index(es)"
                                            : "")));
                }
            }

            List<Scores> computed = collect(scoring);
            List<List<Double>> scores = new ArrayList<>();
            for (int c = 0; c < candidates.size(); c++) {
                Scores candidateScores = computed.get(c);
                JsonNode recorded = steps.json(names.get(c), () -> {
                    ArrayNode array = JSON.arrayNode();
                    candidateScores.get().forEach(array::add);
                    return array.toString();
                });
                List<Double> perExample = new ArrayList<>();
                recorded.forEach(score -> perExample.add(score.asDouble()));
                scores.add(perExample);
            }

            int winner = -1;
            double winnerScore = Double.NEGATIVE_INFINITY;
            List<String> shown = new ArrayList<>();
            for (int c = 0; c < candidates.size(); c++) {
                double mean = mean(scores.get(c));
                int index = register(candidates.get(c), scores.get(c), how.get(c));
                shown.add(String.format(Locale.ROOT, "%.4f", mean));
                run.event(
                        OptimizerEvent.Kind.CANDIDATE_SCORED,
                        String.format(
                                Locale.ROOT,
                                "program %d (%s): minibatch " + "score %.4f",
                                index,
                                how.get(c).description(),
                                mean),
                        index,
                        mean,
                        step + 1,
                        maxSteps);
                if (mean > winnerScore) {
                    winnerScore = mean;
                    winner = index;
                }
            }
            if (winner >= 0) {
                winners.add(winner);
                scoreWinnerEarly(winners.size() - 1);
                boolean newBest = bestMinibatchWinner < 0 || winnerScore > averageScore(bestMinibatchWinner);
                if (newBest) {
                    bestMinibatchWinner = winner;
                }
                steps.note(
                        Configuration.builder()
                                .put("kind", "winner")
                                .put("step", step)
                                .build(),
                        JSON.objectNode()
                                .put("program", winner)
                                .put("score", winnerScore)
                                .toString());
                run.event(
                        newBest ? OptimizerEvent.Kind.NEW_BEST : OptimizerEvent.Kind.PROGRESS,
                        String.format(
                                Locale.ROOT,
                                "step %d/%d: candidates %s; winner program %d at %.4f (trajectory mean %.4f); best "
                                        + "minibatch score so far %.4f (program %d)",
                                step + 1,
                                maxSteps,
                                shown,
                                winner,
                                winnerScore,
                                baselineScore,
                                averageScore(bestMinibatchWinner),
                                bestMinibatchWinner),
                        winner,
                        winnerScore,
                        step + 1,
                        maxSteps);
            } else {
                run.event(
                        OptimizerEvent.Kind.PROGRESS,
                        String.format(Locale.ROOT, "step %d/%d: no bucket gave a " + "candidate", step + 1, maxSteps),
                        null,
                        null,
                        step + 1,
                        maxSteps);
            }
        }

        /** A copy of a pool program with model variant {@code variant}'s settings, reporting to the meter. */
        private Module variantCopy(int program, int variant) {
            Module copy = programs.get(program).deepCopy();
            for (NamedPredictor named : copy.namedPredictors()) {
                Predict predictor = named.predictor();
                LmSettings settings = predictor.settings();
                settings = settings.withRolloutId(settings.rolloutId().orElse(0) + variant);
                if (variant > 0) {
                    double raised = settings.temperature().orElse(0.0) + 0.5 + variant * (0.5 / numCandidates);
                    settings = settings.withTemperature(Math.min(raised, LmSettings.MAX_TEMPERATURE));
                }
                predictor.setSettings(settings);
            }
            run.meter().install(copy);
            return copy;
        }

        /** DSPy's demo drop before a strategy: the same random demo indexes leave every predictor. */
        private int dropDemos(Module candidate) {
            int numDemos = 0;
            for (NamedPredictor named : candidate.namedPredictors()) {
                numDemos = Math.max(numDemos, named.predictor().demos().size());
            }
            int limit = maxDemos > 0 ? maxDemos : 3;
            int drop = Math.max(poisson((double) numDemos / limit), numDemos >= limit ? 1 : 0);
            drop = Math.min(drop, numDemos);
            Set<Integer> indexes = new HashSet<>();
            for (int i = 0; i < drop; i++) {
                indexes.add(rng.randbelow(numDemos));
            }
            if (indexes.isEmpty()) {
                return 0;
            }
            for (NamedPredictor named : candidate.namedPredictors()) {
                List<Example> kept = new ArrayList<>();
                List<Example> demos = named.predictor().demos();
                for (int i = 0; i < demos.size(); i++) {
                    if (!indexes.contains(i)) {
                        kept.add(demos.get(i));
                    }
                }
                named.predictor().setDemos(kept);
            }
            return indexes.size();
        }

        private double poissonDouble() {
            poissonDraws++;
            return poissonRandom.nextDouble();
        }

        /** Where both random streams are now, for {@link #restore}. */
        private DrawState drawState() {
            return new DrawState(rng.copy(), poissonDraws);
        }

        /** Puts both random streams back where {@code state} found them. */
        private void restore(DrawState state) {
            rng.restore(state.rng());
            poissonRandom = new SplittableRandom(seed);
            for (long i = 0; i < state.poissonDraws(); i++) {
                poissonRandom.nextDouble();
            }
            poissonDraws = state.poissonDraws();
        }

        /** A Poisson draw (Knuth's multiplication method; the rates here are at most a few). */
        private int poisson(double rate) {
            if (rate <= 0) {
                return 0;
            }
            double limit = Math.exp(-rate);
            int count = 0;
            double product = poissonDouble();
            while (product > limit) {
                count++;
                product *= poissonDouble();
            }
            return count;
        }

        /** DSPy's {@code append_a_demo}; returns why it declined, or null when the demos were added. */
        private @Nullable String appendADemo(SimbaTrajectory.Bucket bucket, Module candidate, double p10) {
            SimbaTrajectory good = bucket.best();
            if (good.score() <= p10) {
                return String.format(
                        Locale.ROOT,
                        "the best score %.4f is at or below the batch's 10th percentile %.4f",
                        good.score(),
                        p10);
            }
            Map<String, Predict> byName = new LinkedHashMap<>();
            candidate.namedPredictors().forEach(named -> byName.put(named.name(), named.predictor()));
            Map<String, Example> demos = new LinkedHashMap<>();
            for (SimbaTrajectory.Step call : good.steps()) {
                Predict predictor = byName.get(call.module());
                if (predictor == null) {
                    continue;
                }
                SignatureDescriptor signature = predictor.signature();
                Map<String, Object> inputs = SimbaText.valuesFromJson(call.inputs(), signature);
                inputs.replaceAll((field, value) ->
                        truncated(value, signature.field(field).orElse(null)));
                Map<String, Object> values = new LinkedHashMap<>(inputs);
                values.putAll(SimbaText.valuesFromJson(call.outputs(), signature));
                demos.put(
                        call.module(),
                        Example.of(values).withInputs(inputs.keySet()).withAugmented(true));
            }
            if (demos.isEmpty()) {
                return "the best run made no predictor call";
            }
            demos.forEach((name, demo) -> {
                // demos holds only the names found in byName above
                Predict predictor = Objects.requireNonNull(byName.get(name), name);
                List<Example> appended = new ArrayList<>(predictor.demos());
                appended.add(demo);
                predictor.setDemos(appended);
            });
            return null;
        }

        private @Nullable Object truncated(@Nullable Object value, @Nullable FieldDescriptor<?> field) {
            if (value == null) {
                return null;
            }
            String text = value instanceof String s ? s : field != null ? field.format(value) : String.valueOf(value);
            String cut = SimbaText.truncate(text, demoInputFieldMaxlen);
            return cut.equals(text) ? value : cut;
        }

        /**
         * One bucket's draws, made in DSPy's order (the source program, the demos dropped, the
         * strategy), and, for append-a-rule, the question for the rule model, so that the rule
         * calls of several buckets can be asked at once.
         */
        private Attempt attempt(int step, int rank, SimbaTrajectory.Bucket bucket, double p10, double p90) {
            int source = softmaxSample(topKPlusBaseline(numCandidates), temperatureForCandidates);
            Module candidate = Programs.copyOf(programs.get(source), NAME);
            int dropped = dropDemos(candidate);
            Strategy strategy = rng.choice(strategies);
            Rule rule = null;
            String declined = null;
            RuntimeException unprepared = null;
            if (strategy == Strategy.APPEND_A_RULE) {
                try {
                    declined = ruleDeclined(bucket, p10, p90);
                    if (declined == null) {
                        rule = rule(bucket, candidate, p90, step, rank, source);
                    }
                } catch (RuntimeException failure) {
                    unprepared = failure;
                }
            }
            return new Attempt(rank, bucket, source, candidate, dropped, strategy, rule, declined, unprepared);
        }

        /** Why append-a-rule declines a bucket (DSPy's thresholds), or null when it asks the rule model. */
        private @Nullable String ruleDeclined(SimbaTrajectory.Bucket bucket, double p10, double p90) {
            SimbaTrajectory good = bucket.best();
            SimbaTrajectory bad = bucket.worst();
            if (good.score() <= p10 || bad.score() >= p90) {
                return String.format(
                        Locale.ROOT,
                        "the best score %.4f is at or below the batch's 10th percentile %.4f "
                                + "or the worst %.4f at or above its 90th %.4f",
                        good.score(),
                        p10,
                        bad.score(),
                        p90);
            }
            return null;
        }

        /** The rule model's question about a bucket: its step name and its inputs. */
        private Rule rule(SimbaTrajectory.Bucket bucket, Module candidate, double p90, int step, int rank, int source) {
            SimbaTrajectory good = bucket.best();
            SimbaTrajectory bad = bucket.worst();
            boolean hideBetter = false;
            boolean hideWorse = false;
            if (good.score() <= bad.score()) {
                if (good.score() > p90) {
                    hideWorse = true;
                } else {
                    hideBetter = true;
                }
            }
            List<NamedPredictor> predictors = candidate.namedPredictors();
            ArrayNode moduleNames = JSON.arrayNode();
            predictors.forEach(named -> moduleNames.add(named.name()));
            Example example = train.get(bucket.example());
            Map<String, Object> inputs = new LinkedHashMap<>();
            inputs.put("program_code", SimbaText.programCode(candidate));
            inputs.put("modules_defn", FeedbackText.inspectModules(predictors));
            inputs.put("program_inputs", FeedbackText.indentedJson(FeedbackText.toJson(example.inputs())));
            inputs.put("oracle_metadata", FeedbackText.indentedJson(FeedbackText.toJson(example.labels())));
            inputs.put("worse_program_trajectory", FeedbackText.indentedJson(trajectoryJson(bad, hideWorse)));
            inputs.put("worse_program_outputs", FeedbackText.indentedJson(outputsJson(bad, hideWorse)));
            inputs.put("worse_reward_value", hideWorse ? NOT_AVAILABLE : bad.score());
            inputs.put("worse_reward_info", FeedbackText.indentedJson(bad.rewardInfo()));
            inputs.put("better_program_trajectory", FeedbackText.indentedJson(trajectoryJson(good, hideBetter)));
            inputs.put("better_program_outputs", FeedbackText.indentedJson(outputsJson(good, hideBetter)));
            inputs.put("better_reward_value", hideBetter ? NOT_AVAILABLE : good.score());
            inputs.put("better_reward_info", FeedbackText.indentedJson(good.rewardInfo()));
            // DSPy passes every non-string value as indented JSON text, the module names included.
            inputs.put("module_names", FeedbackText.indentedJson(moduleNames));

            Configuration name = Configuration.builder()
                    .put("kind", "rule")
                    .put("step", step)
                    .put("bucket", rank)
                    .put("example", bucket.example())
                    .put("program", source)
                    .build();
            return new Rule(name, inputs);
        }

        /** The rule model's call for one bucket, answering the JSON the run record keeps. */
        private Supplier<String> ruleCall(Map<String, Object> inputs) {
            return () -> {
                Predict feedback = new Predict(OFFER_FEEDBACK);
                feedback.setModel(ruleModel);
                Prediction prediction = feedback.forward(inputs);
                Object advice = prediction.values().get("module_advice");
                if (!(advice instanceof Map<?, ?> byModule)) {
                    throw new IllegalStateException(
                            NAME + ": the rule model's answer has no module_advice map, got " + advice);
                }
                ObjectNode recorded = JSON.objectNode();
                recorded.put("discussion", String.valueOf(prediction.values().getOrDefault("discussion", "")));
                ObjectNode adviceJson = recorded.putObject("module_advice");
                byModule.forEach((module, text) -> adviceJson.put(String.valueOf(module), String.valueOf(text)));
                return recorded.toString();
            };
        }

        /**
         * DSPy's {@code append_a_rule} on a prepared attempt, with the rule model's answer from the
         * record or {@code answer}; returns why it declined, or null when advice was appended.
         */
        private @Nullable String appendARule(Attempt attempt, Supplier<String> answer) {
            if (attempt.unprepared() != null) {
                throw attempt.unprepared();
            }
            if (attempt.declined() != null) {
                return attempt.declined();
            }
            // an append-a-rule attempt that neither failed nor declined was given its question
            Rule rule = Objects.requireNonNull(attempt.rule(), "the rule question");
            JsonNode advice = steps.json(rule.name(), answer).path("module_advice");
            int applied = 0;
            for (NamedPredictor named : attempt.candidate().namedPredictors()) {
                JsonNode text = advice.get(named.name());
                if (text != null && !text.isNull()) {
                    Predict predictor = named.predictor();
                    String fresh = SimbaText.newSentences(predictor.instructions(), text.asText());
                    if (!fresh.isEmpty()) {
                        predictor.setInstructions(predictor.instructions() + "\n\n" + fresh);
                        applied++;
                    }
                }
            }
            if (applied > 0) {
                return null;
            }
            List<String> named = new ArrayList<>();
            advice.fieldNames().forEachRemaining(named::add);
            return "the advice named no predictor of the program, or only repeated its instructions (it named " + named
                    + ")";
        }

        private JsonNode trajectoryJson(SimbaTrajectory trajectory, boolean hidden) {
            ArrayNode calls = JSON.arrayNode();
            if (hidden) {
                return calls;
            }
            for (SimbaTrajectory.Step call : trajectory.steps()) {
                ObjectNode entry = calls.addObject();
                entry.put("module_name", call.module());
                entry.set("inputs", call.inputs());
                entry.set("outputs", call.outputs());
            }
            return calls;
        }

        private JsonNode outputsJson(SimbaTrajectory trajectory, boolean hidden) {
            if (hidden) {
                return JSON.objectNode().put(NOT_AVAILABLE, "Prediction not available");
            }
            return trajectory.prediction();
        }

        /**
         * Scores of several programs on the same examples (by training-set index), every run of
         * every program at once on the pool, in order; a null program (a step the record already
         * holds) is not run and has null scores. A program whose runs failed holds the failure, a
         * budget refusal before any other; once the budget refused a run, the runs not yet started
         * are refused without a call, so with one thread the calls made are those of scoring the
         * programs one after the other.
         */
        private List<Scores> evaluateAll(List<Module> toScore, List<Integer> examples) {
            return collect(submitAll(toScore, examples));
        }

        /** Starts scoring programs on examples on the pool; a null program (a recorded step) is not scored. */
        private List<List<Future<SimbaTrajectory>>> submitAll(List<Module> toScore, List<Integer> examples) {
            AtomicReference<CallBudgetExceededException> refusal = new AtomicReference<>();
            List<List<Future<SimbaTrajectory>>> futures = new ArrayList<>(toScore.size());
            for (Module program : toScore) {
                futures.add(program == null ? null : submit(program, examples, refusal));
            }
            return futures;
        }

        /**
         * Starts scoring one program on examples on the pool; once the budget refused a run of any
         * program sharing {@code refusal}, the runs not yet started are refused without a call.
         */
        private List<Future<SimbaTrajectory>> submit(
                Module program, List<Integer> examples, AtomicReference<CallBudgetExceededException> refusal) {
            Module copy = program.deepCopy();
            run.meter().install(copy);
            List<Future<SimbaTrajectory>> runs = new ArrayList<>(examples.size());
            for (int example : examples) {
                runs.add(pool.submit(() -> {
                    CallBudgetExceededException earlier = refusal.get();
                    if (earlier != null) {
                        throw earlier;
                    }
                    try {
                        return runOnce(copy, example);
                    } catch (CallBudgetExceededException refused) {
                        refusal.compareAndSet(null, refused);
                        throw refused;
                    }
                }));
            }
            return runs;
        }

        /** The scores of programs started by {@link #submitAll}, waiting for them. */
        private List<Scores> collect(List<List<Future<SimbaTrajectory>>> futures) {
            List<Scores> results = new ArrayList<>(futures.size());
            for (List<Future<SimbaTrajectory>> runs : futures) {
                if (runs == null) {
                    results.add(null);
                    continue;
                }
                List<Double> scores = new ArrayList<>(runs.size());
                RuntimeException failure = null;
                for (Future<SimbaTrajectory> future : runs) {
                    try {
                        scores.add(future.get().score());
                    } catch (InterruptedException e) {
                        futures.stream()
                                .filter(Objects::nonNull)
                                .flatMap(List::stream)
                                .forEach(f -> f.cancel(true));
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(NAME + " was interrupted", e);
                    } catch (ExecutionException e) {
                        RuntimeException cause = e.getCause() instanceof RuntimeException runtime
                                ? runtime
                                : new IllegalStateException(e.getCause());
                        if (failure == null
                                || (cause instanceof CallBudgetExceededException
                                        && !(failure instanceof CallBudgetExceededException))) {
                            failure = cause;
                        }
                    }
                }
                results.add(failure != null ? new Scores(null, failure) : new Scores(List.copyOf(scores), null));
            }
            return results;
        }

        /**
         * DSPy's {@code wrap_program}: runs the program on an example in a trace and scores it; a
         * failing program or metric scores 0. A call the budget refused is not a result: it is thrown.
         */
        private SimbaTrajectory runOnce(Module program, int exampleIndex) {
            Example example = train.get(exampleIndex);
            Prediction prediction = null;
            RuntimeException error = null;
            List<TraceEntry> calls;
            double score = 0;
            String feedback = null;
            try (Trace trace = Trace.start()) {
                try {
                    prediction = program.forward(example.inputs());
                } catch (RuntimeException failure) {
                    if (refusedByBudget(failure)) {
                        throw new CallBudgetExceededException(run.meter().budget(), "a trajectory");
                    }
                    error = failure;
                }
                calls = trace.entries();
                if (prediction != null) {
                    try {
                        MetricResult result = metric.score(example, prediction, trace);
                        score = result.score();
                        feedback = result.feedbackText().orElse(null);
                    } catch (RuntimeException failure) {
                        error = failure;
                        score = 0;
                    }
                }
            }
            if (error != null) {
                run.countError();
                LOG.debug("{}: example {} failed: {}", NAME, exampleIndex, error.toString());
            }
            Map<Predict, String> names = Programs.names(program);
            List<SimbaTrajectory.Step> steps = new ArrayList<>();
            for (TraceEntry entry : calls) {
                String module = names.get(entry.predictor());
                if (module == null) {
                    continue;
                }
                SignatureDescriptor signature = entry.predictor().signature();
                steps.add(new SimbaTrajectory.Step(
                        module,
                        SimbaText.valuesToJson(entry.inputs(), signature),
                        SimbaText.valuesToJson(entry.prediction().values(), signature)));
            }
            JsonNode outputs = prediction == null ? JSON.objectNode() : FeedbackText.toJson(prediction.values());
            return new SimbaTrajectory(
                    exampleIndex,
                    Double.isFinite(score) ? score : 0,
                    feedback,
                    error == null ? null : error.toString(),
                    outputs,
                    steps);
        }

        private boolean refusedByBudget(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof CallBudgetExceededException) {
                    return true;
                }
            }
            return run.meter().exhausted();
        }

        /** Runs tasks on the pool, waits for all, and returns their results in order; a budget refusal wins over other failures. */
        private <T> List<T> parallel(List<Callable<T>> tasks) {
            List<Future<T>> futures = new ArrayList<>(tasks.size());
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(task));
            }
            List<T> results = new ArrayList<>(tasks.size());
            RuntimeException failure = null;
            for (Future<T> future : futures) {
                try {
                    results.add(future.get());
                } catch (InterruptedException e) {
                    futures.forEach(f -> f.cancel(true));
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(NAME + " was interrupted", e);
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException runtime
                            ? runtime
                            : new IllegalStateException(e.getCause());
                    if (failure == null
                            || (cause instanceof CallBudgetExceededException
                                    && !(failure instanceof CallBudgetExceededException))) {
                        failure = cause;
                    }
                    results.add(null);
                }
            }
            if (failure != null) {
                throw failure;
            }
            return results;
        }

        /** The step that records a winner's score on the whole training set. */
        private Configuration finalName(int position, int program) {
            return Configuration.builder()
                    .put("kind", "final")
                    .put("winner", position)
                    .put("program", program)
                    .build();
        }

        /**
         * Marks the winner at a position to be scored on the whole training set ahead of the final
         * selection, when winners are scored early: the final selection will score every winner, and
         * the pool's threads would otherwise wait while the next step's rules are written.
         */
        private void scoreWinnerEarly(int position) {
            if (scoreWinnersEarly && !steps.has(finalName(position, winners.get(position)))) {
                winnersToScore.add(position);
            }
        }

        /** Starts the winners' early scorings, behind the step's trajectories, while its rules are written. */
        private void startWinnerScorings() {
            List<Integer> everyExample = new ArrayList<>();
            for (int i = 0; i < train.size(); i++) {
                everyExample.add(i);
            }
            for (int position : winnersToScore) {
                earlyFinal.put(
                        position,
                        submitAll(List.of(programs.get(winners.get(position))), everyExample)
                                .get(0));
            }
            winnersToScore.clear();
        }

        /** DSPy's final selection: evenly spaced winners, scored on the whole training set; the first best wins. */
        private Module finalSelection() {
            int last = winners.size() - 1;
            int count = numCandidates + 1;
            Set<Integer> positions = new LinkedHashSet<>();
            for (int i = 0; i < count; i++) {
                positions.add(last < 1 ? 0 : (int) Math.rint((double) i * last / (count - 1)));
            }
            List<Integer> everyExample = new ArrayList<>();
            for (int i = 0; i < train.size(); i++) {
                everyExample.add(i);
            }
            run.event(
                    OptimizerEvent.Kind.PROGRESS,
                    "final selection: scoring " + positions.size() + " of " + winners.size() + " winners on the "
                            + train.size() + " training examples",
                    null,
                    null,
                    maxSteps,
                    maxSteps);
            List<Integer> ordered = List.copyOf(positions);
            List<Configuration> names = new ArrayList<>();
            List<Module> toScore = new ArrayList<>();
            for (int position : ordered) {
                int program = winners.get(position);
                Configuration name = finalName(position, program);
                names.add(name);
                toScore.add(steps.has(name) || earlyFinal.containsKey(position) ? null : programs.get(program));
            }
            List<Scores> computed = evaluateAll(toScore, everyExample);
            for (int i = 0; i < ordered.size(); i++) {
                List<Future<SimbaTrajectory>> early = earlyFinal.get(ordered.get(i));
                if (early != null) {
                    computed.set(
                            i,
                            collect(java.util.Collections.singletonList(early)).get(0));
                }
            }
            for (int i = 0; i < ordered.size(); i++) {
                int position = ordered.get(i);
                int program = winners.get(position);
                Scores programScores = computed.get(i);
                double score = steps.score(names.get(i), () -> mean(programScores.get()));
                trainScores.put(program, score);
                Built how = built.get(program);
                run.addCandidate(new OptimizerReport.CandidateScore(
                        program,
                        how.description() + " (training set)",
                        score,
                        Programs.demoCount(programs.get(program))));
                run.event(
                        OptimizerEvent.Kind.CANDIDATE_SCORED,
                        String.format(
                                Locale.ROOT,
                                "winner %d, program %d (%s): " + "training set score %.4f",
                                position,
                                program,
                                how.description(),
                                score),
                        program,
                        score,
                        maxSteps,
                        maxSteps);
            }
            int best = bestTrainScored();
            steps.note(
                    Configuration.builder().put("kind", "selection").build(),
                    JSON.objectNode()
                            .put("program", best)
                            .put("score", trainScores.get(best))
                            .toString());
            run.best(best);
            run.event(
                    OptimizerEvent.Kind.NEW_BEST,
                    String.format(
                            Locale.ROOT,
                            "selected program %d with training set " + "score %.4f",
                            best,
                            trainScores.get(best)),
                    best,
                    trainScores.get(best),
                    maxSteps,
                    maxSteps);
            return Programs.copyOf(programs.get(best), NAME);
        }

        private int bestTrainScored() {
            int best = -1;
            double bestScore = 0;
            for (Map.Entry<Integer, Double> entry : trainScores.entrySet()) {
                if (best < 0 || entry.getValue() > bestScore) {
                    best = entry.getKey();
                    bestScore = entry.getValue();
                }
            }
            return best;
        }

        /** After the budget ran out: the best fully scored program, else the best step winner, else the student. */
        private Module bestSoFar() {
            int best;
            String why;
            if (!trainScores.isEmpty()) {
                best = bestTrainScored();
                why = String.format(Locale.ROOT, "the best training set score so far, %.4f", trainScores.get(best));
            } else if (bestMinibatchWinner >= 0) {
                best = bestMinibatchWinner;
                why = String.format(Locale.ROOT, "the best step winner, minibatch score %.4f", averageScore(best));
            } else {
                best = 0;
                why = "no step finished";
            }
            run.best(best);
            run.event(
                    OptimizerEvent.Kind.PROGRESS,
                    "returning program " + best + " (" + built.get(best).description() + "): " + why,
                    best,
                    null,
                    maxSteps,
                    maxSteps);
            return Programs.copyOf(programs.get(best), NAME);
        }

        List<Candidate> candidates() {
            List<Candidate> all = new ArrayList<>(programs.size());
            Set<Integer> won = new HashSet<>(winners);
            for (int i = 0; i < programs.size(); i++) {
                Built how = built.get(i);
                all.add(new Candidate(
                        i,
                        how.step(),
                        how.parent(),
                        how.strategy(),
                        how.description(),
                        i == 0 ? null : averageScore(i),
                        trainScores.get(i),
                        won.contains(i),
                        programs.get(i).deepCopy()));
            }
            return List.copyOf(all);
        }
    }

    private static double mean(List<Double> scores) {
        if (scores.isEmpty()) {
            return 0.0;
        }
        double sum = 0;
        for (double score : scores) {
            sum += score;
        }
        return sum / scores.size();
    }

    /** Configures {@link Simba}; every value has DSPy's default until set. */
    public static final class Builder extends InstructionOptimizerBuilder<Builder> {
        private final Metric metric;
        private int bsize = DEFAULT_BSIZE;
        private int numCandidates = DEFAULT_NUM_CANDIDATES;
        private int maxSteps = DEFAULT_MAX_STEPS;
        private int maxDemos = DEFAULT_MAX_DEMOS;
        private int demoInputFieldMaxlen = DEFAULT_DEMO_INPUT_FIELD_MAXLEN;
        private double temperatureForSampling = DEFAULT_TEMPERATURE_FOR_SAMPLING;
        private double temperatureForCandidates = DEFAULT_TEMPERATURE_FOR_CANDIDATES;
        private @Nullable List<Strategy> strategies;
        private int ruleLookahead;

        private Builder(Metric metric) {
            super(NAME, DEFAULT_SEED, DEFAULT_NUM_THREADS);
            this.metric = metric;
        }

        /**
         * The minibatch size (DSPy's {@code bsize}, default {@value Simba#DEFAULT_BSIZE}); the
         * training set must have at least this many examples.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder bsize(int value) {
            this.bsize = atLeast(value, 1, "bsize");
            return this;
        }

        /**
         * The number of model variants each batch example runs on, and of new candidates per step
         * (up to one more, as DSPy builds; DSPy's {@code num_candidates}, default
         * {@value Simba#DEFAULT_NUM_CANDIDATES}).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder numCandidates(int value) {
            this.numCandidates = atLeast(value, 1, "numCandidates");
            return this;
        }

        /**
         * Buckets beyond those a step still needs whose rule calls are asked at once (default 0). A
         * rule call's advice can turn out to repeat the instructions, and the step then takes the next
         * bucket and waits for its rule call too; with a lookahead those calls are already on their way.
         * The buckets taken, the candidates and their scores are the same as with none, so a seed gives
         * the same program; the answers of the calls a step did not need are dropped, so a run makes
         * up to {@code value} more rule calls a step (they count against the call and cost budgets).
         *
         * @param value at least 0
         * @return this builder
         */
        public Builder ruleLookahead(int value) {
            this.ruleLookahead = atLeast(value, 0, "ruleLookahead");
            return this;
        }

        /**
         * The number of steps (DSPy's {@code max_steps}, default {@value Simba#DEFAULT_MAX_STEPS}).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxSteps(int value) {
            this.maxSteps = atLeast(value, 1, "maxSteps");
            return this;
        }

        /**
         * The demos a predictor may hold: a candidate built from a program at this count drops at
         * least one first (DSPy's {@code max_demos}, default {@value Simba#DEFAULT_MAX_DEMOS}); 0
         * turns append-a-demo off, as in DSPy.
         *
         * @param value at least 0
         * @return this builder
         */
        public Builder maxDemos(int value) {
            this.maxDemos = atLeast(value, 0, "maxDemos");
            return this;
        }

        /**
         * The characters an input value of a new demo keeps (DSPy's {@code demo_input_field_maxlen},
         * default {@value Simba#DEFAULT_DEMO_INPUT_FIELD_MAXLEN}); longer values are cut and end with
         * {@link Simba#TRUNCATION_MARK}.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder demoInputFieldMaxlen(int value) {
            this.demoInputFieldMaxlen = atLeast(value, 1, "demoInputFieldMaxlen");
            return this;
        }

        /**
         * The softmax temperature over average scores when drawing the program of each trajectory
         * (DSPy's {@code temperature_for_sampling}, default
         * {@value Simba#DEFAULT_TEMPERATURE_FOR_SAMPLING}); lower favours the best programs.
         *
         * @param value a positive number
         * @return this builder
         */
        public Builder temperatureForSampling(double value) {
            this.temperatureForSampling = positive(value, "temperatureForSampling");
            return this;
        }

        /**
         * The softmax temperature when drawing the source program of each new candidate (DSPy's
         * {@code temperature_for_candidates}, default {@value Simba#DEFAULT_TEMPERATURE_FOR_CANDIDATES}).
         *
         * @param value a positive number
         * @return this builder
         */
        public Builder temperatureForCandidates(double value) {
            this.temperatureForCandidates = positive(value, "temperatureForCandidates");
            return this;
        }

        /**
         * The strategies each candidate draws one of, uniformly. By default DSPy's: append-a-demo
         * and append-a-rule, or append-a-rule alone when {@code maxDemos} is 0.
         *
         * @param values one or more strategies, each at most once
         * @return this builder
         */
        public Builder strategies(Strategy... values) {
            Objects.requireNonNull(values, NAME + ": strategies is null");
            if (values.length == 0) {
                throw new IllegalArgumentException(NAME + ": strategies must name at least one strategy, got none; "
                        + "the strategies are " + List.of(Strategy.values()));
            }
            Set<Strategy> distinct = new LinkedHashSet<>();
            for (Strategy strategy : values) {
                if (strategy == null) {
                    throw new IllegalArgumentException(
                            NAME + ": strategies must not contain null, got " + java.util.Arrays.toString(values));
                }
                if (!distinct.add(strategy)) {
                    throw new IllegalArgumentException(NAME + ": strategy " + strategy + " is given twice in "
                            + java.util.Arrays.toString(values));
                }
            }
            this.strategies = List.copyOf(distinct);
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         * @throws IllegalArgumentException when append-a-demo is asked for with {@code maxDemos} 0
         */
        public Simba build() {
            if (strategies != null && maxDemos == 0 && strategies.contains(Strategy.APPEND_A_DEMO)) {
                throw new IllegalArgumentException(NAME + ": strategy APPEND_A_DEMO needs maxDemos of at least 1, got "
                        + "maxDemos=0; raise maxDemos or leave APPEND_A_DEMO out");
            }
            return new Simba(this);
        }
    }
}
