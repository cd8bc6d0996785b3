package dev.dspj.variable.tune;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.study.Study;
import dev.dspj.study.Trial;
import dev.dspj.study.TrialState;
import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import dev.dspj.variable.objective.Constraints;
import dev.dspj.variable.objective.Direction;
import dev.dspj.variable.objective.Measurement;
import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.objective.SelectionPolicy;
import dev.dspj.variable.search.Pareto;
import dev.dspj.variable.search.SearchStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything a search found: every trial, the Pareto front of the feasible fully evaluated ones,
 * the weighted score, and the configuration a {@link SelectionPolicy} picks.
 *
 * <p>Selection and the front consider only trials evaluated on the whole set ({@link TrialOutcome#FULL});
 * screened-only trials are kept for the record and the report. The weighted score normalizes
 * each objective to [0, 1] across those trials (a minimized objective counts as 1 − its
 * normalized value) and averages them by weight.
 */
public final class TuningResult {

    private final String studyName;
    private final VariableSpace space;
    private final List<Objective> objectives;
    private final Constraints constraints;
    private final SelectionPolicy policy;
    private final SearchStrategy strategy;
    private final String strategyReason;
    private final List<TrialOutcome> trials;
    private final List<FailedTrial> failedTrials;
    private final String stopReason;
    private final Duration wallTime;
    private final List<TrialOutcome> candidates;
    private final double[] low;
    private final double[] high;

    /**
     * Creates the result (called by the search).
     *
     * @param studyName the study's name
     * @param space the variable space searched
     * @param objectives the objectives
     * @param constraints the constraints
     * @param policy the selection policy
     * @param strategy the strategy used
     * @param strategyReason why that strategy
     * @param trials every finished trial, in number order
     * @param failedTrials the trials whose evaluation failed
     * @param stopReason why the search stopped
     * @param wallTime this run's wall time
     */
    public TuningResult(
            String studyName,
            VariableSpace space,
            List<Objective> objectives,
            Constraints constraints,
            SelectionPolicy policy,
            SearchStrategy strategy,
            String strategyReason,
            List<TrialOutcome> trials,
            List<FailedTrial> failedTrials,
            @Nullable String stopReason,
            Duration wallTime) {
        this.studyName = Objects.requireNonNull(studyName, "studyName");
        this.space = Objects.requireNonNull(space, "space");
        this.objectives = List.copyOf(objectives);
        this.constraints = Objects.requireNonNull(constraints, "constraints");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.strategyReason = strategyReason == null ? "" : strategyReason;
        this.trials = trials.stream()
                .sorted(Comparator.comparingInt(TrialOutcome::number))
                .toList();
        this.failedTrials = List.copyOf(failedTrials);
        this.stopReason = stopReason == null ? "" : stopReason;
        this.wallTime = wallTime == null ? Duration.ZERO : wallTime;
        List<TrialOutcome> full =
                this.trials.stream().filter(TrialOutcome::isFull).toList();
        this.candidates = full.isEmpty() ? this.trials : full;
        this.low = new double[this.objectives.size()];
        this.high = new double[this.objectives.size()];
        for (int i = 0; i < this.objectives.size(); i++) {
            String name = this.objectives.get(i).name();
            low[i] = candidates.stream().mapToDouble(t -> t.value(name)).min().orElse(0);
            high[i] = candidates.stream().mapToDouble(t -> t.value(name)).max().orElse(0);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The result of a search read back from its study, as {@link Tuner} wrote it: the variables,
     * objectives and strategy from the study's description, every complete trial's measurement and
     * artifact from its details, and the failed trials. For reports of a search that ran in another
     * process, such as {@code dspj studies report}.
     *
     * <p>A study does not keep the search's constraints or selection policy, nor why its strategy was
     * chosen, why it stopped or how long it ran: the constraints and policy are given here, the
     * stop reason says the result was read from the study, and the wall time spans the first trial's
     * start to the last trial's end. Every trial counts as {@linkplain TrialOutcome#fromEarlierRun
     * from an earlier run}. Objectives other than the standard ones are read back by name, direction
     * and weight (see {@link Objective#fromDescription}); their values are the trials' stored ones.
     *
     * @param study a study written by {@link Tuner}
     * @param constraints the constraints to judge the trials by ({@link Constraints#none()} for none)
     * @param policy the policy {@link #best()} uses
     * @return the result
     * @throws IllegalArgumentException when the study was not written by the variable search (its
     *     description has no variables, objectives and strategy, or a complete trial has no
     *     measurement), naming the study and what is missing
     */
    public static TuningResult fromStudy(Study study, Constraints constraints, SelectionPolicy policy) {
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(constraints, "constraints");
        Objects.requireNonNull(policy, "policy");
        String name = study.name();
        JsonNode description;
        try {
            description = JSON.readTree(study.description());
        } catch (JsonProcessingException e) {
            throw notSearch(name, "its description is not JSON");
        }
        JsonNode variables = description.path("variables");
        JsonNode objectiveNames = description.path("objectives");
        JsonNode strategyName = description.path("strategy");
        if (!variables.isArray() || !objectiveNames.isArray() || !strategyName.isTextual()) {
            throw notSearch(name, "its description has no \"variables\", \"objectives\" and \"strategy\"");
        }
        List<Variable> space = new ArrayList<>();
        for (JsonNode variable : variables) {
            space.add(Variable.fromDescription(variable.asText()));
        }
        List<Objective> objectives = new ArrayList<>();
        for (JsonNode objective : objectiveNames) {
            objectives.add(Objective.fromDescription(objective.asText()));
        }
        if (objectives.isEmpty()) {
            throw notSearch(name, "its description names no objective");
        }
        SearchStrategy strategy;
        try {
            strategy = SearchStrategy.valueOf(strategyName.asText());
        } catch (IllegalArgumentException e) {
            throw notSearch(name, "its strategy '" + strategyName.asText() + "' is none of DSPJ's");
        }
        List<TrialOutcome> outcomes = new ArrayList<>();
        List<FailedTrial> failed = new ArrayList<>();
        java.time.Instant first = null;
        java.time.Instant last = null;
        for (Trial trial : study.trials()) {
            if (trial.state() == TrialState.FAILED) {
                failed.add(new FailedTrial(
                        trial.number(), trial.configuration(), Objects.requireNonNullElse(trial.error(), "")));
            } else if (trial.state() == TrialState.COMPLETE) {
                TrialOutcome outcome = storedOutcome(name, trial, objectives, constraints);
                outcomes.add(outcome);
                first = first == null || outcome.started().isBefore(first) ? outcome.started() : first;
                last = last == null || outcome.finished().isAfter(last) ? outcome.finished() : last;
            }
        }
        return new TuningResult(
                name,
                VariableSpace.of(space),
                objectives,
                constraints,
                policy,
                strategy,
                "",
                outcomes,
                failed,
                "read from the study: " + outcomes.size() + " complete, " + failed.size() + " failed",
                first == null || last == null ? Duration.ZERO : Duration.between(first, last));
    }

    /**
     * {@link #fromStudy(Study, Constraints, SelectionPolicy)} with no constraints and the
     * {@link SelectionPolicy#BALANCED} policy, a search's defaults.
     *
     * @param study a study written by {@link Tuner}
     * @return the result
     * @throws IllegalArgumentException when the study was not written by the variable search
     */
    public static TuningResult fromStudy(Study study) {
        return fromStudy(study, Constraints.none(), SelectionPolicy.BALANCED);
    }

    /** A complete trial as the search wrote it: its details hold "measurement" and maybe "artifact". */
    private static TrialOutcome storedOutcome(
            String study, Trial trial, List<Objective> objectives, Constraints constraints) {
        JsonNode details;
        try {
            details = JSON.readTree(Objects.requireNonNullElse(trial.detailsJson(), ""));
        } catch (JsonProcessingException e) {
            throw notSearch(study, "trial " + trial.number() + " has details that are not JSON");
        }
        JsonNode measured = details == null ? null : details.get("measurement");
        if (measured == null || !measured.isObject()) {
            throw notSearch(study, "trial " + trial.number() + " has no \"measurement\" in its details");
        }
        Measurement measurement = Measurement.fromJson(measured.toString());
        Map<String, Double> values = new LinkedHashMap<>();
        for (Objective objective : objectives) {
            Double value = trial.values().get(objective.name());
            if (value == null) {
                throw notSearch(
                        study, "trial " + trial.number() + " has no value of objective '" + objective.name() + "'");
            }
            values.put(objective.name(), value);
        }
        JsonNode artifact = details.path("artifact");
        return new TrialOutcome(
                trial.number(),
                trial.configuration(),
                Objects.requireNonNullElse(trial.stage(), TrialOutcome.FULL),
                measurement,
                values,
                constraints.violations(measurement),
                artifact.isMissingNode() || artifact.isNull() ? null : artifact.asText(),
                trial.started(),
                Objects.requireNonNullElse(trial.finished(), trial.started()),
                trial.worker(),
                true);
    }

    private static IllegalArgumentException notSearch(String study, String why) {
        return new IllegalArgumentException(
                "study '" + study + "' was not written by the variable search (dev.dspj.variable.tune.Tuner): " + why);
    }

    /**
     * The study's name.
     *
     * @return the name
     */
    public String studyName() {
        return studyName;
    }

    /**
     * The variable space searched.
     *
     * @return the space
     */
    public VariableSpace space() {
        return space;
    }

    /**
     * The objectives.
     *
     * @return the objectives
     */
    public List<Objective> objectives() {
        return objectives;
    }

    /**
     * The constraints.
     *
     * @return the constraints
     */
    public Constraints constraints() {
        return constraints;
    }

    /**
     * The selection policy {@link #best()} uses.
     *
     * @return the policy
     */
    public SelectionPolicy policy() {
        return policy;
    }

    /**
     * The search strategy used.
     *
     * @return the strategy
     */
    public SearchStrategy strategy() {
        return strategy;
    }

    /**
     * Why the strategy was chosen (for an automatic choice), in words.
     *
     * @return the reason
     */
    public String strategyReason() {
        return strategyReason;
    }

    /**
     * Every finished trial of the study, in number order (including trials of earlier runs and
     * other processes).
     *
     * @return the trials
     */
    public List<TrialOutcome> trials() {
        return trials;
    }

    /**
     * The trials whose evaluation failed, with the reason.
     *
     * @return the failed trials
     */
    public List<FailedTrial> failedTrials() {
        return failedTrials;
    }

    /**
     * Why the search stopped, in words.
     *
     * @return the reason
     */
    public String stopReason() {
        return stopReason;
    }

    /**
     * This run's wall time.
     *
     * @return the duration
     */
    public Duration wallTime() {
        return wallTime;
    }

    /**
     * The trials selection considers: the fully evaluated ones (all trials when none is).
     *
     * @return the trials
     */
    public List<TrialOutcome> candidates() {
        return candidates;
    }

    /**
     * The objective values of a trial, each turned so that higher is better, in objective order.
     *
     * @param trial the trial
     * @return the oriented values
     */
    public double[] orientedValues(TrialOutcome trial) {
        double[] values = new double[objectives.size()];
        for (int i = 0; i < values.length; i++) {
            Objective objective = objectives.get(i);
            values[i] = objective.direction().oriented(trial.value(objective.name()));
        }
        return values;
    }

    /**
     * The Pareto front: the feasible candidates no other feasible candidate beats on every
     * objective, sorted by the first objective (best first).
     *
     * @return the front
     */
    public List<TrialOutcome> front() {
        List<TrialOutcome> feasible =
                candidates.stream().filter(TrialOutcome::feasible).toList();
        List<double[]> points = feasible.stream().map(this::orientedValues).toList();
        List<TrialOutcome> front = new ArrayList<>();
        for (int index : Pareto.front(points)) {
            front.add(feasible.get(index));
        }
        front.sort(Comparator.comparingDouble((TrialOutcome t) -> -orientedValues(t)[0])
                .thenComparingInt(TrialOutcome::number));
        return front;
    }

    /**
     * A trial's weighted score in [0, 1]: each objective normalized across the candidates
     * (1 is the best value seen), averaged by weight.
     *
     * @param trial the trial
     * @return the score
     */
    public double weightedScore(TrialOutcome trial) {
        double total = 0;
        double weights = 0;
        for (int i = 0; i < objectives.size(); i++) {
            Objective objective = objectives.get(i);
            double value = trial.value(objective.name());
            double normalized;
            if (high[i] == low[i]) {
                normalized = 1; // every candidate is as good as the best on this objective
            } else {
                normalized = (value - low[i]) / (high[i] - low[i]);
                if (objective.direction() == Direction.MINIMIZE) {
                    normalized = 1 - normalized;
                }
            }
            total += objective.weight() * normalized;
            weights += objective.weight();
        }
        return weights == 0 ? 0 : total / weights;
    }

    /**
     * The configuration the result's own policy picks.
     *
     * @return the chosen trial; empty when no candidate is feasible
     */
    public Optional<TrialOutcome> best() {
        return best(policy);
    }

    /**
     * The trial a policy picks among the feasible candidates.
     *
     * @param selection the policy
     * @return the chosen trial; empty when no candidate is feasible
     */
    public Optional<TrialOutcome> best(SelectionPolicy selection) {
        List<TrialOutcome> feasible =
                candidates.stream().filter(TrialOutcome::feasible).toList();
        Comparator<TrialOutcome> order = switch (selection) {
            case BALANCED -> Comparator.comparingDouble(this::weightedScore);
            case ACCURACY_FIRST ->
                Comparator.comparingDouble((TrialOutcome t) -> t.measurement().accuracy())
                        .thenComparingDouble(t -> -t.measurement().costPerCall())
                        .thenComparingDouble(t -> -t.measurement().latencyP50Ms());
            case CHEAPEST_MEETING_CONSTRAINTS ->
                Comparator.comparingDouble((TrialOutcome t) -> -t.measurement().costPerCall())
                        .thenComparingDouble(t -> t.measurement().accuracy());
        };
        // earlier trials win ties, so the choice is stable
        return feasible.stream().max(order.thenComparingInt(t -> -t.number()));
    }

    /**
     * The feasible candidate with the best value of one objective.
     *
     * @param objective the objective's name
     * @return the trial; empty when none is feasible
     * @throws IllegalArgumentException when the search has no such objective
     */
    public Optional<TrialOutcome> bestBy(String objective) {
        Objective found = objectives.stream()
                .filter(o -> o.name().equals(objective))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no objective '" + objective + "'; the search has "
                        + objectives.stream().map(Objective::name).toList()));
        // a tie goes to the trial better on the other objectives, so the pick is never a dominated one
        return candidates.stream()
                .filter(TrialOutcome::feasible)
                .max(Comparator.comparingDouble(
                                (TrialOutcome t) -> found.direction().oriented(t.value(objective)))
                        .thenComparingDouble(this::weightedScore)
                        .thenComparingInt(t -> -t.number()));
    }

    /**
     * Model calls spent by the study's trials (cache hits not counted).
     *
     * @return the calls
     */
    public long spentCalls() {
        return trials.stream().mapToLong(t -> t.measurement().spentCalls()).sum();
    }

    /**
     * Dollars spent by the study's trials.
     *
     * @return US dollars
     */
    public double spentUsd() {
        return trials.stream().mapToDouble(t -> t.measurement().spentUsd()).sum();
    }

    @Override
    public String toString() {
        return "TuningResult[" + studyName + ", " + trials.size() + " trials, front " + front().size() + ", "
                + stopReason + "]";
    }
}
