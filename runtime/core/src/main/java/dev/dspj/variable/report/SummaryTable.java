package dev.dspj.variable.report;

import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.objective.SelectionPolicy;
import dev.dspj.variable.tune.FailedTrial;
import dev.dspj.variable.tune.TrialOutcome;
import dev.dspj.variable.tune.TuningResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A variable search's result as plain monospace text, for a terminal or a log: how the search
 * ran and why it stopped, the best trial per objective, the configuration each
 * {@link SelectionPolicy} picks, the Pareto front with each objective (accuracy with its 95%
 * interval) and each variable's value, then every failed trial with its error and every
 * infeasible one with the constraint it breaks.
 *
 * <pre>{@code
 * TuningResult result = search.run().tuning();
 * System.out.println(SummaryTable.render(result));
 * }</pre>
 *
 * <p>Long values are cut with an ellipsis so lines stay readable; nothing else is styled (no
 * ANSI colours), so the text reads the same in a file.
 */
public final class SummaryTable {

    /** The widest a variable's value gets in the front table before it is cut. */
    public static final int MAX_VALUE_WIDTH = 20;
    /** The widest a column header (a variable's name) gets before its start is cut. */
    public static final int MAX_HEADER_WIDTH = 24;
    /** The widest an error, a violation or a configuration gets on its line before it is cut. */
    public static final int MAX_TEXT_WIDTH = 160;

    private static final String INDENT = "  ";

    private SummaryTable() {}

    /**
     * Renders a result as text.
     *
     * @param result the search's result
     * @return the text, lines ending with {@code \n}
     */
    public static String render(TuningResult result) {
        ReportFacts facts = new ReportFacts(result);
        StringBuilder out = new StringBuilder();
        out.append("Variable search '")
                .append(Formats.oneLine(result.studyName()))
                .append("'\n");
        header(out, facts);
        bestByObjective(out, facts);
        chosen(out, facts);
        front(out, facts);
        screenedOnly(out, facts);
        infeasible(out, facts);
        failed(out, facts);
        return out.toString();
    }

    private static void header(StringBuilder out, ReportFacts facts) {
        List<ReportFacts.Fact> lines =
                facts.facts().stream().filter(f -> !f.label().equals("Study")).toList();
        int width = lines.stream().mapToInt(f -> f.label().length()).max().orElse(0) + 1;
        for (ReportFacts.Fact fact : lines) {
            out.append(INDENT)
                    .append(pad(fact.label() + ":", width))
                    .append(' ')
                    .append(fact.value())
                    .append('\n');
        }
    }

    private static void bestByObjective(StringBuilder out, ReportFacts facts) {
        if (facts.objectives.isEmpty()) {
            return;
        }
        out.append("\nBest per objective (feasible, fully evaluated trials)\n");
        TextTable table = new TextTable(List.of("objective", "value", "trial"), new boolean[] {false, false, true});
        for (Map.Entry<Objective, Optional<TrialOutcome>> entry : facts.bestByObjective.entrySet()) {
            Objective objective = entry.getKey();
            table.row(entry.getValue()
                    .map(t -> List.of(objective.name(), Formats.objectiveWithInterval(objective, t), "#" + t.number()))
                    .orElse(List.of(objective.name(), "none feasible", Formats.ABSENT)));
        }
        out.append(table.render(INDENT));
    }

    private static void chosen(StringBuilder out, ReportFacts facts) {
        out.append("\nChosen configuration per selection policy (* = this search's policy, ")
                .append(facts.result.policy().name())
                .append(")\n");
        int width = 0;
        for (SelectionPolicy policy : SelectionPolicy.values()) {
            width = Math.max(width, policy.name().length());
        }
        for (SelectionPolicy policy : SelectionPolicy.values()) {
            Optional<TrialOutcome> pick =
                    Objects.requireNonNull(facts.chosenByPolicy.get(policy), "every policy has its pick");
            out.append(policy == facts.result.policy() ? "* " : INDENT)
                    .append(pad(policy.name(), width))
                    .append("  ");
            if (pick.isEmpty()) {
                out.append("none: no feasible fully evaluated trial\n");
                continue;
            }
            TrialOutcome trial = pick.get();
            String score = facts.weightedScore(trial)
                    .map(s -> " score " + Formats.withUnit(s, ""))
                    .orElse("");
            out.append(pad("#" + trial.number(), 5))
                    .append(score)
                    .append("  ")
                    .append(Formats.truncate(
                            Formats.configuration(trial.configuration(), MAX_VALUE_WIDTH), MAX_TEXT_WIDTH))
                    .append('\n');
        }
    }

    private static void front(StringBuilder out, ReportFacts facts) {
        if (facts.front.isEmpty()) {
            out.append("\nPareto front: empty (no feasible fully evaluated trial)\n");
            return;
        }
        out.append("\nPareto front (")
                .append(Formats.count(facts.front.size(), "trial"))
                .append("; * = chosen; best ")
                .append(facts.objectives.get(0).name())
                .append(" first)\n");
        List<String> headers = new ArrayList<>();
        List<Boolean> right = new ArrayList<>();
        headers.add("trial");
        right.add(true);
        for (Objective objective : facts.objectives) {
            headers.add(Formats.isAccuracy(objective) ? objective.name() + " [95% interval]" : objective.name());
            right.add(!Formats.isAccuracy(objective));
        }
        headers.add("score");
        right.add(true);
        headers.add("feasible");
        right.add(false);
        for (String name : facts.variableNames) {
            headers.add(Formats.truncateStart(name, MAX_HEADER_WIDTH));
            right.add(false);
        }
        boolean[] alignment = new boolean[right.size()];
        for (int i = 0; i < alignment.length; i++) {
            alignment[i] = right.get(i);
        }
        TextTable table = new TextTable(headers, alignment);
        for (TrialOutcome trial : facts.front) {
            List<String> row = new ArrayList<>();
            row.add((facts.isChosen(trial) ? "*" : "") + "#" + trial.number());
            for (Objective objective : facts.objectives) {
                row.add(Formats.objectiveWithInterval(objective, trial));
            }
            row.add(facts.weightedScore(trial).map(s -> Formats.withUnit(s, "")).orElse(Formats.ABSENT));
            row.add(trial.feasible() ? "yes" : "no");
            for (String name : facts.variableNames) {
                row.add(ReportFacts.valueOf(trial.configuration(), name)
                        .map(v -> Formats.truncate(Formats.value(v), MAX_VALUE_WIDTH))
                        .orElse(Formats.ABSENT));
            }
            table.row(row);
        }
        out.append(table.render(INDENT));
    }

    private static void screenedOnly(StringBuilder out, ReportFacts facts) {
        if (facts.screenedOnly.isEmpty()) {
            return;
        }
        out.append("\nScreened only (")
                .append(facts.screenedOnly.size())
                .append("; evaluated on the minibatch, never selected): ");
        out.append(String.join(
                        ", ",
                        facts.screenedOnly.stream().map(t -> "#" + t.number()).toList()))
                .append('\n');
    }

    private static void infeasible(StringBuilder out, ReportFacts facts) {
        if (facts.infeasible.isEmpty()) {
            return;
        }
        out.append("\nInfeasible (").append(facts.infeasible.size()).append("; first violated constraint)\n");
        for (TrialOutcome trial : facts.infeasible) {
            out.append(INDENT)
                    .append(pad("#" + trial.number(), 5))
                    .append(' ')
                    .append(pad(ReportFacts.stage(trial), 13))
                    .append(' ')
                    .append(Formats.truncate(ReportFacts.firstViolation(trial), MAX_TEXT_WIDTH))
                    .append('\n');
        }
    }

    private static void failed(StringBuilder out, ReportFacts facts) {
        if (facts.failed.isEmpty()) {
            return;
        }
        out.append("\nFailed (").append(facts.failed.size()).append(")\n");
        for (FailedTrial trial : facts.failed) {
            out.append(INDENT)
                    .append(pad("#" + trial.number(), 5))
                    .append(' ')
                    .append(Formats.truncate(
                            Formats.configuration(trial.configuration(), MAX_VALUE_WIDTH), MAX_TEXT_WIDTH))
                    .append('\n');
            String error = Formats.oneLine(trial.error());
            out.append(INDENT)
                    .append("      error: ")
                    .append(Formats.truncate(error.isEmpty() ? "(no message)" : error, MAX_TEXT_WIDTH))
                    .append('\n');
        }
    }

    private static String pad(String text, int width) {
        int length = text.codePointCount(0, text.length());
        return length >= width ? text : text + " ".repeat(width - length);
    }
}
