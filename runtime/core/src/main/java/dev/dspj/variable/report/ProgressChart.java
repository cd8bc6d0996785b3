package dev.dspj.variable.report;

import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.tune.FailedTrial;
import dev.dspj.variable.tune.TrialOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The score over trials: each trial's first objective by trial number, the best value so far
 * among the trials selection considers, the weighted score on a right-hand axis (with two or
 * more objectives), and failed trials marked along the bottom.
 */
final class ProgressChart {

    static final int WIDTH = 760;
    static final int HEIGHT = 360;

    private ProgressChart() {}

    /** The chart's SVG markup. */
    static String render(ReportFacts facts) {
        if (facts.objectives.isEmpty() || (facts.trials.isEmpty() && facts.failed.isEmpty())) {
            return Placeholder.svg(
                    "chart progress",
                    "Score over trials",
                    WIDTH,
                    120,
                    facts.objectives.isEmpty() ? "The search has no objectives." : "No trial finished.");
        }
        Objective primary = facts.objectives.get(0);
        IntStream numbers = IntStream.concat(
                facts.trials.stream().mapToInt(TrialOutcome::number),
                facts.failed.stream().mapToInt(FailedTrial::number));
        int[] all = numbers.toArray();
        Axis x = Axis.integral(
                IntStream.of(all).min().orElse(0), IntStream.of(all).max().orElse(1), "", 10);
        Axis y = Axis.linear(
                facts.trials.stream()
                        .mapToDouble(t -> t.value(primary.name()))
                        .min()
                        .orElse(0),
                facts.trials.stream()
                        .mapToDouble(t -> t.value(primary.name()))
                        .max()
                        .orElse(1),
                primary.unit(),
                6);
        boolean showScore =
                facts.objectives.size() > 1 && !facts.result.candidates().isEmpty();
        Svg svg = new Svg(WIDTH, HEIGHT, "progress", Formats.objectiveLabel(primary) + " over trials");
        Plot plot = new Plot(svg, WIDTH, HEIGHT, 72, 40, showScore ? 60 : 24, 52, x, y);
        plot.axes("trial number", Formats.axisTitle(primary));
        Axis scoreAxis = Axis.linear(0, 1, "", 6);
        if (showScore) {
            plot.rightAxis(scoreAxis, "weighted score", WIDTH);
            for (TrialOutcome trial : facts.result.candidates()) {
                double score = facts.result.weightedScore(trial);
                svg.rect(
                        plot.px(trial.number()) - 3,
                        plot.py(scoreAxis, score) - 3,
                        6,
                        6,
                        "score",
                        "trial #" + trial.number() + " weighted score " + Formats.withUnit(score, ""));
            }
        }
        List<double[]> best = bestSoFar(facts, primary, plot);
        if (!best.isEmpty()) {
            svg.polyline(best, "best-so-far", "best " + primary.name() + " so far (feasible, fully evaluated)");
        }
        for (TrialOutcome trial : facts.trials) {
            TrialMarks.dot(plot, facts, trial, plot.px(trial.number()), plot.py(trial.value(primary.name())));
        }
        for (FailedTrial trial : facts.failed) {
            svg.cross(
                    plot.px(trial.number()),
                    plot.bottom() - 7,
                    4,
                    "failed-mark",
                    "trial #" + trial.number() + " failed: " + trial.error());
        }
        List<Plot.LegendEntry> legend = new ArrayList<>();
        legend.add(new Plot.LegendEntry(Plot.Symbol.DOT, primary.name()));
        if (!facts.screenedOnly.isEmpty()) {
            legend.add(new Plot.LegendEntry(Plot.Symbol.HOLLOW_DOT, "screened only"));
        }
        if (!facts.infeasible.isEmpty()) {
            legend.add(new Plot.LegendEntry(Plot.Symbol.GREY_DOT, "infeasible"));
        }
        legend.add(new Plot.LegendEntry(Plot.Symbol.BEST_LINE, "best so far"));
        if (showScore) {
            legend.add(new Plot.LegendEntry(Plot.Symbol.SCORE, "weighted score (right axis)"));
        }
        if (!facts.failed.isEmpty()) {
            legend.add(new Plot.LegendEntry(Plot.Symbol.FAILED, "failed"));
        }
        plot.legend(legend);
        return svg.finish();
    }

    /**
     * The best-so-far line as a staircase: flat until a trial improves on the best, then a step
     * to the new best, on to the last trial.
     */
    private static List<double[]> bestSoFar(ReportFacts facts, Objective primary, Plot plot) {
        List<double[]> points = new ArrayList<>();
        Double best = null;
        for (TrialOutcome trial : facts.trials) {
            if (!trial.feasible() || !facts.isCandidate(trial)) {
                continue;
            }
            double value = trial.value(primary.name());
            if (best == null
                    || primary.direction().oriented(value) > primary.direction().oriented(best)) {
                if (best != null) {
                    points.add(new double[] {plot.px(trial.number()), plot.py(best)});
                }
                points.add(new double[] {plot.px(trial.number()), plot.py(value)});
                best = value;
            }
        }
        int last = facts.trials.isEmpty()
                ? 0
                : facts.trials.get(facts.trials.size() - 1).number();
        if (best != null && plot.px(last) > points.get(points.size() - 1)[0]) {
            points.add(new double[] {plot.px(last), plot.py(best)});
        }
        return points;
    }
}
