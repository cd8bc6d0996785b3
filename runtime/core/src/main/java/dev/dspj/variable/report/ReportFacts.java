package dev.dspj.variable.report;

import dev.dspj.variable.Configuration;
import dev.dspj.variable.Variable;
import dev.dspj.variable.objective.Constraints;
import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.objective.SelectionPolicy;
import dev.dspj.variable.tune.FailedTrial;
import dev.dspj.variable.tune.TrialOutcome;
import dev.dspj.variable.tune.TuningResult;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The facts both reports show, worked out once from a {@link TuningResult}: the trials by stage
 * and feasibility, the front, the chosen trial under every policy, the best trial per objective,
 * and the variable columns.
 */
final class ReportFacts {

    /** A labelled line of the summary: {@code Stopped: budget of 40 trials reached}. */
    record Fact(String label, String value) {}

    final TuningResult result;
    final List<Objective> objectives;
    final List<TrialOutcome> trials;
    final List<TrialOutcome> full;
    final List<TrialOutcome> screenedOnly;
    final List<TrialOutcome> infeasible;
    final List<FailedTrial> failed;
    final List<TrialOutcome> front;
    final Optional<TrialOutcome> chosen;
    final Map<SelectionPolicy, Optional<TrialOutcome>> chosenByPolicy;
    final Map<Objective, Optional<TrialOutcome>> bestByObjective;
    /** The variables shown as columns: the space's, in dependency order, then any other names the configurations carry. */
    final List<String> variableNames;

    private final Set<Integer> frontNumbers = new HashSet<>();
    private final Set<Integer> candidateNumbers = new HashSet<>();

    ReportFacts(TuningResult result) {
        this.result = result;
        this.objectives = result.objectives();
        this.trials = result.trials();
        this.full = trials.stream().filter(TrialOutcome::isFull).toList();
        this.screenedOnly = trials.stream().filter(t -> !t.isFull()).toList();
        this.infeasible = trials.stream().filter(t -> !t.feasible()).toList();
        this.failed = result.failedTrials().stream()
                .sorted(java.util.Comparator.comparingInt(FailedTrial::number))
                .toList();
        this.front = objectives.isEmpty() ? List.of() : result.front();
        this.chosen = result.best();
        this.chosenByPolicy = new EnumMap<>(SelectionPolicy.class);
        for (SelectionPolicy policy : SelectionPolicy.values()) {
            chosenByPolicy.put(policy, result.best(policy));
        }
        this.bestByObjective = new LinkedHashMap<>();
        for (Objective objective : objectives) {
            bestByObjective.put(objective, result.bestBy(objective.name()));
        }
        front.forEach(t -> frontNumbers.add(t.number()));
        result.candidates().forEach(t -> candidateNumbers.add(t.number()));
        this.variableNames = variableNames(result);
    }

    private static List<String> variableNames(TuningResult result) {
        Set<String> names = new LinkedHashSet<>(result.space().names());
        Set<String> others = new TreeSet<>();
        for (TrialOutcome trial : result.trials()) {
            others.addAll(trial.configuration().names());
        }
        for (FailedTrial trial : result.failedTrials()) {
            others.addAll(trial.configuration().names());
        }
        others.removeAll(names);
        names.addAll(others);
        return List.copyOf(names);
    }

    /** Whether a trial is on the Pareto front. */
    boolean onFront(TrialOutcome trial) {
        return frontNumbers.contains(trial.number());
    }

    /** Whether a trial is the one the result's own policy picks. */
    boolean isChosen(TrialOutcome trial) {
        return chosen.isPresent() && chosen.get().number() == trial.number();
    }

    /** Whether selection considers a trial (so it has a meaningful weighted score). */
    boolean isCandidate(TrialOutcome trial) {
        return candidateNumbers.contains(trial.number());
    }

    /** The weighted score of a candidate, or empty for a trial selection does not consider. */
    Optional<Double> weightedScore(TrialOutcome trial) {
        return isCandidate(trial) && !objectives.isEmpty()
                ? Optional.of(result.weightedScore(trial))
                : Optional.empty();
    }

    /** The first objective, the one the charts put on their y axis. */
    Optional<Objective> primary() {
        return objectives.isEmpty() ? Optional.empty() : Optional.of(objectives.get(0));
    }

    /** The space's declaration of a column's variable, if the space declares it. */
    Optional<Variable> variable(String name) {
        return result.space().variable(name);
    }

    /** A configuration's value of a column, or empty when the configuration leaves it out. */
    static Optional<Object> valueOf(Configuration configuration, String name) {
        return Optional.ofNullable(configuration.get(name));
    }

    /** The summary's header lines, in order. */
    List<Fact> facts() {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Study", result.studyName()));
        String strategy = result.strategy().name();
        facts.add(new Fact(
                "Strategy",
                result.strategyReason().isBlank()
                        ? strategy
                        : strategy + " \u2014 " + Formats.oneLine(result.strategyReason())));
        facts.add(new Fact("Trials", trialCounts()));
        facts.add(new Fact(
                "Stopped", result.stopReason().isBlank() ? "(no reason given)" : Formats.oneLine(result.stopReason())));
        long calls = result.spentCalls();
        String spentCalls = calls == 0
                ? "no model calls"
                : String.format(Locale.ROOT, "%,d model call%s", calls, calls == 1 ? "" : "s");
        facts.add(new Fact(
                "Spent",
                spentCalls + ", " + Formats.usd(result.spentUsd()) + "; wall time "
                        + Formats.duration(result.wallTime())));
        facts.add(new Fact(
                "Objectives",
                objectives.isEmpty()
                        ? "(none)"
                        : String.join(
                                "; ", objectives.stream().map(Formats::describe).toList())));
        facts.add(new Fact("Constraints", constraints(result.constraints())));
        facts.add(new Fact(
                "Policy",
                result.policy().name()
                        + chosen.map(t -> " picks trial " + t.number())
                                .orElse(" picks nothing: no feasible fully evaluated trial")));
        return facts;
    }

    private String trialCounts() {
        StringBuilder text = new StringBuilder();
        text.append(Formats.count(trials.size(), "trial"))
                .append(" finished (")
                .append(full.size())
                .append(" full, ")
                .append(screenedOnly.size())
                .append(" screened only), ")
                .append(failed.size())
                .append(" failed, ")
                .append(infeasible.size())
                .append(" infeasible");
        long earlier = trials.stream().filter(TrialOutcome::fromEarlierRun).count();
        if (earlier > 0) {
            text.append("; ").append(earlier).append(" from earlier runs or other workers");
        }
        return text.toString();
    }

    /** The constraints in words, or {@code none}. */
    static String constraints(Constraints constraints) {
        List<String> limits = new ArrayList<>();
        if (!Double.isInfinite(constraints.maxCostPerCallUsd())) {
            limits.add("cost per call \u2264 " + Formats.usd(constraints.maxCostPerCallUsd()));
        }
        if (!Double.isInfinite(constraints.maxLatencyP95Ms())) {
            limits.add("p95 latency \u2264 " + Formats.withUnit(constraints.maxLatencyP95Ms(), "ms"));
        }
        if (!Double.isInfinite(constraints.minAccuracy())) {
            limits.add("accuracy \u2265 " + Formats.number(constraints.minAccuracy()));
        }
        return limits.isEmpty() ? "none" : String.join("; ", limits);
    }

    /** An infeasible trial's first violation, with how many more there are. */
    static String firstViolation(TrialOutcome trial) {
        List<String> violations = trial.violations();
        if (violations.isEmpty()) {
            return "";
        }
        String first = Formats.oneLine(violations.get(0));
        return violations.size() == 1 ? first : first + " (+" + (violations.size() - 1) + " more)";
    }

    /** Which trials this one is, in words: {@code full}, {@code screened only}. */
    static String stage(TrialOutcome trial) {
        return trial.isFull() ? "full" : "screened only";
    }
}
