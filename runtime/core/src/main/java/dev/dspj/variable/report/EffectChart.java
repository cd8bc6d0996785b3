package dev.dspj.variable.report;

import dev.dspj.variable.Variable;
import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.tune.TrialOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One variable's effect on the first objective, over every finished trial (screened ones on
 * their minibatch): for a choice or boolean, a bar per value at the mean with each trial as a
 * dot and the count under it; for a number, a scatter of value against the objective.
 */
final class EffectChart {

    static final int WIDTH = 360;
    static final int HEIGHT = 250;

    /** The category of the trials that leave a conditional variable out. */
    static final String INACTIVE = "inactive";

    private static final double CHARACTER_WIDTH = 6.2;
    /** The narrowest slot whose label line also shows the mean (otherwise it is on hover only). */
    private static final double MEAN_LABEL_SLOT = 84;

    private final ReportFacts facts;
    private final String name;
    private final Optional<Variable> variable;
    private final Objective primary;

    private EffectChart(ReportFacts facts, String name, Objective primary) {
        this.facts = facts;
        this.name = name;
        this.variable = facts.variable(name);
        this.primary = primary;
    }

    /** The chart of one variable (a column of the report) as SVG markup. */
    static String render(ReportFacts facts, String name) {
        String label = "Effect of " + name;
        if (facts.objectives.isEmpty()) {
            return Placeholder.svg("effect", label, WIDTH, HEIGHT, "The search has no objectives.");
        }
        if (facts.trials.isEmpty()) {
            return Placeholder.svg("effect", label, WIDTH, HEIGHT, "No trial finished.");
        }
        return new EffectChart(facts, name, facts.objectives.get(0)).draw(label);
    }

    /** Whether the chart of a variable shows bars (a choice or boolean, or an undeclared name with text values). */
    static boolean categorical(ReportFacts facts, String name) {
        Optional<Variable> declared = facts.variable(name);
        if (declared.isPresent()) {
            return declared.get().kind() == Variable.Kind.CHOICE
                    || declared.get().kind() == Variable.Kind.BOOLEAN;
        }
        return facts.trials.stream()
                .map(t -> t.configuration().get(name))
                .anyMatch(v -> v != null && !(v instanceof Number));
    }

    private String draw(String label) {
        Svg svg = new Svg(WIDTH, HEIGHT, "effect", label + " on " + primary.name());
        if (categorical(facts, name)) {
            bars(svg);
        } else {
            scatter(svg);
        }
        return svg.finish();
    }

    private double valueOf(TrialOutcome trial) {
        return trial.value(primary.name());
    }

    /** The trials with one value of the variable, or those that leave it out. */
    private record Group(String label, boolean inactive, List<TrialOutcome> members) {}

    private List<Group> groups() {
        Map<String, List<TrialOutcome>> byValue = new LinkedHashMap<>();
        variable.ifPresent(v -> v.choices().forEach(choice -> byValue.put(choice, new ArrayList<>())));
        List<TrialOutcome> inactive = new ArrayList<>();
        for (TrialOutcome trial : facts.trials) {
            Object value = trial.configuration().get(name);
            if (value == null) {
                inactive.add(trial);
            } else {
                byValue.computeIfAbsent(value.toString(), key -> new ArrayList<>())
                        .add(trial);
            }
        }
        List<Group> groups = new ArrayList<>();
        byValue.forEach((value, members) -> groups.add(new Group(Formats.oneLine(value), false, members)));
        if (!inactive.isEmpty()) {
            groups.add(new Group(Formats.ABSENT + " " + INACTIVE, true, inactive));
        }
        return groups;
    }

    private void bars(Svg svg) {
        List<Group> groups = groups();
        double low = Math.min(
                0, facts.trials.stream().mapToDouble(this::valueOf).min().orElse(0));
        double high = Math.max(
                0, facts.trials.stream().mapToDouble(this::valueOf).max().orElse(1));
        Axis y = Axis.linear(low, high, primary.unit(), 5);
        Plot plot = new Plot(svg, WIDTH, HEIGHT, 58, 14, 10, 52, null, y);
        plot.axes("", Formats.objectiveLabel(primary));
        double slot = plot.width / Math.max(1, groups.size());
        double barWidth = Math.min(56, slot * 0.62);
        int labelLength = (int) Math.max(4, slot / CHARACTER_WIDTH);
        double baseline = plot.py(Math.max(y.low(), Math.min(y.high(), 0)));
        for (int index = 0; index < groups.size(); index++) {
            Group group = groups.get(index);
            double center = plot.left + slot * (index + 0.5);
            if (group.members().isEmpty()) {
                svg.text(center, plot.bottom() - 8, "not tried", "note", "middle");
            } else {
                double mean = group.members().stream()
                        .mapToDouble(this::valueOf)
                        .average()
                        .orElse(0);
                double top = plot.py(mean);
                svg.rect(
                        center - barWidth / 2,
                        Math.min(top, baseline),
                        barWidth,
                        Math.abs(baseline - top),
                        group.inactive() ? "bar inactive" : "bar",
                        name + " = " + group.label() + ": mean " + primary.name() + " "
                                + Formats.withUnit(mean, primary.unit()) + " over "
                                + Formats.count(group.members().size(), "trial"));
                for (TrialOutcome trial : group.members()) {
                    TrialMarks.dot(
                            plot, facts, trial, center + jitter(trial) * barWidth * 0.7, plot.py(valueOf(trial)), 3);
                }
            }
            svg.titledText(
                    center,
                    plot.bottom() + 16,
                    Formats.truncate(group.label(), labelLength),
                    group.label(),
                    "category",
                    "middle");
            String count = "n=" + group.members().size();
            if (!group.members().isEmpty() && slot >= MEAN_LABEL_SLOT) {
                count += " \u00b7 "
                        + Formats.withUnit(
                                group.members().stream()
                                        .mapToDouble(this::valueOf)
                                        .average()
                                        .orElse(0),
                                primary.unit());
            }
            svg.text(center, plot.bottom() + 31, count, "count", "middle");
        }
    }

    private void scatter(Svg svg) {
        List<TrialOutcome> present = new ArrayList<>();
        int inactive = 0;
        for (TrialOutcome trial : facts.trials) {
            if (trial.configuration().get(name) instanceof Number) {
                present.add(trial);
            } else {
                inactive++;
            }
        }
        double dataMin = present.stream().mapToDouble(this::number).min().orElse(0);
        double dataMax = present.stream().mapToDouble(this::number).max().orElse(1);
        Axis x;
        if (variable.isPresent()) {
            Variable declared = variable.get();
            double min = Math.min(declared.min(), dataMin);
            double max = Math.max(declared.max(), dataMax);
            x = declared.kind() == Variable.Kind.INTEGER
                    ? Axis.integral(min, max, "", 5)
                    : declared.logScale() ? Axis.log(min, max, "") : Axis.linear(min, max, "", 5);
        } else {
            x = Axis.linear(dataMin, dataMax, "", 5);
        }
        Axis y = Axis.linear(
                facts.trials.stream().mapToDouble(this::valueOf).min().orElse(0),
                facts.trials.stream().mapToDouble(this::valueOf).max().orElse(1),
                primary.unit(),
                5);
        Plot plot = new Plot(svg, WIDTH, HEIGHT, 58, 14, 14, 52, x, y);
        plot.axes(
                name + (variable.map(Variable::logScale).orElse(false) ? " (log scale)" : ""),
                Formats.objectiveLabel(primary));
        for (TrialOutcome trial : present) {
            TrialMarks.dot(plot, facts, trial, plot.px(number(trial)), plot.py(valueOf(trial)), 3.5);
        }
        if (present.isEmpty()) {
            svg.text(plot.left + plot.width / 2, plot.top + plot.height / 2, "no trial set it", "note", "middle");
        }
        if (inactive > 0) {
            svg.text(plot.left + plot.width - 4, plot.top + 12, inactive + " inactive, not shown", "note", "end");
        }
    }

    private double number(TrialOutcome trial) {
        // only trials whose value is a number are plotted (see scatter)
        return ((Number) Objects.requireNonNull(trial.configuration().get(name), name)).doubleValue();
    }

    /** A fixed offset in [-0.5, 0.5) per trial, so a group's dots spread across the bar the same way every time. */
    private static double jitter(TrialOutcome trial) {
        double golden = trial.number() * 0.6180339887;
        return golden - Math.floor(golden) - 0.5;
    }
}
