package dev.dspj.variable.report;

import dev.dspj.variable.objective.Direction;
import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.tune.TrialOutcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The Pareto front scatter plot: every trial at (cost per call, first objective), the front
 * highlighted and joined by a line and by its staircase, the chosen trial ringed.
 *
 * <p>The x axis is the cost objective when the search has one; otherwise its second objective;
 * with a single objective, the measured cost per call (which is then not an objective).
 */
final class FrontChart {

    static final int WIDTH = 760;
    static final int HEIGHT = 440;

    private final ReportFacts facts;
    private final Objective yObjective;
    private final Optional<Objective> xObjective;

    private FrontChart(ReportFacts facts) {
        this.facts = facts;
        this.yObjective = facts.objectives.get(0);
        this.xObjective = facts.objectives.stream()
                .skip(1)
                .filter(o -> o.name().equals(Objective.COST))
                .findFirst()
                .or(() -> facts.objectives.stream().skip(1).findFirst());
    }

    /** The chart's SVG markup. */
    static String render(ReportFacts facts) {
        if (facts.objectives.isEmpty() || facts.trials.isEmpty()) {
            return Placeholder.svg(
                    "chart front",
                    "Pareto front",
                    WIDTH,
                    120,
                    facts.objectives.isEmpty() ? "The search has no objectives." : "No trial finished.");
        }
        return new FrontChart(facts).draw();
    }

    /** What the x axis shows, in words, for the caption. */
    static String xDescription(ReportFacts facts) {
        if (facts.objectives.isEmpty()) {
            return "";
        }
        FrontChart chart = new FrontChart(facts);
        return chart.xTitle();
    }

    private double xOf(TrialOutcome trial) {
        return xObjective
                .map(o -> trial.value(o.name()))
                .orElse(trial.measurement().costPerCall());
    }

    private double yOf(TrialOutcome trial) {
        return trial.value(yObjective.name());
    }

    private String xTitle() {
        return xObjective.map(Formats::axisTitle).orElse("cost per call ($), measured, not an objective");
    }

    private Direction xDirection() {
        return xObjective.map(Objective::direction).orElse(Direction.MINIMIZE);
    }

    private String draw() {
        List<TrialOutcome> trials = facts.trials;
        double xMin = trials.stream().mapToDouble(this::xOf).min().orElse(0);
        double xMax = trials.stream().mapToDouble(this::xOf).max().orElse(1);
        String xUnit = xObjective.map(Objective::unit).orElse("$");
        Axis x = Axis.wantsLog(xMin, xMax) ? Axis.log(xMin, xMax, xUnit) : Axis.linear(xMin, xMax, xUnit, 6);
        Axis y = Axis.linear(
                trials.stream().mapToDouble(this::yOf).min().orElse(0),
                trials.stream().mapToDouble(this::yOf).max().orElse(1),
                yObjective.unit(),
                6);
        Svg svg = new Svg(
                WIDTH, HEIGHT, "front", "Pareto front: " + Formats.objectiveLabel(yObjective) + " against " + xTitle());
        Plot plot = new Plot(svg, WIDTH, HEIGHT, 72, 40, 24, 52, x, y);
        plot.axes(xTitle() + (x.isLog() ? " (log scale)" : ""), Formats.axisTitle(yObjective));

        List<TrialOutcome> front = new ArrayList<>(facts.front);
        front.sort(Comparator.comparingDouble(this::xOf).thenComparingDouble(this::yOf));
        if (!front.isEmpty()) {
            svg.path(staircase(plot, front), "front-step", null);
            List<double[]> points = new ArrayList<>();
            for (TrialOutcome trial : front) {
                points.add(new double[] {plot.px(xOf(trial)), plot.py(yOf(trial))});
            }
            svg.polyline(points, "front-line", "Pareto front: " + Formats.count(front.size(), "trial"));
            if (Formats.isAccuracy(yObjective)) {
                for (TrialOutcome trial : front) {
                    double column = plot.px(xOf(trial));
                    double low = Math.max(y.low(), trial.measurement().accuracyLow());
                    double high = Math.min(y.high(), trial.measurement().accuracyHigh());
                    svg.line(column, plot.py(low), column, plot.py(high), "interval");
                }
            }
        }
        // screened trials first, so the full ones and the front are drawn over them
        List<TrialOutcome> order = new ArrayList<>(trials);
        order.sort(Comparator.comparingInt((TrialOutcome t) -> (t.isFull() ? 1 : 0) + (facts.onFront(t) ? 2 : 0))
                .thenComparingInt(TrialOutcome::number));
        for (TrialOutcome trial : order) {
            TrialMarks.dot(plot, facts, trial, plot.px(xOf(trial)), plot.py(yOf(trial)));
        }
        labelFront(plot, front);
        facts.chosen.ifPresent(trial -> svg.circle(
                plot.px(xOf(trial)),
                plot.py(yOf(trial)),
                9,
                "ring",
                "chosen by " + facts.result.policy().name() + ": trial #" + trial.number()));
        plot.legend(legend());
        return svg.finish();
    }

    /**
     * Labels front points with their trial number, the chosen one first, skipping a label that
     * would overlap one already placed (every point still names its trial on hover).
     */
    private void labelFront(Plot plot, List<TrialOutcome> front) {
        List<TrialOutcome> order = new ArrayList<>(front);
        order.sort(Comparator.comparingInt((TrialOutcome t) -> facts.isChosen(t) ? 0 : 1));
        List<double[]> placed = new ArrayList<>();
        for (TrialOutcome trial : order) {
            String label = "#" + trial.number();
            double column = plot.px(xOf(trial)) + (facts.isChosen(trial) ? 11 : 7);
            double row = plot.py(yOf(trial)) - (facts.isChosen(trial) ? 9 : 6);
            double width = label.length() * 6.0;
            boolean overlaps = placed.stream()
                    .anyMatch(
                            box -> column < box[0] + box[2] && box[0] < column + width && Math.abs(row - box[1]) < 11);
            if (!overlaps) {
                plot.svg.text(column, row, label, "point-label", "start");
                placed.add(new double[] {column, row, width});
            }
        }
    }

    /**
     * The front's staircase: from each front point to the next through the corner that is worse
     * on both axes, the edge of the region the front dominates.
     */
    private String staircase(Plot plot, List<TrialOutcome> front) {
        boolean xMinimized = xDirection() == Direction.MINIMIZE;
        boolean yMinimized = yObjective.direction() == Direction.MINIMIZE;
        StringBuilder path = new StringBuilder();
        TrialOutcome previous = null;
        for (TrialOutcome trial : front) {
            double column = plot.px(xOf(trial));
            double row = plot.py(yOf(trial));
            if (previous == null) {
                path.append('M').append(Svg.coordinate(column)).append(',').append(Svg.coordinate(row));
            } else {
                double cornerX = xMinimized ? Math.max(xOf(previous), xOf(trial)) : Math.min(xOf(previous), xOf(trial));
                double cornerY = yMinimized ? Math.max(yOf(previous), yOf(trial)) : Math.min(yOf(previous), yOf(trial));
                path.append('L')
                        .append(Svg.coordinate(plot.px(cornerX)))
                        .append(',')
                        .append(Svg.coordinate(plot.py(cornerY)));
                path.append('L').append(Svg.coordinate(column)).append(',').append(Svg.coordinate(row));
            }
            previous = trial;
        }
        return path.toString();
    }

    private List<Plot.LegendEntry> legend() {
        List<Plot.LegendEntry> entries = new ArrayList<>();
        entries.add(new Plot.LegendEntry(Plot.Symbol.DOT, "fully evaluated"));
        if (!facts.screenedOnly.isEmpty()) {
            entries.add(new Plot.LegendEntry(Plot.Symbol.HOLLOW_DOT, "screened only"));
        }
        if (!facts.infeasible.isEmpty()) {
            entries.add(new Plot.LegendEntry(Plot.Symbol.GREY_DOT, "infeasible"));
        }
        if (!facts.front.isEmpty()) {
            entries.add(new Plot.LegendEntry(Plot.Symbol.FRONT_DOT, "Pareto front"));
        }
        if (facts.chosen.isPresent()) {
            entries.add(new Plot.LegendEntry(
                    Plot.Symbol.RING, "chosen (" + facts.result.policy().name() + ")"));
        }
        if (!facts.front.isEmpty() && Formats.isAccuracy(yObjective)) {
            entries.add(new Plot.LegendEntry(Plot.Symbol.INTERVAL, "95% interval"));
        }
        return entries;
    }
}
