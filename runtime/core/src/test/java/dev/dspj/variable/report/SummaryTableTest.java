package dev.dspj.variable.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.variable.Configuration;
import dev.dspj.variable.objective.SelectionPolicy;
import dev.dspj.variable.tune.FailedTrial;
import dev.dspj.variable.tune.TrialOutcome;
import dev.dspj.variable.tune.TuningResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SummaryTableTest {

    private static final TuningResult RESULT = SampleResults.search();
    private static final String TEXT = SummaryTable.render(RESULT);

    @Test
    void theFrontTableListsEveryFrontTrialAndNoOther() {
        List<String> rows = section("Pareto front (");
        Set<Integer> listed = new TreeSet<>();
        Pattern trialCell = Pattern.compile("^\\s+\\*?#(\\d+)\\s");
        for (String row : rows) {
            Matcher matcher = trialCell.matcher(row);
            if (matcher.find()) {
                listed.add(Integer.parseInt(matcher.group(1)));
            }
        }
        Set<Integer> front =
                RESULT.front().stream().map(TrialOutcome::number).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(front.size() >= 3, "the sample should have a real front, got " + front);
        assertEquals(front, listed);
    }

    @Test
    void theChosenTrialIsMarkedOnTheFrontAndUnderItsPolicy() {
        TrialOutcome chosen = RESULT.best().orElseThrow();
        assertTrue(
                section("Pareto front (").stream()
                        .anyMatch(row -> row.strip().startsWith("*#" + chosen.number() + " ")),
                "the chosen trial is starred in the front table:\n" + TEXT);
        String ownPolicy = lines().stream()
                .filter(l -> l.startsWith("* BALANCED"))
                .findFirst()
                .orElseThrow();
        assertTrue(ownPolicy.contains("#" + chosen.number() + " "), ownPolicy);
        for (SelectionPolicy policy : SelectionPolicy.values()) {
            String line = lines().stream()
                    .filter(l -> l.length() > 2 && l.substring(2).startsWith(policy.name() + " "))
                    .findFirst()
                    .orElseThrow();
            assertTrue(line.contains("#" + RESULT.best(policy).orElseThrow().number() + " "), line);
        }
    }

    @Test
    void theFrontShowsEachObjectiveWithItsUnitAndTheAccuracyInterval() {
        TrialOutcome chosen = RESULT.best().orElseThrow();
        String row = section("Pareto front (").stream()
                .filter(r -> r.strip().startsWith("*#"))
                .findFirst()
                .orElseThrow();
        String interval = String.format(
                java.util.Locale.ROOT,
                "%.3f [%.3f, %.3f]",
                chosen.measurement().accuracy(),
                chosen.measurement().accuracyLow(),
                chosen.measurement().accuracyHigh());
        assertTrue(row.contains(interval), row);
        assertTrue(row.contains(Formats.usd(chosen.measurement().costPerCall())), row);
        assertTrue(row.contains(" ms"), row);
        String header = section("Pareto front (").get(0);
        for (String variable : SampleResults.SPACE.names()) {
            assertTrue(header.contains(variable), header);
        }
    }

    @Test
    void anInactiveVariableShowsADash() {
        TrialOutcome withoutHops = RESULT.front().stream()
                .filter(t -> !t.configuration().has("hops"))
                .findFirst()
                .orElseThrow();
        String row = section("Pareto front (").stream()
                .filter(r -> r.strip().matches("\\*?#" + withoutHops.number() + " .*"))
                .findFirst()
                .orElseThrow();
        assertTrue(row.contains(" \u2014 "), row);
    }

    @Test
    void theHeaderGivesStrategyCountsSpendingAndTheStopReason() {
        assertTrue(TEXT.startsWith("Variable search 'qa-search'\n"), TEXT);
        assertTrue(TEXT.contains("Strategy:    TPE \u2014 3 objectives"), TEXT);
        long screened = RESULT.trials().stream().filter(t -> !t.isFull()).count();
        long infeasible = RESULT.trials().stream().filter(t -> !t.feasible()).count();
        assertTrue(infeasible > 0, "the sample should have infeasible trials");
        assertTrue(
                TEXT.contains("40 trials finished (" + (40 - screened) + " full, " + screened
                        + " screened only), 3 failed, " + infeasible + " infeasible"),
                TEXT);
        assertTrue(TEXT.contains("Stopped:     " + SampleResults.STOP_REASON), TEXT);
        assertTrue(TEXT.contains(String.format(java.util.Locale.ROOT, "%,d model calls, ", RESULT.spentCalls())), TEXT);
        assertTrue(TEXT.contains("wall time 12 min 34 s"), TEXT);
    }

    @Test
    void failedTrialsAreListedWithTheirErrorOnOneLine() {
        List<String> failedSection = section("Failed (3)");
        for (FailedTrial failed : RESULT.failedTrials()) {
            assertTrue(
                    failedSection.stream().anyMatch(l -> l.strip().startsWith("#" + failed.number() + " ")),
                    "trial " + failed.number() + " is listed:\n" + String.join("\n", failedSection));
        }
        assertTrue(TEXT.contains("error: LmTimeoutException: sim-large did not answer within 30 s"), TEXT);
        assertTrue(
                TEXT.contains(
                        "error: IllegalStateException: adapter <xml> produced <script>alert(\"x\")</script> & gave up"
                                + " at dev.dspj.adapter.XmlAdapter.parse(XmlAdapter.java:88)[0m"),
                TEXT);
        assertFalse(TEXT.contains("\u001b"), "no escape characters reach the terminal");
        assertFalse(TEXT.contains("\t"), "no tabs");
    }

    @Test
    void everyInfeasibleTrialIsCountedWithItsFirstViolation() {
        List<TrialOutcome> infeasible =
                RESULT.trials().stream().filter(t -> !t.feasible()).toList();
        List<String> rows = section("Infeasible (" + infeasible.size() + ";");
        assertEquals(infeasible.size(), rows.size(), String.join("\n", rows));
        for (TrialOutcome trial : infeasible) {
            assertTrue(
                    rows.stream()
                            .anyMatch(r -> r.strip().startsWith("#" + trial.number() + " ")
                                    && r.contains(trial.violations().get(0))),
                    "trial " + trial.number() + ":\n" + String.join("\n", rows));
        }
    }

    @Test
    void screenedOnlyTrialsAreNamed() {
        long screened = RESULT.trials().stream().filter(t -> !t.isFull()).count();
        assertTrue(screened > 0, "the sample should have screened-only trials");
        String line = lines().stream()
                .filter(l -> l.startsWith("Screened only (" + screened + ";"))
                .findFirst()
                .orElseThrow();
        for (TrialOutcome trial : RESULT.trials()) {
            assertEquals(
                    !trial.isFull(),
                    Arrays.asList(line.substring(line.indexOf("): ") + 3).split(", "))
                            .contains("#" + trial.number()),
                    line);
        }
    }

    @Test
    void longValuesAreCutWithAnEllipsis() {
        String longValue = "x".repeat(100);
        TuningResult result = SampleResults.withAdapterValues(List.of("chat", longValue));
        String text = SummaryTable.render(result);
        assertFalse(text.contains(longValue), text);
        assertTrue(text.contains("x".repeat(SummaryTable.MAX_VALUE_WIDTH - 1) + "\u2026"), text);
        for (String line : text.split("\n", -1)) {
            assertTrue(line.length() <= 200, "line of " + line.length() + ": " + line);
        }
    }

    @Test
    void aSearchWithoutFinishedTrialsSaysSoAndStillListsItsFailures() {
        String text = SummaryTable.render(SampleResults.allFailed());
        assertTrue(text.contains("0 trials finished (0 full, 0 screened only), 2 failed, 0 infeasible"), text);
        assertTrue(text.contains("Pareto front: empty (no feasible fully evaluated trial)"), text);
        assertTrue(text.contains("* ACCURACY_FIRST                none: no feasible fully evaluated trial"), text);
        assertTrue(text.contains("error: boom\n"), text);
        assertTrue(text.contains("error: boom again\n"), text);
        assertTrue(text.contains("3 trials failed in a row; the last: boom again"), text);
    }

    @Test
    void theTextIsTheSameInAnyDefaultLocale() {
        java.util.Locale saved = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            assertEquals(TEXT, SummaryTable.render(RESULT));
        } finally {
            java.util.Locale.setDefault(saved);
        }
    }

    @Test
    void configurationsWithNoVariablesAreShownAsSuch() {
        TuningResult result = new TuningResult(
                "empty-space",
                dev.dspj.variable.VariableSpace.empty(),
                SampleResults.OBJECTIVES,
                SampleResults.CONSTRAINTS,
                SelectionPolicy.BALANCED,
                dev.dspj.variable.search.SearchStrategy.GRID,
                "",
                List.of(SampleResults.trial(
                        0, Configuration.empty(), TrialOutcome.FULL, SampleResults.measurement(10, 0.5, 0.0001, 100))),
                List.of(),
                "done",
                java.time.Duration.ZERO);
        String text = SummaryTable.render(result);
        String line =
                text.lines().filter(l -> l.startsWith("* BALANCED")).findFirst().orElseThrow();
        assertTrue(line.matches("\\* BALANCED +#0 +score [0-9.]+  \\(no variables\\)"), line);
    }

    private static List<String> lines() {
        return List.of(TEXT.split("\n"));
    }

    /** The lines of the section whose title starts with {@code title}, up to the next blank line, title left out. */
    private static List<String> section(String title) {
        List<String> rows = new ArrayList<>();
        boolean inside = false;
        for (String line : lines()) {
            if (line.startsWith(title)) {
                inside = true;
                continue;
            }
            if (inside && line.isBlank()) {
                break;
            }
            if (inside) {
                rows.add(line);
            }
        }
        assertFalse(rows.isEmpty(), "no section '" + title + "' in:\n" + TEXT);
        return rows;
    }
}
