package dev.dspj.optimize;

import dev.dspj.evaluate.Metric;
import dev.dspj.evaluate.MetricResult;
import dev.dspj.execution.IndependentCalls;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmSettings;
import dev.dspj.module.CallOptions;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.module.Trace;
import dev.dspj.module.TraceEntry;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * DSPy's {@code BootstrapFewShot}: runs a teacher program on training examples and keeps the
 * predictor calls of the runs the metric accepts as demos, then fills the remaining demo slots
 * with labeled examples.
 *
 * <ol>
 *   <li>The teacher is a deep copy of the given teacher, or of the student. Unless it is a given
 *       teacher that already has demos (DSPy's "compiled" teacher), its demos are replaced by
 *       {@code maxLabeledDemos} labeled training examples ({@link LabeledFewShot}).</li>
 *   <li>For each training example in order, until {@code maxBootstrappedDemos} examples have
 *       succeeded: for up to {@code maxRounds} rounds, run the teacher on the example's inputs
 *       (with the example itself removed from the teacher's demos) inside a {@link Trace}. Round 0
 *       uses the teacher's settings; later rounds use rollout id {@code round} and temperature 1.0
 *       (DSPy's {@code lm.copy(rollout_id=round_idx, temperature=1.0)}), for a fresh sample.</li>
 *   <li>A run succeeds when the metric's score reaches {@code metricThreshold}, or, without a
 *       threshold, is non-zero (Python truthiness); with no metric every run succeeds. Each
 *       {@link TraceEntry} of a successful run becomes a demo for the predictor it came from: the
 *       call's inputs plus its outputs, marked {@link Example#withAugmented(boolean) augmented}.</li>
 *   <li>The student's copy gets, per predictor, its first {@code maxBootstrappedDemos}
 *       bootstrapped demos followed by {@code maxLabeledDemos - bootstrapped} labeled examples
 *       sampled from the training examples that did not give demos (not augmented).</li>
 * </ol>
 *
 * <p>Randomness is Python's {@code random.Random(seed)}, seed 0 by default as in DSPy, so a run is
 * deterministic and picks the labeled demos DSPy would. The student is never changed. Teacher runs
 * that throw are logged and skipped; the {@code maxErrors}-th failure is rethrown. With a
 * {@linkplain Builder#callBudget(long) call budget}, bootstrapping stops when it is reached and the
 * program gets the demos found so far (its report says {@code stopped: call budget N reached}).
 *
 * <pre>{@code
 * BootstrapFewShot optimizer = BootstrapFewShot.builder(Metric.of((gold, pred) -> ...))
 *         .maxBootstrappedDemos(4).maxLabeledDemos(16).build();
 * Compiled<QaPredictor> result = optimizer.compileWithResult(qa, trainset);
 * QaPredictor compiled = result.program();
 * System.out.println(result.report().summary());
 * }</pre>
 */
public final class BootstrapFewShot implements Optimizer {

    /** The optimizer's name in reports and logs. */
    public static final String NAME = "BootstrapFewShot";
    /** DSPy's default for {@code max_bootstrapped_demos}. */
    public static final int DEFAULT_MAX_BOOTSTRAPPED_DEMOS = 4;
    /** DSPy's default for {@code max_labeled_demos}. */
    public static final int DEFAULT_MAX_LABELED_DEMOS = 16;
    /** DSPy's default for {@code max_rounds}. */
    public static final int DEFAULT_MAX_ROUNDS = 1;
    /** DSPy's default for {@code max_errors} ({@code dspy.settings.max_errors}). */
    public static final int DEFAULT_MAX_ERRORS = 10;

    private final @Nullable Metric metric;
    private final @Nullable Double metricThreshold;
    private final CallOptions teacherSettings;
    private final int maxBootstrappedDemos;
    private final int maxLabeledDemos;
    private final int maxRounds;
    private final int maxErrors;
    private final int teacherLookahead;
    private final long seed;
    private final long callBudget;
    private final @Nullable Consumer<OptimizerEvent> listener;
    private final Options options;

    /**
     * The options of a {@link BootstrapFewShot}, as written into its reports.
     *
     * @param seed the seed of the labeled demos' sampling
     * @param bootstrap the bootstrapping options
     */
    public record Options(long seed, BootstrapOptions bootstrap) implements OptimizerOptions {}

    private BootstrapFewShot(Builder builder) {
        this.metric = builder.metric;
        this.metricThreshold = builder.metricThreshold;
        this.teacherSettings = builder.teacherSettings;
        this.maxBootstrappedDemos = builder.maxBootstrappedDemos;
        this.maxLabeledDemos = builder.maxLabeledDemos;
        this.maxRounds = builder.maxRounds;
        this.maxErrors = builder.maxErrors;
        this.teacherLookahead = builder.teacherLookahead;
        this.seed = builder.seed;
        this.callBudget = builder.callBudget;
        this.listener = builder.listener;
        this.options = new Options(seed, builder.bootstrapOptions());
    }

    /**
     * Starts configuring the optimizer with a metric that decides which teacher runs become demos.
     *
     * @param metric scores a teacher's prediction against the example
     * @return a builder with DSPy's defaults
     */
    public static Builder builder(Metric metric) {
        return new Builder(Objects.requireNonNull(
                metric, NAME + ": the metric is null; use builder() to accept " + "every teacher run"));
    }

    /**
     * Starts configuring the optimizer with no metric: every teacher run becomes demos (DSPy's
     * {@code metric=None}).
     *
     * @return a builder with DSPy's defaults
     */
    public static Builder builder() {
        return new Builder(null);
    }

    /**
     * Bootstraps demos with the student as its own teacher.
     *
     * @param student the program (left unchanged)
     * @param trainset labeled examples with their inputs marked
     * @param <M> the program's type
     * @return a copy of the student with bootstrapped and labeled demos, and the run's report
     */
    @Override
    public <M extends Module> Compiled<M> compileWithResult(M student, List<Example> trainset) {
        return compileWithResult(student, null, trainset);
    }

    /**
     * Bootstraps demos with another program as the teacher: {@link #compileWithResult(Module, Module, List)}'s
     * program.
     *
     * @param student the program (left unchanged)
     * @param teacher the teacher (left unchanged), or null for the student
     * @param trainset labeled examples with their inputs marked
     * @param <M> the program's type
     * @return a copy of the student with bootstrapped and labeled demos
     */
    public <M extends Module> M compile(M student, @Nullable Module teacher, List<Example> trainset) {
        return compileWithResult(student, teacher, trainset).program();
    }

    /**
     * Bootstraps demos with another program as the teacher (for example the same program on a
     * stronger model). It must have the student's predictors: same names, same fields.
     *
     * @param student the program (left unchanged)
     * @param teacher the teacher (left unchanged), or null for the student
     * @param trainset labeled examples with their inputs marked
     * @param <M> the program's type
     * @return a copy of the student with bootstrapped and labeled demos, and the run's report
     */
    public <M extends Module> Compiled<M> compileWithResult(
            M student, @Nullable Module teacher, List<Example> trainset) {
        Objects.requireNonNull(student, NAME + ": the student is null");
        List<Example> train = Programs.checkTrainset(trainset, NAME, "trainset");
        try (Run run = new Run(NAME, options, listener, callBudget)) {
            run.event(
                    OptimizerEvent.Kind.STARTED,
                    "bootstrapping up to " + maxBootstrappedDemos + " demos from "
                            + train.size() + " examples (max " + maxLabeledDemos + " labeled, " + maxRounds
                            + " round(s)"
                            + (callBudget > 0 ? ", budget " + callBudget + " calls" : "") + ")",
                    null,
                    null,
                    0,
                    train.size());
            M program = bootstrap(student, teacher, train, run);
            run.close();
            OptimizerReport report = run.report();
            run.event(OptimizerEvent.Kind.FINISHED, report.summary(), null, null, 1, 1);
            return new Compiled<>(program, report);
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
     * The most bootstrapped demos per predictor.
     *
     * @return the limit
     */
    public int maxBootstrappedDemos() {
        return maxBootstrappedDemos;
    }

    /**
     * The most demos per predictor once labeled examples fill the remaining slots.
     *
     * @return the limit
     */
    public int maxLabeledDemos() {
        return maxLabeledDemos;
    }

    /**
     * Runs the algorithm inside another optimizer's run (random search, KNN): calls are metered
     * and budgeted by that run, and progress goes to its listener.
     */
    <M extends Module> M bootstrap(M student, @Nullable Module teacher, List<Example> train, Run run) {
        M studentCopy = Programs.resetCopy(student, NAME);
        Module teacherCopy = teacher == null ? Programs.copyOf(student, NAME) : Programs.copyOf(teacher, NAME);
        if (maxLabeledDemos > 0 && (teacher == null || !Programs.hasDemos(teacherCopy))) {
            teacherCopy = Programs.resetCopy(teacherCopy, NAME);
            LabeledFewShot.assign(teacherCopy, train, maxLabeledDemos, seed, true);
        }
        Programs.checkSameStructure(studentCopy, teacherCopy, NAME);
        // copies for the runs made ahead, taken before the meter and the teacher settings are put on it
        List<Module> aheadCopies = new ArrayList<>();
        int copies = teacherLookahead > 0 ? teacherLookahead + 1 : 0;
        for (int i = 0; i < copies; i++) {
            aheadCopies.add(Programs.copyOf(teacherCopy, NAME));
        }
        Teacher runner = new Teacher(teacherCopy, run);

        Map<String, List<Example>> traces = new LinkedHashMap<>();
        for (NamedPredictor named : studentCopy.namedPredictors()) {
            traces.put(named.name(), new ArrayList<>());
        }
        Set<Integer> bootstrapped = new LinkedHashSet<>();
        int errors = 0;
        boolean budgetReached = false;
        int attempted = 0;
        try (TeacherRuns ahead = teacherLookahead > 0 ? new TeacherRuns(aheadCopies, train, run) : null) {
            examples:
            for (int index = 0; index < train.size(); index++) {
                if (bootstrapped.size() >= maxBootstrappedDemos) {
                    break;
                }
                Example example = train.get(index);
                attempted = index + 1;
                // with a lookahead, this example's rounds were run ahead, as below, and are read back here
                List<RoundOutcome> outcomes = ahead != null ? ahead.rounds(index) : null;
                for (int round = 0; round < maxRounds; round++) {
                    RoundOutcome outcome;
                    if (outcomes != null) {
                        if (round >= outcomes.size()) {
                            break;
                        }
                        outcome = outcomes.get(round);
                    } else {
                        int thisRound = round;
                        outcome = RoundOutcome.of(() -> runner.attempt(example, thisRound), run);
                    }
                    RuntimeException failure = outcome.failure();
                    if (failure != null) {
                        if (outcome.budgetSpent()) {
                            budgetReached = true;
                            run.countAttempt(false);
                            break examples;
                        }
                        errors++;
                        run.countError();
                        run.countAttempt(false);
                        if (errors >= maxErrors) {
                            throw new IllegalStateException(
                                    NAME + ": " + errors + " teacher runs failed (maxErrors is "
                                            + maxErrors + "); the last, on example " + index + " " + example.inputs()
                                            + ": " + failure.getMessage(),
                                    failure);
                        }
                        run.event(
                                OptimizerEvent.Kind.PROGRESS,
                                "example " + index + " round " + round + " failed (" + failure + "); " + errors
                                        + " error(s) so far",
                                null,
                                null,
                                index + 1,
                                train.size());
                        continue;
                    }
                    Attempt attempt = Objects.requireNonNull(outcome.attempt(), "an attempt without a failure");
                    run.countAttempt(attempt.success());
                    if (attempt.success()) {
                        bootstrapped.add(index);
                        // the structures were checked the same, so every teacher predictor's name is a student's
                        attempt.demos()
                                .forEach((name, demos) -> Objects.requireNonNull(
                                                traces.get(name), "no student predictor " + name)
                                        .addAll(demos));
                        break;
                    }
                }
                run.event(
                        OptimizerEvent.Kind.PROGRESS,
                        "example " + index + ": "
                                + (bootstrapped.contains(index) ? "bootstrapped" : "not bootstrapped") + " ("
                                + bootstrapped.size() + " of " + maxBootstrappedDemos + ")",
                        null,
                        null,
                        index + 1,
                        train.size());
            }
        }
        if (budgetReached) {
            run.stop(run.budgetReason());
        }
        run.event(
                OptimizerEvent.Kind.PROGRESS,
                "bootstrapped " + bootstrapped.size() + " full traces after " + attempted + " examples for up to "
                        + maxRounds + " round(s)",
                null,
                null,
                attempted,
                train.size());

        List<Example> validation = new ArrayList<>();
        for (int index = 0; index < train.size(); index++) {
            if (!bootstrapped.contains(index)) {
                validation.add(train.get(index));
            }
        }
        new PyRandom(seed).shuffle(validation);

        PyRandom random = new PyRandom(seed);
        List<Example> raw = validation;
        for (NamedPredictor named : studentCopy.namedPredictors()) {
            List<Example> augmented = Objects.requireNonNull(traces.get(named.name()), named.name());
            augmented = augmented.subList(0, Math.min(maxBootstrappedDemos, augmented.size()));
            int sampleSize = Math.max(0, Math.min(maxLabeledDemos - augmented.size(), raw.size()));
            raw = random.sample(raw, sampleSize);
            List<Example> demos = new ArrayList<>(augmented);
            demos.addAll(raw);
            named.predictor().setDemos(demos);
        }
        return studentCopy;
    }

    /** What one teacher run gave: whether the metric accepted it, and its demos per predictor name. */
    private record Attempt(boolean success, Map<String, List<Example>> demos) {}

    /**
     * One round of an example: the teacher's attempt, or what it threw and whether the call budget
     * was spent by then.
     */
    private record RoundOutcome(
            @Nullable Attempt attempt, @Nullable RuntimeException failure, boolean budgetSpent) {
        static RoundOutcome of(java.util.function.Supplier<Attempt> round, Run run) {
            try {
                return new RoundOutcome(round.get(), null, false);
            } catch (RuntimeException failure) {
                return new RoundOutcome(null, failure, run.meter().exhausted());
            }
        }
    }

    /**
     * The rounds of the examples ahead of the one being read, run at once ({@link IndependentCalls})
     * on teacher copies of their own, one per thread: an example's rounds stop at its first success,
     * or at a failure once the budget is spent, as the walk would stop them. Closing waits for the
     * runs still out, whose results the walk did not need.
     */
    private final class TeacherRuns implements AutoCloseable {
        private final List<Example> train;
        private final Run run;
        private final java.util.concurrent.BlockingQueue<Teacher> teachers;
        private final IndependentCalls<List<RoundOutcome>> calls;
        private int started;

        TeacherRuns(List<Module> teacherPrograms, List<Example> train, Run run) {
            this.train = train;
            this.run = run;
            this.teachers = new java.util.concurrent.ArrayBlockingQueue<>(teacherPrograms.size());
            for (Module program : teacherPrograms) {
                teachers.add(new Teacher(program, run));
            }
            this.calls = IndependentCalls.open(teacherPrograms.size());
        }

        /** Example {@code index}'s rounds, waiting for them; starts the examples up to the lookahead after it. */
        List<RoundOutcome> rounds(int index) {
            while (started < Math.min(train.size(), index + teacherLookahead + 1)) {
                Example example = train.get(started++);
                calls.add(() -> roundsOf(example));
            }
            return calls.get(index);
        }

        private List<RoundOutcome> roundsOf(Example example) {
            Teacher teacher;
            try {
                teacher = teachers.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(NAME + ": interrupted while bootstrapping", e);
            }
            try {
                List<RoundOutcome> outcomes = new ArrayList<>(maxRounds);
                for (int round = 0; round < maxRounds; round++) {
                    int thisRound = round;
                    RoundOutcome outcome = RoundOutcome.of(() -> teacher.attempt(example, thisRound), run);
                    outcomes.add(outcome);
                    if (outcome.budgetSpent()
                            || (outcome.attempt() != null && outcome.attempt().success())) {
                        break;
                    }
                }
                return outcomes;
            } finally {
                teachers.add(teacher);
            }
        }

        @Override
        public void close() {
            calls.close();
        }
    }

    /** The private teacher copy, metered, run on one example at a time. */
    private final class Teacher {
        private final Module program;
        private final Map<Predict, String> names;
        private final List<Predict> predictors = new ArrayList<>();
        private final List<LmSettings> baseSettings = new ArrayList<>();

        Teacher(Module program, Run run) {
            this.program = program;
            this.names = Programs.names(program);
            run.meter().install(program);
            LanguageModel override =
                    teacherSettings.model().map(run.meter()::wrap).orElse(null);
            for (NamedPredictor named : program.namedPredictors()) {
                Predict predictor = named.predictor();
                if (override != null) {
                    predictor.setModel(override);
                }
                predictor.setSettings(predictor.settings().merge(teacherSettings.settings()));
                predictors.add(predictor);
                baseSettings.add(predictor.settings());
            }
        }

        Attempt attempt(Example example, int round) {
            List<List<Example>> savedDemos = new ArrayList<>();
            for (int i = 0; i < predictors.size(); i++) {
                Predict predictor = predictors.get(i);
                savedDemos.add(predictor.demos());
                predictor.setDemos(withoutExample(predictor.demos(), example));
                if (round > 0) {
                    predictor.setSettings(baseSettings
                            .get(i)
                            .merge(LmSettings.DEFAULTS.withRolloutId(round).withTemperature(1.0)));
                }
            }
            Prediction prediction;
            List<TraceEntry> entries;
            Trace trace = Trace.start();
            try {
                prediction = program.forward(example.inputs());
                entries = trace.entries();
            } finally {
                trace.close();
                for (int i = 0; i < predictors.size(); i++) {
                    predictors.get(i).setDemos(savedDemos.get(i));
                    predictors.get(i).setSettings(baseSettings.get(i));
                }
            }
            boolean success = true;
            if (metric != null) {
                MetricResult result = metric.score(example, prediction, trace);
                success = metricThreshold != null ? result.score() >= metricThreshold : result.score() != 0;
            }
            if (!success) {
                return new Attempt(false, Map.of());
            }
            Map<String, List<Example>> demos = new LinkedHashMap<>();
            for (TraceEntry entry : entries) {
                String name = names.get(entry.predictor());
                if (name == null) {
                    continue;
                }
                Map<String, Object> values = new LinkedHashMap<>(entry.inputs());
                values.putAll(entry.prediction().values());
                demos.computeIfAbsent(name, n -> new ArrayList<>())
                        .add(Example.of(values)
                                .withInputs(entry.inputs().keySet())
                                .withAugmented(true));
            }
            demos.replaceAll((name, list) -> list.size() > 1 ? List.of(pickOne(list)) : list);
            return new Attempt(true, demos);
        }
    }

    /**
     * DSPy keeps one demo per predictor per example: the last call, or (half of the time) one of the
     * earlier ones, with a generator seeded from the demos (DSPy hashes them with {@code datasets}'
     * Hasher, which Java cannot reproduce; here the seed is an FNV-1a hash of their text).
     */
    private static Example pickOne(List<Example> demos) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : demos.toString().getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        PyRandom random = new PyRandom(hash & Long.MAX_VALUE);
        return random.random() < 0.5 ? random.choice(demos.subList(0, demos.size() - 1)) : demos.get(demos.size() - 1);
    }

    /** The teacher's demos without the example being bootstrapped (DSPy's {@code x != example}). */
    private static List<Example> withoutExample(List<Example> demos, Example example) {
        List<Example> kept = new ArrayList<>(demos.size());
        for (Example demo : demos) {
            if (!(demo.values().equals(example.values()) && demo.augmented() == example.augmented())) {
                kept.add(demo);
            }
        }
        return kept;
    }

    /** Configures a {@link BootstrapFewShot}; every value has DSPy's default until set. */
    public static final class Builder extends BootstrapBuilder<Builder> {
        private final @Nullable Metric metric;
        private long seed;

        private Builder(@Nullable Metric metric) {
            super(NAME, 0);
            this.metric = metric;
        }

        /**
         * The seed of Python's {@code random.Random} for the teacher's labeled demos and the labeled
         * fill (default 0, as DSPy).
         *
         * @param value the seed
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         */
        public BootstrapFewShot build() {
            return new BootstrapFewShot(this);
        }
    }
}
