package dev.dspj.variable.tune;

import dev.dspj.Dspj;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.EvaluationResult;
import dev.dspj.evaluate.ExampleResult;
import dev.dspj.evaluate.Metric;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.usage.MeteredModel;
import dev.dspj.lm.usage.PriceTable;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.ProgramModule;
import dev.dspj.module.ProgramVariables;
import dev.dspj.module.TraceEntry;
import dev.dspj.optimize.Optimizer;
import dev.dspj.primitives.Example;
import dev.dspj.state.ProgramState;
import dev.dspj.study.StudyStore;
import dev.dspj.variable.Configuration;
import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import dev.dspj.variable.objective.Constraints;
import dev.dspj.variable.objective.Failure;
import dev.dspj.variable.objective.Measurement;
import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.objective.SelectionPolicy;
import dev.dspj.variable.search.SearchStrategy;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Finds the best configuration of a program: searches its declared {@code @Variable}s and the
 * {@linkplain BuiltInVariables built-in variables} of its predictors (adapter, module kind,
 * model, temperature, demos) by evaluating configured copies of it on a dev set, on several
 * objectives at once (accuracy, cost, latency, reliability), and returns the Pareto front and the
 * configuration a policy picks. The program itself is never changed.
 *
 * <pre>{@code
 * SearchResult<QaProgram> result = VariableSearch.builder(program, devset, Metrics.exactMatch("answer"))
 *         .builtIns(BuiltInVariables.none()
 *                 .adapters("chat", "json", "xml")
 *                 .modules(PredictorKind.PREDICT, PredictorKind.CHAIN_OF_THOUGHT)
 *                 .models(Map.of("sim-small", small, "sim-medium", medium, "sim-large", large))
 *                 .temperature(0.0, 1.5)
 *                 .demos(0, 4))
 *         .objectives(Objective.accuracy(), Objective.cost(), Objective.latency())
 *         .constraints(Constraints.none().maxCostPerCall(0.0005))
 *         .budget(Budget.trials(60))
 *         .study(StudyStore.sqlite(Path.of("studies.db")), "qa")
 *         .build()
 *         .run();
 * QaProgram best = result.program();          // a configured copy
 * System.out.println(SummaryTable.render(result.tuning()));
 * HtmlReport.write(result.tuning(), Path.of("search.html"));
 * }</pre>
 *
 * <p>Each trial deep-copies the program, applies the configuration (declared variables through
 * the generated {@code <Name>Variables}, built-ins on every predictor), and evaluates it with
 * {@link Evaluate}. With {@link Builder#minibatch(int)} it is screened on a fixed random subset of
 * the dev set first and evaluated on the rest only when it could reach the front. With
 * {@link Builder#promptOptimizer(Function, List)} every configuration that passes the screen is
 * compiled by a prompt optimizer (BootstrapFewShot, say) before its full evaluation, as DSPEx's
 * adaptive optimizer does; the compiled state is kept with the trial, so the best program comes
 * back compiled.
 *
 * @param <P> the program's type
 */
public final class VariableSearch<P extends Module> {

    private final P program;
    private final List<Example> devset;
    private final Metric metric;
    private final @Nullable ProgramVariables<P> declared;
    private final BuiltInVariables builtIns;
    private final VariableSpace space;
    private final int minibatch;
    private final int evaluationConcurrency;
    private final @Nullable Function<Configuration, Optimizer> promptOptimizer;
    private final List<Example> trainset;
    private final PriceTable prices;
    private final Tuner.Builder tuner;
    private final List<Example> screenSet;
    private final List<Example> restSet;

    private VariableSearch(Builder<P> builder) {
        this.program = builder.program;
        this.devset = builder.devset;
        this.metric = builder.metric;
        this.declared = builder.declared;
        this.builtIns = builder.builtIns;
        this.minibatch = builder.minibatch;
        this.evaluationConcurrency = builder.evaluationConcurrency;
        this.promptOptimizer = builder.promptOptimizer;
        this.trainset = builder.trainset;
        this.prices = builder.prices;
        this.space = builder.buildSpace();
        List<Example> shuffled = new ArrayList<>(devset);
        Collections.shuffle(shuffled, new Random(builder.seed));
        int screenSize = minibatch > 0 && minibatch < devset.size() ? minibatch : 0;
        this.screenSet = List.copyOf(shuffled.subList(0, screenSize));
        this.restSet = List.copyOf(shuffled.subList(screenSize, shuffled.size()));
        this.tuner = Tuner.builder(space, new ProgramEvaluator())
                .objectives(builder.objectives)
                .constraints(builder.constraints)
                .policy(builder.policy)
                .budget(builder.budget)
                .parallelTrials(builder.parallelTrials)
                .seed(builder.seed)
                .reproducible(builder.reproducible)
                .progress(builder.progress);
        if (builder.strategy != null) {
            tuner.strategy(builder.strategy);
        }
        if (builder.store != null) {
            tuner.study(builder.store, builder.studyName);
        } else if (builder.studyFile != null) {
            tuner.study(builder.studyFile, builder.studyName);
        }
        if (builder.lease != null) {
            tuner.lease(builder.lease);
        }
        if (builder.heartbeat != null) {
            tuner.heartbeat(builder.heartbeat);
        }
        if (builder.worker != null) {
            tuner.worker(builder.worker);
        }
    }

    /**
     * Starts configuring a search of a program.
     *
     * @param program the program; never changed
     * @param devset the examples each configuration is evaluated on
     * @param metric scores a prediction against its example
     * @param <P> the program's type
     * @return a builder
     */
    public static <P extends Module> Builder<P> builder(P program, List<Example> devset, Metric metric) {
        return new Builder<>(program, devset, metric);
    }

    /**
     * Everything searched: the declared variables and the selected built-ins (with the
     * constraints added on the builder).
     *
     * @return the space
     */
    public VariableSpace space() {
        return space;
    }

    /**
     * Runs the search.
     *
     * @return the trials, the front and the chosen configuration
     */
    public SearchResult<P> run() {
        return new SearchResult<>(tuner.build().run(), this::configure);
    }

    /**
     * A copy of the program with a trial's configuration applied (and its compiled state loaded,
     * in a composed search), with the real models rather than the search's meters.
     *
     * @param trial the trial
     * @return the configured copy
     */
    P configure(TrialOutcome trial) {
        P copy = copyOf(program);
        applyConfiguration(copy, trial.configuration(), model -> model);
        String artifact = trial.artifactJson();
        if (artifact != null) {
            try {
                ProgramState.fromJson(copy, new com.fasterxml.jackson.databind.ObjectMapper().readTree(artifact));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(
                        "trial " + trial.number() + " holds an unreadable program state: " + e.getOriginalMessage());
            }
            applyConfiguration(copy, trial.configuration(), model -> model);
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static <P extends Module> P copyOf(P program) {
        return (P) program.deepCopy();
    }

    private void applyConfiguration(
            P copy, Configuration configuration, java.util.function.UnaryOperator<LanguageModel> wrapper) {
        if (declared != null) {
            declared.apply(copy, configuration);
        }
        builtIns.apply(copy, configuration, wrapper);
    }

    /** Evaluates configured copies of the program, metering each trial's models on their own. */
    private final class ProgramEvaluator implements TrialEvaluator {

        @Override
        public boolean screens() {
            return !screenSet.isEmpty();
        }

        @Override
        public Evaluation screen(Configuration configuration) {
            Prepared prepared = prepare(configuration);
            return Evaluation.of(measure(prepared, screenSet));
        }

        @Override
        public Evaluation evaluateFully(Configuration configuration, @Nullable Evaluation screened) {
            Prepared prepared = prepare(configuration);
            if (promptOptimizer != null) {
                P compiled = promptOptimizer.apply(configuration).compile(prepared.program, trainset);
                builtIns.apply(compiled.namedPredictors(), configuration.restrictTo(demoNames()), m -> m);
                MeteredModel.Reading spent = prepared.reading();
                Prepared evaluated = new Prepared(compiled, prepared.meters);
                Measurement measurement = measure(evaluated, devset, spent)
                        .withOptimizerSpend(spent.calls() - spent.cacheHits(), spent.spentUsd());
                return new Evaluation(measurement, ProgramState.toJson(compiled).toString());
            }
            if (screened != null) {
                return Evaluation.of(screened.measurement().plus(measure(prepared, restSet)));
            }
            return Evaluation.of(measure(prepared, devset));
        }

        private List<String> demoNames() {
            return space.names().stream()
                    .filter(n -> n.equals(BuiltInVariables.DEMOS) || n.endsWith("." + BuiltInVariables.DEMOS))
                    .toList();
        }

        private Prepared prepare(Configuration configuration) {
            P copy = copyOf(program);
            Map<LanguageModel, MeteredModel> meters = Collections.synchronizedMap(new IdentityHashMap<>());
            Function<LanguageModel, LanguageModel> meter =
                    model -> meters.computeIfAbsent(model, m -> new MeteredModel(m, prices));
            applyConfiguration(copy, configuration, meter::apply);
            for (NamedPredictor named : copy.namedPredictors()) {
                LanguageModel model = named.predictor()
                        .model()
                        .or(Dspj::defaultModel)
                        .orElseThrow(
                                () -> new IllegalStateException(
                                        "predictor '" + named.name() + "' has no model: set one on it, "
                                                + "configure Dspj.configure(...) or DSPJ_LM, or search the built-in model variable"));
                if (!(model instanceof MeteredModel)) {
                    named.predictor().setModel(meter.apply(model));
                }
            }
            return new Prepared(copy, meters);
        }

        private Measurement measure(Prepared prepared, List<Example> examples) {
            return measure(prepared, examples, new MeteredModel.Reading(0, 0, 0, 0, 0, 0, 0, 0));
        }

        private Measurement measure(Prepared prepared, List<Example> examples, MeteredModel.Reading before) {
            EvaluationResult result = Evaluate.builder(examples, metric)
                    .concurrency(evaluationConcurrency)
                    .maxErrors(Math.max(1, examples.size()))
                    .build()
                    .run(prepared.program);
            MeteredModel.Reading after = prepared.reading();
            double scoreSum = 0;
            double scoreSquares = 0;
            double[] latencies = new double[result.results().size()];
            long fallbacks = 0;
            List<Failure> failures = new ArrayList<>();
            int i = 0;
            for (ExampleResult example : result.results()) {
                double score = example.scored() ? example.score() : 0;
                scoreSum += score;
                scoreSquares += score * score;
                latencies[i++] = example.latency().toNanos() / 1e6;
                for (TraceEntry entry : example.trace()) {
                    if (entry.prediction().completion().fallbackUsed()) {
                        fallbacks++;
                    }
                }
                example.failure()
                        .ifPresent(failure -> failures.add(new Failure(
                                example.index(), failure.getClass().getSimpleName() + ": " + failure.getMessage())));
            }
            return new Measurement(
                    result.results().size(),
                    scoreSum,
                    scoreSquares,
                    latencies,
                    after.calls() - before.calls(),
                    after.cacheHits() - before.cacheHits(),
                    after.retriedCalls() - before.retriedCalls(),
                    after.failedCalls() - before.failedCalls(),
                    fallbacks,
                    after.promptTokens() - before.promptTokens(),
                    after.completionTokens() - before.completionTokens(),
                    after.listCostUsd() - before.listCostUsd(),
                    after.spentUsd() - before.spentUsd(),
                    failures,
                    0);
        }
    }

    /** A configured copy and the meters of its models. */
    private final class Prepared {

        final P program;
        final Map<LanguageModel, MeteredModel> meters;

        Prepared(P program, Map<LanguageModel, MeteredModel> meters) {
            this.program = program;
            this.meters = meters;
        }

        MeteredModel.Reading reading() {
            long calls = 0;
            long hits = 0;
            long retried = 0;
            long failed = 0;
            long prompt = 0;
            long completion = 0;
            double list = 0;
            double spent = 0;
            synchronized (meters) {
                for (MeteredModel meter : meters.values()) {
                    MeteredModel.Reading r = meter.reading();
                    calls += r.calls();
                    hits += r.cacheHits();
                    retried += r.retriedCalls();
                    failed += r.failedCalls();
                    prompt += r.promptTokens();
                    completion += r.completionTokens();
                    list += r.listCostUsd();
                    spent += r.spentUsd();
                }
            }
            return new MeteredModel.Reading(calls, hits, retried, failed, prompt, completion, list, spent);
        }
    }

    /**
     * Configures a {@link VariableSearch}.
     *
     * @param <P> the program's type
     */
    public static final class Builder<P extends Module> {

        private final P program;
        private final List<Example> devset;
        private final Metric metric;
        private @Nullable ProgramVariables<P> declared;
        private BuiltInVariables builtIns = BuiltInVariables.none();
        private final List<VariableSpace.NamedConstraint> spaceConstraints = new ArrayList<>();
        private List<Objective> objectives =
                List.of(Objective.accuracy(), Objective.cost(), Objective.latency(), Objective.reliability());
        private Constraints constraints = Constraints.none();
        private SelectionPolicy policy = SelectionPolicy.BALANCED;
        private @Nullable SearchStrategy strategy;
        private Budget budget = Budget.trials(50);
        private int parallelTrials = 4;
        private int evaluationConcurrency = 8;
        private int minibatch = -1;
        private @Nullable StudyStore store;
        private java.nio.file.@Nullable Path studyFile;
        private String studyName;
        private @Nullable Duration lease;
        private @Nullable Duration heartbeat;
        private @Nullable String worker;
        private long seed;
        private boolean reproducible;
        private @Nullable PrintStream progress;
        private @Nullable Function<Configuration, Optimizer> promptOptimizer;
        private List<Example> trainset = List.of();
        private PriceTable prices = PriceTable.defaults();

        @SuppressWarnings("unchecked")
        private Builder(P program, List<Example> devset, Metric metric) {
            this.program = Objects.requireNonNull(program, "program");
            this.devset = List.copyOf(devset);
            this.metric = Objects.requireNonNull(metric, "metric");
            if (this.devset.isEmpty()) {
                throw new IllegalArgumentException("the dev set is empty: a search needs examples to evaluate on");
            }
            if (program instanceof ProgramModule<?> module) {
                this.declared = (ProgramVariables<P>) module.descriptor().variables();
            }
            this.studyName = "search-"
                    + (program instanceof ProgramModule<?> module
                            ? module.descriptor().name()
                            : program.getClass().getSimpleName());
        }

        /**
         * The program's declared variables (found automatically for {@code @Program} classes;
         * pass the generated {@code <Name>Variables.INSTANCE} for other classes).
         *
         * @param value the generated descriptor
         * @return this builder
         */
        public Builder<P> variables(ProgramVariables<P> value) {
            this.declared = Objects.requireNonNull(value, "variables");
            return this;
        }

        /**
         * The built-in predictor variables to search (default none).
         *
         * @param value the selection
         * @return this builder
         */
        public Builder<P> builtIns(BuiltInVariables value) {
            this.builtIns = Objects.requireNonNull(value, "builtIns");
            return this;
        }

        /**
         * A constraint between variables that every configuration tried must satisfy.
         *
         * @param description what it requires, in words
         * @param test true for allowed configurations
         * @return this builder
         */
        public Builder<P> spaceConstraint(String description, Predicate<Configuration> test) {
            spaceConstraints.add(new VariableSpace.NamedConstraint(description, test));
            return this;
        }

        /**
         * The objectives (default accuracy, cost, latency and reliability, weighted 0.4/0.3/0.2/0.1).
         *
         * @param values the objectives
         * @return this builder
         */
        public Builder<P> objectives(Objective... values) {
            this.objectives = List.of(values);
            return this;
        }

        /**
         * Limits the chosen configuration must meet.
         *
         * @param value the constraints
         * @return this builder
         */
        public Builder<P> constraints(Constraints value) {
            this.constraints = Objects.requireNonNull(value, "constraints");
            return this;
        }

        /**
         * How the result picks its configuration (default balanced).
         *
         * @param value the policy
         * @return this builder
         */
        public Builder<P> policy(SelectionPolicy value) {
            this.policy = Objects.requireNonNull(value, "policy");
            return this;
        }

        /**
         * The search strategy (default automatic).
         *
         * @param value the strategy
         * @return this builder
         */
        public Builder<P> strategy(SearchStrategy value) {
            this.strategy = Objects.requireNonNull(value, "strategy");
            return this;
        }

        /**
         * How much the search may spend (default 50 trials).
         *
         * @param value the budget
         * @return this builder
         */
        public Builder<P> budget(Budget value) {
            this.budget = Objects.requireNonNull(value, "budget");
            return this;
        }

        /**
         * How many configurations are evaluated at once (default 4).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder<P> parallelTrials(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("parallelTrials must be at least 1, got " + value);
            }
            this.parallelTrials = value;
            return this;
        }

        /**
         * How many examples of one configuration are evaluated at once (default 8).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder<P> evaluationConcurrency(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("evaluationConcurrency must be at least 1, got " + value);
            }
            this.evaluationConcurrency = value;
            return this;
        }

        /**
         * Screens every configuration on this many dev examples first and evaluates only the
         * promising ones on the rest; 0 evaluates every configuration on the whole set. Default:
         * a fifth of the dev set (at least 10) when it has 50 examples or more, else 0.
         *
         * @param size the minibatch size, 0 for none
         * @return this builder
         */
        public Builder<P> minibatch(int size) {
            if (size < 0) {
                throw new IllegalArgumentException("minibatch must be >= 0, got " + size);
            }
            this.minibatch = size;
            return this;
        }

        /**
         * Records trials in a SQLite file that the search opens and closes itself (default: in
         * memory only); a study of that name in the file is resumed.
         *
         * @param file the SQLite file (created when missing)
         * @param name the study name
         * @return this builder
         */
        public Builder<P> study(java.nio.file.Path file, String name) {
            this.studyFile = Objects.requireNonNull(file, "file");
            this.store = null;
            this.studyName = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Records trials in a study of a store you open and close (default: in memory only).
         *
         * @param value the store
         * @param name the study name; an existing study of that name is resumed
         * @return this builder
         */
        public Builder<P> study(StudyStore value, String name) {
            this.store = Objects.requireNonNull(value, "store");
            this.studyFile = null;
            this.studyName = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * How long a running trial stays reserved without renewal (see {@link Tuner.Builder#lease}).
         *
         * @param value the lease
         * @return this builder
         */
        public Builder<P> lease(Duration value) {
            this.lease = value;
            return this;
        }

        /**
         * How often running trials' leases are renewed (see {@link Tuner.Builder#heartbeat}).
         *
         * @param value the heartbeat interval
         * @return this builder
         */
        public Builder<P> heartbeat(Duration value) {
            this.heartbeat = value;
            return this;
        }

        /**
         * This process's name in the study.
         *
         * @param value the worker name
         * @return this builder
         */
        public Builder<P> worker(String value) {
            this.worker = value;
            return this;
        }

        /**
         * The seed of the sampler and of the minibatch choice (default 0); see
         * {@link Tuner.Builder#seed(long)} for when a seed gives the same search again.
         *
         * @param value the seed
         * @return this builder
         */
        public Builder<P> seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Makes the search repeatable from its seed with several trials at once (see
         * {@link Tuner.Builder#reproducible(boolean)}); the objectives must be deterministic too
         * (accuracy and cost are on the simulated model; measured latency is not).
         *
         * @param value true for repeatable searches
         * @return this builder
         */
        public Builder<P> reproducible(boolean value) {
            this.reproducible = value;
            return this;
        }

        /**
         * Prints a line per finished trial.
         *
         * @param value where to print; null for silence
         * @return this builder
         */
        public Builder<P> progress(@Nullable PrintStream value) {
            this.progress = value;
            return this;
        }

        /**
         * Composes the search with a prompt optimizer: every configuration that passes the screen
         * is compiled on the train set by the optimizer the factory makes for it (for example a
         * {@code BootstrapFewShot} with as many demos as the configuration's {@code demos}) and
         * then evaluated; the optimizer's calls count against the budget.
         *
         * @param factory the optimizer for a configuration
         * @param train the examples the optimizer learns from
         * @return this builder
         */
        public Builder<P> promptOptimizer(Function<Configuration, Optimizer> factory, List<Example> train) {
            this.promptOptimizer = Objects.requireNonNull(factory, "factory");
            this.trainset = List.copyOf(train);
            if (trainset.isEmpty()) {
                throw new IllegalArgumentException("a prompt optimizer needs a non-empty train set");
            }
            return this;
        }

        /**
         * The prices used for the cost objective (default {@link PriceTable#defaults()}).
         *
         * @param value the prices
         * @return this builder
         */
        public Builder<P> prices(PriceTable value) {
            this.prices = Objects.requireNonNull(value, "prices");
            return this;
        }

        private VariableSpace buildSpace() {
            VariableSpace declaredSpace = declared == null ? VariableSpace.empty() : declared.space();
            VariableSpace builtInSpace = builtIns.space(program);
            for (Variable variable : builtInSpace.variables()) {
                if (declaredSpace.variable(variable.name()).isPresent()) {
                    throw new IllegalArgumentException("the program declares a variable named '" + variable.name()
                            + "', which is also a built-in predictor variable; rename it with @Variable(name = ...)");
                }
            }
            VariableSpace.Builder all =
                    VariableSpace.builder().addAll(declaredSpace).addAll(builtInSpace);
            for (VariableSpace.NamedConstraint constraint : spaceConstraints) {
                all.constraint(constraint.description(), constraint.test());
            }
            VariableSpace space = all.build();
            if (space.dimensionality() == 0) {
                throw new IllegalArgumentException(
                        "nothing to search: " + program.getClass().getSimpleName()
                                + " declares no @Variable and no built-in variable is selected (see builtIns(...))");
            }
            return space;
        }

        /**
         * The search.
         *
         * @return the search
         */
        public VariableSearch<P> build() {
            if (minibatch < 0) {
                minibatch = devset.size() >= 50 ? Math.max(10, devset.size() / 5) : 0;
            }
            return new VariableSearch<>(this);
        }
    }
}
