package dev.dspj.variable.report;

import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.tune.TrialOutcome;
import java.util.ArrayList;
import java.util.List;

/** How every chart draws a trial: one dot whose classes say its stage and standing, with the trial's facts on hover. */
final class TrialMarks {

    /** The radius of a trial's dot. */
    static final double RADIUS = 4.5;

    private TrialMarks() {}

    /**
     * The dot's classes: {@code dot}, then {@code full} or {@code screen}, then {@code infeasible}
     * and {@code front} where they apply.
     */
    static String cssClass(ReportFacts facts, TrialOutcome trial) {
        List<String> classes = new ArrayList<>();
        classes.add("dot");
        classes.add(trial.isFull() ? "full" : "screen");
        if (!trial.feasible()) {
            classes.add("infeasible");
        }
        if (facts.onFront(trial)) {
            classes.add("front");
        }
        return String.join(" ", classes);
    }

    /** The hover text: the trial's number, standing, every objective and its configuration. */
    static String tooltip(ReportFacts facts, TrialOutcome trial) {
        List<String> standing = new ArrayList<>();
        standing.add(ReportFacts.stage(trial));
        if (facts.isChosen(trial)) {
            standing.add("chosen");
        } else if (facts.onFront(trial)) {
            standing.add("on the front");
        }
        StringBuilder text = new StringBuilder("trial #")
                .append(trial.number())
                .append(" (")
                .append(String.join(", ", standing))
                .append(")");
        if (!trial.feasible()) {
            text.append("\ninfeasible: ").append(String.join("; ", trial.violations()));
        }
        for (Objective objective : facts.objectives) {
            text.append('\n')
                    .append(objective.name())
                    .append(' ')
                    .append(Formats.objectiveWithInterval(objective, trial));
        }
        facts.weightedScore(trial)
                .ifPresent(score -> text.append("\nweighted score ").append(Formats.withUnit(score, "")));
        text.append('\n').append(Formats.configuration(trial.configuration()));
        return text.toString();
    }

    /** Draws the trial's dot at a point, with an × over it when the trial is infeasible. */
    static void dot(Plot plot, ReportFacts facts, TrialOutcome trial, double x, double y) {
        dot(plot, facts, trial, x, y, RADIUS);
    }

    /** Draws the trial's dot with a given radius (smaller in the small charts). */
    static void dot(Plot plot, ReportFacts facts, TrialOutcome trial, double x, double y, double radius) {
        plot.svg.circle(x, y, radius, cssClass(facts, trial), tooltip(facts, trial));
        if (!trial.feasible()) {
            plot.svg.cross(x, y, radius * 0.55, "cross", null);
        }
    }
}
