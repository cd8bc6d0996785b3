package dev.dspj.variable.tune;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.execution.LeasePolling;
import dev.dspj.execution.Workers;
import dev.dspj.study.Study;
import dev.dspj.study.StudyStore;
import dev.dspj.study.Trial;
import dev.dspj.study.TrialState;
import dev.dspj.variable.Configuration;
import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import dev.dspj.variable.objective.Constraints;
import dev.dspj.variable.objective.Measurement;
import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.objective.SelectionPolicy;
import dev.dspj.variable.search.Observation;
import dev.dspj.variable.search.Pareto;
import dev.dspj.variable.search.Sampler;
import dev.dspj.variable.search.Samplers;
import dev.dspj.variable.search.SearchStrategy;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Searches a {@link VariableSpace}: proposes configurations with a {@link Sampler}, has a
 * {@link TrialEvaluator} measure them, several at once, and records every finished trial in a
 * {@link Study} as it finishes, so a killed run resumes where it stopped and several processes can
 * share one search. Returns every trial with its objectives, the Pareto front and the pick of a
 * {@link SelectionPolicy}.
 *
 * <pre>{@code
 * TuningResult result = Tuner.builder(space, TrialEvaluator.of(config -> measure(config)))
 *         .objectives(Objective.accuracy(), Objective.cost())
 *         .budget(Budget.trials(100))
 *         .study(StudyStore.sqlite(Path.of("studies.db")), "qa-search")
 *         .build()
 *         .run();
 * }</pre>
 *
 * <p>What it does, in order, for each trial: ask the sampler for a configuration (it sees every
 * finished trial of the study, also those of other processes, and the ones running), claim it in
 * the study (a configuration already finished or running elsewhere is skipped), screen it on the
 * evaluator's minibatch when the evaluator screens, evaluate it fully when the screen says it
 * could reach the Pareto front (its accuracy's upper confidence bound counted), and write the
 * outcome. Infeasible trials are shown to the sampler as worse than every feasible one.
 *
 * <p><b>Crashes.</b> A running trial is held in the study under a short {@linkplain Builder#lease
 * lease} ({@value #DEFAULT_LEASE_SECONDS} s by default) that a daemon thread of the run renews
 * every {@linkplain Builder#heartbeat heartbeat} (a third of the lease by default). A process that
 * dies stops renewing, so a run started again on the same study (or another process sharing it)
 * takes its trials over once their lease lapses and evaluates them again. The budget counts finished
 * trials and trials still running; while trials running elsewhere keep the budget from being
 * decided, the run waits for them (logging at INFO which, and when their leases end), takes over
 * any whose lease lapses, and reports "the budget ... is spent" only when the counted trials have
 * finished.
 */
public final class Tuner {

    /** The default {@linkplain Builder#lease lease}, in seconds. */
    public static final long DEFAULT_LEASE_SECONDS = 30;

    /** The default {@linkplain Builder#lease lease} of a running trial: {@value #DEFAULT_LEASE_SECONDS} seconds. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(DEFAULT_LEASE_SECONDS);

    /**
     * The default {@linkplain Builder#heartbeat heartbeat} interval is the lease divided by this:
     * 10 seconds with the default lease.
     */
    public static final int HEARTBEATS_PER_LEASE = 3;

    private static final Logger LOG = LoggerFactory.getLogger(Tuner.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_FRUITLESS_PROPOSALS = 200;
    /**
     * What {@code exhausted} returns when the budget depends on trials still running: not a stop
     * reason (no real reason starts with a NUL).
     */
    private static final String WAIT = "\u0000wait for running trials";

    private final VariableSpace space;
    private final TrialEvaluator evaluator;
    private final List<Objective> objectives;
    private final Constraints constraints;
    private final SelectionPolicy policy;
    private final SearchStrategy requestedStrategy;
    private final @Nullable Sampler customSampler;
    private final Budget budget;
    private final int parallelTrials;
    private final StudyStore store;
    private final boolean ownsStore;
    private final String studyName;
    private final long seed;
    private final Duration lease;
    private final Duration heartbeat;
    private final String worker;
    private final @Nullable Consumer<TrialOutcome> listener;
    private final @Nullable PrintStream progress;
    private final int maxConsecutiveFailures;
    private final boolean reproducible;

    private Tuner(Builder builder) {
        this.space = builder.space;
        this.evaluator = builder.evaluator;
        this.objectives = List.copyOf(builder.objectives);
        this.constraints = builder.constraints;
        this.policy = builder.policy;
        this.requestedStrategy = builder.strategy;
        this.customSampler = builder.sampler;
        this.budget = builder.budget;
        this.parallelTrials = builder.parallelTrials;
        this.ownsStore = builder.store == null || builder.closeStore;
        this.store = builder.store == null ? StudyStore.inMemory() : builder.store;
        this.studyName = builder.studyName;
        this.seed = builder.seed;
        this.lease = builder.lease;
        this.heartbeat = builder.heartbeat != null
                ? builder.heartbeat
                : Duration.ofMillis(Math.max(1, builder.lease.toMillis() / HEARTBEATS_PER_LEASE));
        if (heartbeat.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("the heartbeat (" + heartbeat + ") must be shorter than the lease ("
                    + lease + "), or a live process's trials would be taken over");
        }
        this.worker = builder.worker;
        this.listener = builder.listener;
        this.progress = builder.progress;
        this.maxConsecutiveFailures = builder.maxConsecutiveFailures;
        this.reproducible = builder.reproducible;
    }

    /**
     * Starts configuring a search.
     *
     * @param space the variables to search
     * @param evaluator measures a configuration
     * @return a builder
     */
    public static Builder builder(VariableSpace space, TrialEvaluator evaluator) {
        return new Builder(space, evaluator);
    }

    /**
     * The variables searched.
     *
     * @return the space
     */
    public VariableSpace space() {
        return space;
    }

    /**
     * How long a running trial is held without a renewal.
     *
     * @return the lease
     */
    public Duration lease() {
        return lease;
    }

    /**
     * How often this run renews the leases of its running trials, and polls for trials it waits for.
     *
     * @return the heartbeat interval
     */
    public Duration heartbeat() {
        return heartbeat;
    }

    /**
     * Runs the search until the budget is spent, the sampler has nothing left, or the trials keep
     * failing; trials running at that moment finish first. Trials of the study running in other
     * processes that count toward the budget are waited for, and taken over when their lease lapses.
     *
     * @return every trial of the study and what it found
     */
    public TuningResult run() {
        long startNanos = System.nanoTime();
        Samplers.Choice choice = chooseSampler();
        Study study = store.study(studyName, description(choice));
        Run run = new Run(study, choice.sampler(), startNanos);
        try {
            String stopReason = run.execute();
            return result(
                    study,
                    choice,
                    run.failed,
                    stopReason,
                    Duration.ofNanos(System.nanoTime() - startNanos),
                    run.earlier);
        } finally {
            if (ownsStore) {
                store.close();
            }
        }
    }

    private Samplers.Choice chooseSampler() {
        if (customSampler != null) {
            return new Samplers.Choice(customSampler, SearchStrategy.CUSTOM, "sampler given: " + customSampler.name());
        }
        if (requestedStrategy == SearchStrategy.AUTO) {
            return Samplers.choose(space, budget.maxTrials(), objectives.size());
        }
        return Samplers.of(requestedStrategy, space, budget.maxTrials(), objectives.size());
    }

    private String description(Samplers.Choice choice) {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode variables = node.putArray("variables");
        for (Variable variable : space.variables()) {
            variables.add(variable.describe());
        }
        ArrayNode names = node.putArray("objectives");
        for (Objective objective : objectives) {
            names.add(objective.toString());
        }
        node.put("strategy", choice.strategy().name());
        return node.toString();
    }

    private TuningResult result(
            Study study,
            Samplers.Choice choice,
            List<FailedTrial> failed,
            @Nullable String stopReason,
            Duration wallTime,
            java.util.Set<Long> earlier) {
        List<TrialOutcome> outcomes = new ArrayList<>();
        for (Trial trial : study.completed()) {
            outcomes.add(outcome(trial, earlier.contains(trial.id()) || !worker.equals(trial.worker())));
        }
        List<FailedTrial> allFailed = new ArrayList<>(failed);
        for (Trial trial : study.trials()) {
            if (trial.state() == TrialState.FAILED && failed.stream().noneMatch(f -> f.number() == trial.number())) {
                allFailed.add(new FailedTrial(
                        trial.number(), trial.configuration(), Objects.requireNonNullElse(trial.error(), "")));
            }
        }
        return new TuningResult(
                studyName,
                space,
                objectives,
                constraints,
                policy,
                choice.strategy(),
                choice.reason(),
                outcomes,
                allFailed,
                stopReason,
                wallTime);
    }

    private TrialOutcome outcome(Trial trial, boolean fromEarlierRun) {
        JsonNode details;
        try {
            details = JSON.readTree(trial.detailsJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("trial " + trial.number() + " of study '" + studyName
                    + "' has unreadable details: " + e.getOriginalMessage());
        }
        Measurement measurement =
                Measurement.fromJson(details.path("measurement").toString());
        JsonNode artifact = details.path("artifact");
        return new TrialOutcome(
                trial.number(),
                trial.configuration(),
                Objects.requireNonNull(trial.stage(), "a complete trial has its stage"),
                measurement,
                values(measurement),
                constraints.violations(measurement),
                artifact.isMissingNode() || artifact.isNull() ? null : artifact.asText(),
                trial.started(),
                Objects.requireNonNull(trial.finished(), "a complete trial has its end"),
                trial.worker(),
                fromEarlierRun);
    }

    private Map<String, Double> values(Measurement measurement) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Objective objective : objectives) {
            values.put(objective.name(), objective.value(measurement));
        }
        return values;
    }

    private static String details(Evaluation evaluation) {
        ObjectNode node = JSON.createObjectNode();
        try {
            node.set("measurement", JSON.readTree(evaluation.measurement().toJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String artifact = evaluation.artifactJson();
        if (artifact != null) {
            node.put("artifact", artifact);
        }
        return node.toString();
    }

    /** One execution of {@link #run()}. */
    private final class Run {

        private final Study study;
        private final Sampler sampler;
        private final long startNanos;
        private final Random random;
        private final List<FailedTrial> failed = new ArrayList<>();
        private final java.util.Set<Long> earlier = new java.util.HashSet<>();
        /** Futures by identity (they do not define equals) to their trials. */
        private final IdentityHashMap<Future<TrialOutcome>, Trial> inFlight = new IdentityHashMap<>();
        /** Finished trials never change, so each is read from its JSON once. */
        private final Map<Long, TrialOutcome> outcomes = new java.util.concurrent.ConcurrentHashMap<>();

        private int consecutiveFailures;
        private List<String> lastWaitedFor = List.of();
        /** Attempts of this run that completed, so a heartbeat racing with completion is no loss. */
        private final java.util.Set<Trial> settled = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Run(Study study, Sampler sampler, long startNanos) {
            this.study = study;
            this.sampler = sampler;
            this.startNanos = startNanos;
            this.random = new Random(seed);
            for (Trial trial : study.completed()) {
                earlier.add(trial.id());
            }
        }

        private long heartbeatMillis() {
            return Math.max(1, heartbeat.toMillis());
        }

        @Nullable
        String execute() {
            ExecutorService pool = Workers.fixed("trial", parallelTrials);
            ScheduledExecutorService heartbeat = Workers.scheduler("trial-lease");
            long beat = heartbeatMillis();
            // the schedule ends when the scheduler is shut down below; renewLeases handles its own failures
            var unused = heartbeat.scheduleAtFixedRate(this::renewLeases, beat, beat, TimeUnit.MILLISECONDS);
            CompletionService<TrialOutcome> completions = new ExecutorCompletionService<>(pool);
            String stopReason = null;
            int fruitless = 0;
            try {
                while (true) {
                    List<Trial> waitingFor = List.of();
                    while (stopReason == null && inFlightCount() < parallelTrials) {
                        List<Trial> all = study.trials();
                        stopReason = outOfTime();
                        if (stopReason != null) {
                            break;
                        }
                        Optional<Trial> abandoned = reclaimAbandoned(all);
                        if (abandoned.isPresent()) {
                            submit(completions, abandoned.get());
                            continue;
                        }
                        stopReason = exhausted(all);
                        if (WAIT.equals(stopReason)) {
                            stopReason = null;
                            waitingFor = runningElsewhere(all);
                            break; // counted trials are unfinished: wait for them, or take them over
                        }
                        if (stopReason != null) {
                            break;
                        }
                        if (reproducible && inFlightCount() > 0 && !earlierTrialsFinished(all, all.size())) {
                            break; // wait for a completion: the next proposal may only see finished trials
                        }
                        Optional<Configuration> next = propose(all);
                        if (next.isEmpty()) {
                            waitingFor = runningElsewhere(all);
                            if (inFlightCount() == 0 && waitingFor.isEmpty()) {
                                stopReason = "the " + sampler.name() + " sampler has no configuration left to try";
                            }
                            break;
                        }
                        Configuration configuration = space.validate(next.get());
                        Optional<Trial> claimed = study.claim(configuration, worker, lease);
                        if (claimed.isEmpty()) {
                            if (++fruitless >= MAX_FRUITLESS_PROPOSALS) {
                                stopReason = "the " + sampler.name() + " sampler proposed only configurations already "
                                        + "tried or running for " + MAX_FRUITLESS_PROPOSALS + " proposals in a row";
                            }
                            continue;
                        }
                        fruitless = 0;
                        submit(completions, claimed.get());
                    }
                    if (stopReason == null && !waitingFor.isEmpty()) {
                        logWaiting(waitingFor);
                    }
                    if (inFlightCount() == 0) {
                        if (stopReason != null || waitingFor.isEmpty()) {
                            break;
                        }
                        Thread.sleep(pollMillis(waitingFor));
                        continue;
                    }
                    Future<TrialOutcome> done = stopReason != null
                            ? completions.take()
                            : completions.poll(
                                    waitingFor.isEmpty() ? beat : pollMillis(waitingFor), TimeUnit.MILLISECONDS);
                    if (done == null) {
                        continue; // look again: a waited-for trial may have finished or lost its lease
                    }
                    Trial trial;
                    synchronized (inFlight) {
                        trial = Objects.requireNonNull(inFlight.remove(done), "a finished future is in flight");
                    }
                    String failure = finish(done, trial);
                    if (failure != null && stopReason == null) {
                        stopReason = failure;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopReason = "interrupted; finished trials are in study '" + studyName + "'";
                synchronized (inFlight) {
                    inFlight.keySet().forEach(f -> f.cancel(true));
                }
            } finally {
                heartbeat.shutdownNow();
                pool.shutdownNow();
            }
            return stopReason;
        }

        private TrialOutcome cached(Trial trial) {
            return outcomes.computeIfAbsent(trial.id(), id -> outcome(trial, true));
        }

        private void submit(CompletionService<TrialOutcome> completions, Trial trial) {
            synchronized (inFlight) {
                inFlight.put(completions.submit(() -> evaluate(trial)), trial);
            }
        }

        /** The running trials that this run does not hold: other processes', live or dead. */
        private List<Trial> runningElsewhere(List<Trial> all) {
            java.util.Set<Long> mine = new java.util.HashSet<>();
            synchronized (inFlight) {
                inFlight.values().forEach(t -> mine.add(t.id()));
            }
            return all.stream()
                    .filter(t -> t.state() == TrialState.RUNNING && !mine.contains(t.id()))
                    .toList();
        }

        /** How long to wait before looking again at trials held by other processes. */
        private long pollMillis(List<Trial> waitingFor) {
            return LeasePolling.nextLookMillis(Duration.ofMillis(heartbeatMillis()), waitingFor);
        }

        /** Says, once per change of the set, which trials of other processes the run waits for. */
        private void logWaiting(List<Trial> waitingFor) {
            List<String> key =
                    waitingFor.stream().map(t -> t.id() + "/" + t.attempt()).toList();
            if (key.equals(lastWaitedFor)) {
                return;
            }
            lastWaitedFor = key;
            StringBuilder which = new StringBuilder();
            for (Trial trial : waitingFor) {
                if (which.length() > 0) {
                    which.append("; ");
                }
                which.append("trial ")
                        .append(trial.number())
                        .append(" of worker '")
                        .append(trial.worker())
                        .append("' (lease ends ")
                        .append(trial.leaseUntil())
                        .append(')');
            }
            String message = "study '" + studyName + "': waiting for " + waitingFor.size()
                    + " trial(s) running in other processes before the budget is decided, taking over any whose lease "
                    + "lapses: " + which;
            LOG.info(message);
            if (progress != null) {
                progress.println(message);
            }
        }

        /** A running trial of a process that stopped renewing its lease, now claimed by this one. */
        private Optional<Trial> reclaimAbandoned(List<Trial> all) {
            java.util.Set<Long> mine = new java.util.HashSet<>();
            synchronized (inFlight) {
                inFlight.values().forEach(t -> mine.add(t.id()));
            }
            for (Trial trial : all) {
                if (trial.state() == TrialState.RUNNING && !mine.contains(trial.id())) {
                    if (trial.leaseHeldAt(Instant.now())) {
                        continue; // as last read, its lease holds: do not ask the store
                    }
                    Optional<Trial> claimed = study.claim(trial.configuration(), worker, lease);
                    if (claimed.isPresent()) {
                        LOG.info(
                                "study '{}': took over trial {} (attempt {}) from worker '{}', whose lease ended {}",
                                studyName,
                                trial.number(),
                                claimed.get().attempt(),
                                trial.worker(),
                                trial.leaseUntil());
                        return claimed;
                    }
                }
            }
            return Optional.empty();
        }

        /**
         * Whether every trial the proposal of trial {@code next} may see (numbers up to
         * {@code next - parallelTrials}) has finished, so that what it sees does not depend on timing.
         */
        private boolean earlierTrialsFinished(List<Trial> all, int next) {
            for (Trial trial : all) {
                if (trial.number() <= next - parallelTrials && trial.state() == TrialState.RUNNING) {
                    return false;
                }
            }
            return true;
        }

        private @Nullable String outOfTime() {
            Duration maxDuration = budget.maxDuration();
            if (maxDuration != null && System.nanoTime() - startNanos >= maxDuration.toNanos()) {
                return "the time budget of " + maxDuration + " is spent";
            }
            return null;
        }

        private int inFlightCount() {
            synchronized (inFlight) {
                return inFlight.size();
            }
        }

        private void renewLeases() {
            List<Trial> running;
            synchronized (inFlight) {
                running = new ArrayList<>(inFlight.values());
            }
            for (Trial trial : running) {
                try {
                    study.heartbeat(trial, lease);
                } catch (dev.dspj.study.TrialLostException e) {
                    if (!settled.contains(trial)) {
                        LOG.warn(
                                "study '{}': trial {} was taken over by another worker (its lease lapsed before a "
                                        + "renewal); this run's result for it will be dropped: {}",
                                studyName,
                                trial.number(),
                                e.getMessage());
                    }
                } catch (RuntimeException e) {
                    LOG.warn(
                            "study '{}': renewing the lease of trial {} failed (retried in {} ms): {}",
                            studyName,
                            trial.number(),
                            heartbeatMillis(),
                            e.getMessage());
                }
            }
        }

        private Optional<Configuration> propose(List<Trial> all) {
            List<Observation> observations = new ArrayList<>();
            List<Configuration> pending = new ArrayList<>();
            List<Trial> completed = new ArrayList<>();
            int visibleUpTo = reproducible ? all.size() - parallelTrials : Integer.MAX_VALUE;
            for (Trial trial : all) {
                if (trial.state() == TrialState.COMPLETE && trial.number() <= visibleUpTo) {
                    completed.add(trial);
                } else {
                    // running elsewhere, or failed: not proposed again in this run
                    pending.add(trial.configuration());
                }
            }
            List<TrialOutcome> outcomes = new ArrayList<>(completed.size());
            for (Trial trial : completed) {
                outcomes.add(cached(trial));
            }
            double[] worst = worstFeasible(outcomes);
            for (TrialOutcome outcome : outcomes) {
                observations.add(
                        new Observation(outcome.configuration(), outcome.feasible() ? oriented(outcome) : worst));
            }
            return sampler.propose(space, observations, pending, random);
        }

        private double[] worstFeasible(List<TrialOutcome> outcomes) {
            double[] worst = new double[objectives.size()];
            java.util.Arrays.fill(worst, Double.POSITIVE_INFINITY);
            double[] best = new double[objectives.size()];
            java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
            for (TrialOutcome outcome : outcomes) {
                double[] values = oriented(outcome);
                for (int i = 0; i < values.length; i++) {
                    worst[i] = Math.min(worst[i], values[i]);
                    best[i] = Math.max(best[i], values[i]);
                }
            }
            for (int i = 0; i < worst.length; i++) {
                if (!Double.isFinite(worst[i])) {
                    worst[i] = 0;
                } else {
                    worst[i] -= Math.max(1e-9, 0.1 * (best[i] - worst[i]));
                }
            }
            return worst;
        }

        private @Nullable String exhausted(List<Trial> all) {
            int started = 0;
            long calls = 0;
            double usd = 0;
            int finished = 0;
            for (Trial trial : all) {
                started++;
                if (trial.state() == TrialState.COMPLETE) {
                    Measurement measurement = cached(trial).measurement();
                    calls += measurement.spentCalls();
                    usd += measurement.spentUsd();
                    finished++;
                } else if (trial.state() == TrialState.FAILED) {
                    started--;
                }
            }
            if (finished >= budget.maxTrials()) {
                return "the budget of " + budget.maxTrials() + " trials is spent";
            }
            if (started >= budget.maxTrials()) {
                return WAIT;
            }
            int running = started - finished;
            double perTrialCalls = finished == 0 ? 0 : (double) calls / finished;
            double perTrialUsd = finished == 0 ? 0 : usd / finished;
            // spent only if the running trials cost what the finished ones did: wait for them to tell
            if (running > 0
                    && calls + perTrialCalls <= budget.maxCalls()
                    && calls + perTrialCalls * (running + 1) > budget.maxCalls()) {
                return WAIT;
            }
            if (running > 0
                    && usd + perTrialUsd <= budget.maxCostUsd()
                    && usd + perTrialUsd * (running + 1) > budget.maxCostUsd()) {
                return WAIT;
            }
            if (calls + perTrialCalls > budget.maxCalls()) {
                return String.format(
                        Locale.ROOT,
                        "the budget of %d model calls is spent (%d used; a trial takes about %.0f)",
                        budget.maxCalls(),
                        calls,
                        perTrialCalls);
            }
            if (usd + perTrialUsd > budget.maxCostUsd()) {
                return String.format(
                        Locale.ROOT,
                        "the budget of $%.4f is spent ($%.4f used; a trial costs about $%.4f)",
                        budget.maxCostUsd(),
                        usd,
                        perTrialUsd);
            }
            return null;
        }

        private TrialOutcome evaluate(Trial trial) {
            Configuration configuration = trial.configuration();
            Evaluation evaluation;
            String stage;
            if (evaluator.screens()) {
                Evaluation screened = evaluator.screen(configuration);
                if (promising(screened.measurement(), trial.number())) {
                    evaluation = evaluator.evaluateFully(configuration, screened);
                    stage = TrialOutcome.FULL;
                } else {
                    evaluation = screened;
                    stage = TrialOutcome.SCREEN;
                }
            } else {
                evaluation = evaluator.evaluateFully(configuration, null);
                stage = TrialOutcome.FULL;
            }
            Trial completed = study.complete(trial, values(evaluation.measurement()), stage, details(evaluation));
            settled.add(trial);
            return outcome(completed, false);
        }

        /** Whether a screened configuration could reach the front, its accuracy counted at its upper bound. */
        private boolean promising(Measurement screened, int number) {
            List<TrialOutcome> full = new ArrayList<>();
            int visibleUpTo = reproducible ? number - parallelTrials : Integer.MAX_VALUE;
            for (Trial trial : study.completed()) {
                if (TrialOutcome.FULL.equals(trial.stage()) && trial.number() <= visibleUpTo) {
                    TrialOutcome outcome = cached(trial);
                    if (outcome.feasible()) {
                        full.add(outcome);
                    }
                }
            }
            if (full.isEmpty()) {
                return true;
            }
            double[] optimistic = new double[objectives.size()];
            for (int i = 0; i < optimistic.length; i++) {
                Objective objective = objectives.get(i);
                double value = objective.name().equals(Objective.ACCURACY)
                        ? screened.accuracyHigh()
                        : objective.value(screened);
                optimistic[i] = objective.direction().oriented(value);
            }
            for (TrialOutcome outcome : full) {
                if (Pareto.dominates(oriented(outcome), optimistic)) {
                    return false;
                }
            }
            return true;
        }

        private @Nullable String finish(Future<TrialOutcome> done, Trial trial) throws InterruptedException {
            try {
                TrialOutcome outcome = done.get();
                consecutiveFailures = 0;
                report(outcome);
                return null;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof dev.dspj.study.TrialLostException lost) {
                    // another worker took the trial over when its lease lapsed (a pause longer than the
                    // lease): its result is theirs to record, and it is no failure of the configuration
                    LOG.warn(
                            "study '{}': dropped this run's result of trial {}: {}",
                            studyName,
                            trial.number(),
                            lost.getMessage());
                    return null;
                }
                String message = cause.getClass().getSimpleName() + ": " + cause.getMessage();
                settled.add(trial);
                try {
                    study.fail(trial, message);
                } catch (RuntimeException storeFailure) {
                    message += " (and recording the failure failed: " + storeFailure.getMessage() + ")";
                }
                failed.add(new FailedTrial(trial.number(), trial.configuration(), message));
                if (progress != null) {
                    progress.println("trial " + trial.number() + " failed: " + message + " " + trial.configuration());
                }
                if (++consecutiveFailures >= maxConsecutiveFailures) {
                    return maxConsecutiveFailures + " trials failed in a row; the last: " + message;
                }
                return null;
            }
        }

        private void report(TrialOutcome outcome) {
            if (listener != null) {
                listener.accept(outcome);
            }
            if (progress != null) {
                Measurement m = outcome.measurement();
                progress.println(String.format(
                        Locale.ROOT,
                        "trial %3d %-6s accuracy %.3f  cost/call $%.6f  p50 %5.0f ms  reliability %.2f%s  %s",
                        outcome.number(),
                        outcome.stage(),
                        m.accuracy(),
                        m.costPerCall(),
                        m.latencyP50Ms(),
                        m.reliability(),
                        outcome.feasible() ? "" : "  (infeasible)",
                        outcome.configuration()));
            }
        }
    }

    private double[] oriented(TrialOutcome outcome) {
        double[] values = new double[objectives.size()];
        for (int i = 0; i < values.length; i++) {
            Objective objective = objectives.get(i);
            values[i] = objective.direction().oriented(outcome.value(objective.name()));
        }
        return values;
    }

    private static String defaultWorker() {
        return ManagementFactory.getRuntimeMXBean().getName() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Configures a {@link Tuner}. */
    public static final class Builder {

        private final VariableSpace space;
        private final TrialEvaluator evaluator;
        private List<Objective> objectives = List.of(Objective.accuracy());
        private Constraints constraints = Constraints.none();
        private SelectionPolicy policy = SelectionPolicy.BALANCED;
        private SearchStrategy strategy = SearchStrategy.AUTO;
        private @Nullable Sampler sampler;
        private Budget budget = Budget.trials(50);
        private int parallelTrials = 4;
        private @Nullable StudyStore store;
        private boolean closeStore;
        private String studyName = "study";
        private long seed;
        private Duration lease = DEFAULT_LEASE;
        private @Nullable Duration heartbeat;
        private String worker = defaultWorker();
        private @Nullable Consumer<TrialOutcome> listener;
        private @Nullable PrintStream progress;
        private int maxConsecutiveFailures = 5;
        private boolean reproducible;

        private Builder(VariableSpace space, TrialEvaluator evaluator) {
            this.space = Objects.requireNonNull(space, "space");
            this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
            if (space.dimensionality() == 0) {
                throw new IllegalArgumentException("the variable space is empty: there is nothing to search");
            }
        }

        /**
         * The objectives (default: accuracy alone).
         *
         * @param values the objectives, with distinct names
         * @return this builder
         */
        public Builder objectives(Objective... values) {
            return objectives(List.of(values));
        }

        /**
         * The objectives (default: accuracy alone).
         *
         * @param values the objectives, with distinct names
         * @return this builder
         */
        public Builder objectives(List<Objective> values) {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("a search needs at least one objective");
            }
            java.util.Set<String> names = new java.util.HashSet<>();
            for (Objective objective : values) {
                if (!names.add(objective.name())) {
                    throw new IllegalArgumentException("two objectives are named '" + objective.name() + "'");
                }
            }
            this.objectives = List.copyOf(values);
            return this;
        }

        /**
         * Limits a chosen configuration must meet (default none).
         *
         * @param value the constraints
         * @return this builder
         */
        public Builder constraints(Constraints value) {
            this.constraints = Objects.requireNonNull(value, "constraints");
            return this;
        }

        /**
         * How the result picks its configuration (default {@link SelectionPolicy#BALANCED}).
         *
         * @param value the policy
         * @return this builder
         */
        public Builder policy(SelectionPolicy value) {
            this.policy = Objects.requireNonNull(value, "policy");
            return this;
        }

        /**
         * The search strategy (default {@link SearchStrategy#AUTO}: chosen from the space, the
         * budget and the number of objectives; see {@link Samplers#choose}).
         *
         * @param value the strategy
         * @return this builder
         */
        public Builder strategy(SearchStrategy value) {
            this.strategy = Objects.requireNonNull(value, "strategy");
            if (value == SearchStrategy.CUSTOM) {
                throw new IllegalArgumentException("for a custom strategy pass the sampler with sampler(...)");
            }
            return this;
        }

        /**
         * A sampler of your own, instead of a strategy.
         *
         * @param value the sampler
         * @return this builder
         */
        public Builder sampler(Sampler value) {
            this.sampler = Objects.requireNonNull(value, "sampler");
            return this;
        }

        /**
         * How much the search may spend (default 50 trials).
         *
         * @param value the budget
         * @return this builder
         */
        public Builder budget(Budget value) {
            this.budget = Objects.requireNonNull(value, "budget");
            return this;
        }

        /**
         * How many configurations are evaluated at once (default 4).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder parallelTrials(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("parallelTrials must be at least 1, got " + value);
            }
            this.parallelTrials = value;
            return this;
        }

        /**
         * Records trials in a SQLite file that the search opens, and closes when {@link Tuner#run()}
         * ends; a study of that name in the file is resumed.
         *
         * @param file the SQLite file (created when missing)
         * @param name the study's name
         * @return this builder
         */
        public Builder study(java.nio.file.Path file, String name) {
            study(StudyStore.sqlite(file), name);
            this.closeStore = true;
            return this;
        }

        /**
         * Where trials are recorded (default: in memory, gone when the run ends). The store stays
         * open: close it yourself.
         *
         * @param value the store (SQLite file, PostgreSQL, memory)
         * @param name the study's name; a study of that name is resumed
         * @return this builder
         */
        public Builder study(StudyStore value, String name) {
            this.store = Objects.requireNonNull(value, "store");
            this.closeStore = false;
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a study needs a name");
            }
            this.studyName = name;
            return this;
        }

        /**
         * The seed of the sampler's randomness (default 0). With one trial at a time
         * ({@code parallelTrials(1)}) or with {@link #reproducible(boolean)}, and a deterministic
         * evaluator, a seed gives the same search every time; otherwise, with several trials at
         * once, which trials have finished when the next is proposed depends on timing, so
         * proposals may differ from run to run.
         *
         * @param value the seed
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * How long a running trial is reserved for this process without a renewal (default
         * {@link Tuner#DEFAULT_LEASE}, {@value Tuner#DEFAULT_LEASE_SECONDS} s). The run renews the
         * leases of its running trials every {@linkplain #heartbeat heartbeat}, so only a dead (or
         * stalled for longer than the lease) process's trials expire; a run started again after a
         * crash takes them over within about one lease. Shorter leases take over sooner; the
         * heartbeat writes to the store more often.
         *
         * @param value the lease; positive
         * @return this builder
         */
        public Builder lease(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("lease must be positive, got " + value);
            }
            this.lease = value;
            return this;
        }

        /**
         * How often the run renews the leases of its running trials, and looks again at trials of
         * other processes it waits for (default: the lease divided by
         * {@link Tuner#HEARTBEATS_PER_LEASE}, 10 s with the default lease). Must be shorter than the
         * lease; a third of it or less leaves room for a missed beat.
         *
         * @param value the interval; positive
         * @return this builder
         */
        public Builder heartbeat(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("heartbeat must be positive, got " + value);
            }
            this.heartbeat = value;
            return this;
        }

        /**
         * This process's name in the study (default: pid@host plus a random suffix).
         *
         * @param value the worker name
         * @return this builder
         */
        public Builder worker(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("worker must not be blank");
            }
            this.worker = value;
            return this;
        }

        /**
         * Called with each trial this run finishes.
         *
         * @param value the listener
         * @return this builder
         */
        public Builder listener(Consumer<TrialOutcome> value) {
            this.listener = value;
            return this;
        }

        /**
         * Prints a line per finished trial.
         *
         * @param value where to print; null for silence (the default)
         * @return this builder
         */
        public Builder progress(@Nullable PrintStream value) {
            this.progress = value;
            return this;
        }

        /**
         * Makes a search with several trials at once repeatable from its seed (default off): trial
         * {@code n} is proposed, and screened, from the trials numbered up to
         * {@code n - parallelTrials} only, waiting for them to finish if need be, so what each
         * proposal sees no longer depends on which trials happened to finish first. Costs some
         * idle time when trials take unequal times; for one process on its own study.
         *
         * @param value true for repeatable searches
         * @return this builder
         */
        public Builder reproducible(boolean value) {
            this.reproducible = value;
            return this;
        }

        /**
         * Stops the search after this many trials failed in a row (default 5).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxConsecutiveFailures(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxConsecutiveFailures must be at least 1, got " + value);
            }
            this.maxConsecutiveFailures = value;
            return this;
        }

        /**
         * The search.
         *
         * @return the tuner
         * @throws IllegalArgumentException when the heartbeat is not shorter than the lease
         */
        public Tuner build() {
            return new Tuner(this);
        }
    }
}
