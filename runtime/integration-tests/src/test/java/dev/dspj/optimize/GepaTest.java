package dev.dspj.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.evaluate.Metric;
import dev.dspj.evaluate.MetricResult;
import dev.dspj.execution.RunRecord;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.module.TraceEntry;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.sim.SimConditions;
import dev.dspj.sim.SimMetrics;
import dev.dspj.sim.SimModelProfile;
import dev.dspj.sim.SimTask;
import dev.dspj.sim.SimulatedModel;
import dev.dspj.state.ProgramState;
import dev.dspj.study.StudyStore;
import dev.dspj.testing.ScriptedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GepaTest {

    /** SimMetrics' exact match with feedback on the factoid task. */
    private static final Metric FEEDBACK = SimMetrics.exactMatchWithFeedback(QaFixture.TASK, "answer");

    private static final List<Example> TRAIN = QaFixture.TASK.toExamples().subList(0, 60);
    private static final List<Example> VAL = QaFixture.TASK.toExamples().subList(60, 100);
    private static final List<Example> DEV = QaFixture.dev(150);

    /** Two predictors that each matter for half of the task: capital questions, and people's birthplaces. */
    static final class ByTopic implements Module {
        final Predict capitals;
        final Predict people;

        ByTopic(LanguageModel model) {
            this(QaFixture.student(model), QaFixture.student(model));
        }

        private ByTopic(Predict capitals, Predict people) {
            this.capitals = capitals;
            this.people = people;
        }

        @Override
        public Prediction forward(Map<String, Object> inputs) {
            return String.valueOf(inputs.get("question")).contains("capital")
                    ? capitals.forward(inputs)
                    : people.forward(inputs);
        }

        @Override
        public List<NamedPredictor> namedPredictors() {
            return List.of(new NamedPredictor("capitals", capitals), new NamedPredictor("people", people));
        }

        @Override
        public ByTopic deepCopy() {
            return new ByTopic(capitals.deepCopy(), people.deepCopy());
        }
    }

    private static boolean hasHint(String instruction, String hint) {
        return instruction.toLowerCase(Locale.ROOT).contains(hint.toLowerCase(Locale.ROOT));
    }

    @Test
    void improvesTheHintFreeProgramToNinetyPercentOfWhatInstructionsCanReach() {
        for (String hint : QaFixture.TASK.hints()) {
            assertFalse(hasHint(QaFixture.QA.instructions(), hint), "the baseline must not hold " + hint);
        }
        RecordingModel task = new RecordingModel(SimulatedModel.of("sim-large"));
        RecordingModel reflection = new RecordingModel(SimulatedModel.of("sim-large"));
        Predict student = QaFixture.student(task);
        String studentInstructions = student.instructions();
        Gepa gepa = Gepa.builder(FEEDBACK)
                .maxMetricCalls(400)
                .reflectionModel(reflection)
                .valset(VAL)
                .seed(0)
                .build();

        var gepaRun = gepa.compileWithResult(student, TRAIN);
        Predict optimized = gepaRun.program();

        GepaResult result = gepaRun.details();
        assertEquals(studentInstructions, student.instructions(), "compile must not change the student");
        assertTrue(result.totalMetricCalls() <= 400, result.toString());
        assertEquals(result.totalMetricCalls(), task.requests().size(), "one task-model call per metric call");
        long proposals = result.iterations().stream()
                .filter(i -> i.outcome() == GepaResult.Outcome.ACCEPTED || i.outcome() == GepaResult.Outcome.REJECTED)
                .count();
        assertEquals(proposals, reflection.requests().size(), "one reflection per proposal of the one predictor");
        assertEquals(result.best().instructions().get("self"), optimized.instructions());
        for (String hint : QaFixture.TASK.hints()) {
            assertTrue(hasHint(optimized.instructions(), hint), hint + " missing from " + optimized.instructions());
        }

        double before = QaFixture.score(QaFixture.student("sim-large"), DEV);
        Predict fresh = QaFixture.student("sim-large");
        fresh.setInstructions(optimized.instructions());
        double after = QaFixture.score(fresh, DEV);
        double ceiling = SimTask.expectedAccuracy(
                SimModelProfile.LARGE,
                SimConditions.BASELINE.withHintsFound(QaFixture.TASK.hints().size()),
                QaFixture.TASK.examples().subList(150, 300));
        // measured with seed 0: dev 0.527 before, 0.840 after, ceiling 0.841
        assertTrue(after >= before + 0.15, "dev " + before + " -> " + after);
        assertTrue(after >= 0.9 * ceiling, "dev " + after + " against the ceiling " + ceiling);
        assertEquals(result.candidates().size(), gepaRun.report().candidates().size());
        assertEquals(result.bestIndex(), gepaRun.report().best().orElseThrow());
    }

    @Test
    void neverSpendsMoreMetricCallsThanItsBudget() {
        for (long budget : new long[] {40, 45, 86, 131, 250}) {
            RecordingModel task = new RecordingModel(SimulatedModel.of("sim-large"));
            Gepa gepa = Gepa.builder(FEEDBACK)
                    .maxMetricCalls(budget)
                    .reflectionModel(SimulatedModel.of("sim-large"))
                    .valset(VAL)
                    .build();
            var gepaRun = gepa.compileWithResult(QaFixture.student(task), TRAIN);
            GepaResult result = gepaRun.details();
            assertTrue(result.totalMetricCalls() <= budget, budget + ": " + result.totalMetricCalls());
            assertEquals(result.totalMetricCalls(), task.requests().size());
            // an iteration starts only when two minibatches and a validation pass fit: 46 calls
            assertTrue(
                    budget - result.totalMetricCalls() < 46,
                    budget + ": stopped early at " + result.totalMetricCalls());
            assertTrue(result.stopReason().startsWith("completed: metric-call budget " + budget), result.stopReason());
        }
    }

    @Test
    void neverMakesMoreModelCallsThanItsCallBudgetNorSpendsMoreThanItsDollarBudget() {
        RecordingModel task = new RecordingModel(SimulatedModel.of("sim-large"));
        RecordingModel reflection = new RecordingModel(SimulatedModel.of("sim-large"));
        Gepa gepa = Gepa.builder(FEEDBACK)
                .maxMetricCalls(400)
                .reflectionModel(reflection)
                .valset(VAL)
                .callBudget(70)
                .build();
        var gepaRun = gepa.compileWithResult(QaFixture.student(task), TRAIN);
        Predict optimized = gepaRun.program();
        int calls = task.requests().size() + reflection.requests().size();
        assertTrue(calls <= 70, calls + " calls");
        assertTrue(calls >= 60, "the run should use most of its budget, made " + calls);
        assertEquals("stopped: call budget 70 reached", gepaRun.report().stoppedReason());
        assertEquals(gepaRun.details().best().instructions().get("self"), optimized.instructions());
        assertTrue(optimized.model().isPresent());

        Gepa capped = Gepa.builder(FEEDBACK)
                .maxMetricCalls(400)
                .reflectionModel(SimulatedModel.of("sim-large"))
                .valset(VAL)
                .numThreads(1)
                .costBudgetUsd(0.06)
                .build();
        var cappedRun = capped.compileWithResult(QaFixture.student("sim-large"), TRAIN);
        double spent = cappedRun.report().costUsd().doubleValue();
        assertTrue(spent <= 0.06 && spent > 0.03, "spent $" + spent);
        assertTrue(
                cappedRun.report().stoppedReason().contains("cost budget"),
                cappedRun.report().stoppedReason());
    }

    @Test
    void paretoSelectionDrawsOnlyNonDominatedCandidatesWeightedByTheInstancesTheyWin() {
        List<double[]> scores = List.of(
                new double[] {1, 0, 0, 0, 0}, // #0: best on instance 0 only, where #1 is too: dominated
                new double[] {1, 1, 0, 0, 0}, // #1: best on 0 and 1
                new double[] {0, 0, 1, 1, 1}, // #2: best on 2, 3 and 4
                new double[] {0, 0, 1, 0, 0}); // #3: best on 2 only, where #2 is too: dominated
        double[] aggregate = {0.2, 0.4, 0.6, 0.2};
        List<Set<Integer>> fronts = GepaPareto.fronts(scores);
        assertEquals(List.of(Set.of(0, 1), Set.of(1), Set.of(2, 3), Set.of(2), Set.of(2)), fronts);
        assertEquals(List.of(1, 2), GepaPareto.dominators(fronts, aggregate));
        assertEquals(Map.of(1, 2, 2, 3), GepaPareto.frequencies(fronts, aggregate));

        PyRandom random = new PyRandom(0);
        Map<Integer, Integer> drawn = new TreeMap<>();
        for (int i = 0; i < 5000; i++) {
            drawn.merge(GepaPareto.select(fronts, aggregate, random), 1, Integer::sum);
        }
        assertEquals(Set.of(1, 2), drawn.keySet(), "dominated candidates are never drawn");
        double shareOfTwo = drawn.get(2) / 5000.0;
        assertTrue(Math.abs(shareOfTwo - 0.6) < 0.03, "#2 wins 3 of 5 instances, drawn " + shareOfTwo);

        // an instance every candidate ties on protects no one
        List<Set<Integer>> tied = GepaPareto.fronts(List.of(new double[] {0, 1}, new double[] {0, 0}));
        assertEquals(List.of(Set.of(0, 1), Set.of(0)), tied);
        assertEquals(List.of(0), GepaPareto.dominators(tied, new double[] {0.5, 0}));
        // current best: the highest mean, the earliest (fewest metric calls) on ties
        assertEquals(1, GepaPareto.best(new double[] {0.5, 0.7, 0.7}));
    }

    @Test
    void mergeTakesEachPredictorFromTheDescendantThatChangedIt() {
        List<Map<String, String>> candidates = List.of(
                instructions("A0", "B0", "C0"),
                instructions("A1", "B0", "C0"), // #1 changed a
                instructions("A0", "B2", "C2"), // #2 changed b and c
                instructions("A1", "B3", "C0")); // #3, a child of #1, changed b
        List<List<Integer>> parents = List.of(List.of(), List.of(0), List.of(0), List.of(1));
        double[] aggregate = {0.4, 0.5, 0.6, 0.7};
        GepaMerge merge = new GepaMerge();

        GepaMerge.Proposal proposal = merge.propose(candidates, parents, aggregate, List.of(1, 2), new PyRandom(0));
        assertNotNull(proposal);
        assertEquals(List.of(1, 2, 0), List.of(proposal.first(), proposal.second(), proposal.ancestor()));
        assertEquals(instructions("A1", "B2", "C2"), proposal.instructions());
        assertEquals(Map.of("a", 1, "b", 2, "c", 2), proposal.sources());
        assertNull(
                merge.propose(candidates, parents, aggregate, List.of(1, 2), new PyRandom(0)),
                "the same triplet is never merged twice");

        // both descendants changed b: the better one's wins; a and c come from the one that changed them
        GepaMerge.Proposal both =
                new GepaMerge().propose(candidates, parents, aggregate, List.of(2, 3), new PyRandom(0));
        assertNotNull(both);
        assertEquals(List.of(2, 3, 0), List.of(both.first(), both.second(), both.ancestor()));
        assertEquals(instructions("A1", "B3", "C2"), both.instructions());

        assertNull(
                new GepaMerge().propose(candidates, parents, aggregate, List.of(1, 3), new PyRandom(0)),
                "#3 descends from #1: no merge");
        double[] ancestorBest = {0.9, 0.5, 0.6, 0.7};
        assertNull(
                new GepaMerge().propose(candidates, parents, ancestorBest, List.of(1, 2), new PyRandom(0)),
                "an ancestor better than its descendants is not merged from");
        assertEquals(Set.of(0, 1), GepaMerge.ancestors(parents, 3));

        double[] first = {1, 1, 0, 0, 1, 0, 1, 0};
        double[] second = {0, 1, 1, 1, 0, 0, 1, 1};
        List<Integer> subsample = GepaMerge.subsample(first, second, 5, new PyRandom(3));
        assertEquals(5, subsample.size());
        assertEquals(5, new TreeSet<>(subsample).size());
        long firstWins = subsample.stream().filter(i -> first[i] > second[i]).count();
        long secondWins = subsample.stream().filter(i -> second[i] > first[i]).count();
        assertEquals(2, firstWins, "up to a third where the first parent wins: " + subsample);
        assertEquals(2, secondWins, "up to a third where the second parent wins: " + subsample);
        assertEquals(
                5,
                GepaMerge.subsample(new double[] {1, 0}, new double[] {0, 1}, 5, new PyRandom(0))
                        .size(),
                "a validation set smaller than the subsample repeats instances");
    }

    private static Map<String, String> instructions(String a, String b, String c) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("a", a);
        map.put("b", b);
        map.put("c", c);
        return map;
    }

    @Test
    void theLineageReportShowsHowEachCandidateCameToBe() {
        GepaResult result = new GepaResult(
                List.of(
                        new GepaResult.Candidate(
                                0,
                                GepaResult.Origin.SEED,
                                List.of(),
                                null,
                                Map.of("self", "Answer."),
                                List.of(),
                                Map.of(),
                                -1,
                                List.of(),
                                List.of(),
                                List.of(),
                                List.of(0.0, 1.0, 0.0, 0.0),
                                0),
                        new GepaResult.Candidate(
                                1,
                                GepaResult.Origin.MUTATION,
                                List.of(0),
                                null,
                                Map.of("self", "Answer with a short factoid."),
                                List.of("self"),
                                Map.of(),
                                3,
                                List.of(7, 2, 9),
                                List.of(List.of(0.0, 1.0, 0.0)),
                                List.of(1.0, 1.0, 0.0),
                                List.of(1.0, 1.0, 0.0, 0.0),
                                13),
                        new GepaResult.Candidate(
                                2,
                                GepaResult.Origin.MUTATION,
                                List.of(1),
                                null,
                                Map.of("self", "Answer with a short factoid of 1-5 words."),
                                List.of("self"),
                                Map.of(),
                                5,
                                List.of(4, 0, 1),
                                List.of(List.of(0.0, 0.0, 1.0)),
                                List.of(1.0, 1.0, 1.0),
                                List.of(1.0, 1.0, 1.0, 0.0),
                                23)),
                List.of(),
                List.of(),
                27,
                30,
                3,
                0,
                "completed: metric-call budget 30 spent (27 used; an iteration may " + "need 10)");
        assertEquals(
                List.of(0, 1, 2),
                result.lineage(2).stream().map(GepaResult.Candidate::index).toList());
        assertEquals(2, result.bestIndex());
        assertEquals(
                List.of(Set.of(1, 2), Set.of(0, 1, 2), Set.of(2), Set.of(0, 1, 2)),
                result.perValInstanceBestCandidates());
        String lineage = result.lineageReport(2);
        assertEquals(
                String.join(
                        "\n",
                        "Lineage of candidate #2 (3 generations):",
                        "  #0   seed (the student); validation 0.2500, found after 0 metric calls",
                        "  #1   mutation of #0 at iteration 3, rewrote self; minibatch 1 -> 2 of 3; validation 0.5000 (+0.2500 "
                                + "over its best parent), found after 13 metric calls",
                        "  #2   mutation of #1 at iteration 5, rewrote self; minibatch 1 -> 3 of 3; validation 0.7500 (+0.2500 "
                                + "over its best parent), found after 23 metric calls",
                        ""),
                lineage);
        String report = result.report();
        assertTrue(
                report.startsWith("GEPA: 3 candidates, 0 iterations, 27 of 30 metric calls, 3 full validation "
                        + "evaluations, seed 0; completed"),
                report);
        assertTrue(report.contains("best: #2 with validation score 0.7500 (seed #0: 0.2500)"), report);
        assertTrue(report.contains("      self: \"Answer with a short factoid of 1-5 words.\""), report);
        assertTrue(report.endsWith(lineage), report);
        assertThrows(IllegalArgumentException.class, () -> result.lineage(3));
    }

    @Test
    void mergesCandidatesThatImprovedDifferentPredictorsAndReportsTheirLineage() {
        ByTopic student = new ByTopic(SimulatedModel.of("sim-large"));
        Gepa gepa = Gepa.builder(FEEDBACK)
                .maxMetricCalls(600)
                .reflectionModel(SimulatedModel.of("sim-large"))
                .valset(VAL)
                .seed(3)
                .trackStats(true)
                .build();
        var gepaRun = gepa.compileWithResult(student, TRAIN);
        ByTopic optimized = gepaRun.program();
        GepaResult result = gepaRun.details();

        GepaResult.Candidate crossover = result.candidates().stream()
                .filter(c -> c.origin() == GepaResult.Origin.MERGE
                        && new TreeSet<>(c.sources().values()).size() == 2)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no crossover merge:\n" + result.report()));
        int first = crossover.parents().get(0);
        int second = crossover.parents().get(1);
        assertEquals(Set.of(first, second), new TreeSet<>(crossover.sources().values()));
        crossover
                .sources()
                .forEach((predictor, source) -> assertEquals(
                        result.candidate(source).instructions().get(predictor),
                        crossover.instructions().get(predictor)));
        assertTrue(crossover.minibatchScoreAfter() >= crossover.minibatchScoreBefore());
        assertEquals(5, crossover.minibatch().size());
        List<Integer> lineage = result.lineage(crossover.index()).stream()
                .map(GepaResult.Candidate::index)
                .toList();
        assertTrue(
                lineage.containsAll(List.of(0, first, second, crossover.ancestor(), crossover.index())),
                lineage.toString());
        assertTrue(
                result.lineageReport(crossover.index())
                        .contains("merge of #" + first + "+#" + second + " via ancestor #" + crossover.ancestor()),
                result.lineageReport(crossover.index()));
        assertTrue(result.iterations().stream()
                .anyMatch(i -> i.origin() == GepaResult.Origin.MERGE
                        && i.outcome() == GepaResult.Outcome.ACCEPTED
                        && crossover.index() == i.candidate()));
        assertTrue(result.iterations().stream()
                        .filter(i ->
                                i.origin() == GepaResult.Origin.MERGE && i.outcome() == GepaResult.Outcome.ACCEPTED)
                        .count()
                <= Gepa.DEFAULT_MAX_MERGE_INVOCATIONS);
        for (GepaResult.Candidate candidate : result.candidates()) {
            ByTopic kept = (ByTopic) result.program(candidate.index()).orElseThrow();
            assertEquals(candidate.instructions().get("capitals"), kept.capitals.instructions());
            assertEquals(candidate.instructions().get("people"), kept.people.instructions());
        }
        assertTrue(QaFixture.score(optimized, DEV) > QaFixture.score(student, DEV) + 0.1);
    }

    @Test
    void theResultSavesAndLoadsLikeAnyProgram(@TempDir Path dir) throws Exception {
        Gepa gepa = Gepa.builder(FEEDBACK)
                .maxMetricCalls(400)
                .reflectionModel(SimulatedModel.of("sim-large"))
                .valset(VAL)
                .build();
        var gepaRun = gepa.compileWithResult(QaFixture.student("sim-large"), TRAIN);
        Predict optimized = gepaRun.program();
        assertFalse(optimized.instructions().equals(QaFixture.QA.instructions()), "the run should change something");
        Path file = dir.resolve("gepa.json");
        ProgramState.save(optimized, file);
        Predict loaded = QaFixture.student("sim-large");
        ProgramState.load(loaded, file);
        assertEquals(optimized.instructions(), loaded.instructions());
        assertEquals(QaFixture.score(optimized, DEV), QaFixture.score(loaded, DEV));
    }

    @Test
    void theBuilderWantsExactlyOneBudgetAndAReflectionModel() {
        LanguageModel model = SimulatedModel.of("sim-small");
        IllegalStateException none = assertThrows(
                IllegalStateException.class,
                () -> Gepa.builder(FEEDBACK).reflectionModel(model).build());
        assertEquals(
                "GEPA: exactly one of auto, maxFullEvals, maxMetricCalls must be set; got auto=null, "
                        + "maxFullEvals=null, maxMetricCalls=null",
                none.getMessage());
        IllegalStateException two = assertThrows(
                IllegalStateException.class,
                () -> Gepa.builder(FEEDBACK)
                        .auto(Gepa.Auto.LIGHT)
                        .maxMetricCalls(100)
                        .reflectionModel(model)
                        .build());
        assertTrue(
                two.getMessage().contains("got auto=LIGHT, maxFullEvals=null, maxMetricCalls=100"), two.getMessage());
        IllegalStateException noReflection = assertThrows(
                IllegalStateException.class,
                () -> Gepa.builder(FEEDBACK).auto(Gepa.Auto.LIGHT).build());
        assertTrue(
                noReflection.getMessage().startsWith("GEPA: reflectionModel is required"), noReflection.getMessage());

        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> Gepa.builder(FEEDBACK).maxMetricCalls(0))
                .getMessage()
                .contains("maxMetricCalls must be at least 1, got 0"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> Gepa.builder(FEEDBACK).reflectionMinibatchSize(0))
                .getMessage()
                .contains("reflectionMinibatchSize must be at least 1"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> Gepa.builder(FEEDBACK).costBudgetUsd(-1))
                .getMessage()
                .contains("costBudgetUsd must be a positive number"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> Gepa.builder(FEEDBACK).valset(List.of()))
                .getMessage()
                .contains("the valset is empty"));

        Gepa tooSmall = Gepa.builder(FEEDBACK)
                .maxMetricCalls(10)
                .reflectionModel(model)
                .valset(VAL)
                .build();
        IllegalArgumentException small =
                assertThrows(IllegalArgumentException.class, () -> tooSmall.compile(QaFixture.student(model), TRAIN));
        assertTrue(
                small.getMessage().contains("metric-call budget 10 is smaller than the validation set (40 examples)"),
                small.getMessage());
        Gepa fine = Gepa.builder(FEEDBACK)
                .maxMetricCalls(100)
                .reflectionModel(model)
                .build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> fine.compile(QaFixture.student(model), List.of()))
                .getMessage()
                .contains("the trainset is empty"));
    }

    @Test
    void budgetsAreDerivedAsDspyDerivesThem() {
        // trials = int(max(2 * (2 * preds) * log2(n), 1.5 n)); V + 5n + 35 trials + ((trials + 1) // 5 + 1) V
        assertEquals(40 + 30 + 10 * 35 + 3 * 40, Gepa.autoBudget(1, 6, 40));
        assertEquals(100 + 60 + 28 * 35 + 6 * 100, Gepa.autoBudget(2, 12, 100));
        assertEquals(50 + 90 + 27 * 35 + 6 * 50, Gepa.autoBudget(1, 18, 50));
        LanguageModel model = SimulatedModel.of("sim-small");
        assertEquals(
                Gepa.autoBudget(1, 12, 40),
                Gepa.builder(FEEDBACK)
                        .auto(Gepa.Auto.MEDIUM)
                        .reflectionModel(model)
                        .valset(VAL)
                        .build()
                        .metricCallBudget(1, 60));
        assertEquals(
                Gepa.autoBudget(2, 18, 60),
                Gepa.builder(FEEDBACK)
                        .auto(Gepa.Auto.HEAVY)
                        .reflectionModel(model)
                        .build()
                        .metricCallBudget(2, 60));
        assertEquals(
                3 * (60 + 40),
                Gepa.builder(FEEDBACK)
                        .maxFullEvals(3)
                        .reflectionModel(model)
                        .valset(VAL)
                        .build()
                        .metricCallBudget(1, 60));
        assertEquals(
                3 * 60,
                Gepa.builder(FEEDBACK)
                        .maxFullEvals(3)
                        .reflectionModel(model)
                        .build()
                        .metricCallBudget(1, 60));
    }

    @Test
    void aRestartedRunReplaysItsRecordedStepsAndEndsWhereAnUninterruptedRunEnds(@TempDir Path dir) {
        Path file = dir.resolve("runs.db");
        RecordingModel interruptedTask = new RecordingModel(SimulatedModel.of("sim-large"));
        RecordingModel interruptedReflection = new RecordingModel(SimulatedModel.of("sim-large"));
        RunRecord interruptedRecord;
        try (StudyStore store = StudyStore.sqlite(file)) {
            interruptedRecord = RunRecord.in(store, "gepa-qa");
            Gepa interrupted = Gepa.builder(FEEDBACK)
                    .maxMetricCalls(300)
                    .reflectionModel(interruptedReflection)
                    .valset(VAL)
                    .record(interruptedRecord)
                    .callBudget(120)
                    .build();
            var interruptedRun = interrupted.compileWithResult(QaFixture.student(interruptedTask), TRAIN);
            assertEquals(
                    "stopped: call budget 120 reached", interruptedRun.report().stoppedReason());
        }

        RecordingModel resumedTask = new RecordingModel(SimulatedModel.of("sim-large"));
        RecordingModel resumedReflection = new RecordingModel(SimulatedModel.of("sim-large"));
        GepaResult resumed;
        RunRecord resumedRecord;
        try (StudyStore store = StudyStore.sqlite(file)) {
            resumedRecord = RunRecord.in(store, "gepa-qa");
            Gepa gepa = Gepa.builder(FEEDBACK)
                    .maxMetricCalls(300)
                    .reflectionModel(resumedReflection)
                    .valset(VAL)
                    .record(resumedRecord)
                    .build();
            var gepaRun = gepa.compileWithResult(QaFixture.student(resumedTask), TRAIN);
            resumed = gepaRun.details();
        }
        assertEquals(interruptedRecord.computed(), resumedRecord.replayed(), "every finished step is replayed");
        assertTrue(resumedRecord.computed() > 0);

        RecordingModel freshTask = new RecordingModel(SimulatedModel.of("sim-large"));
        RecordingModel freshReflection = new RecordingModel(SimulatedModel.of("sim-large"));
        Gepa uninterrupted = Gepa.builder(FEEDBACK)
                .maxMetricCalls(300)
                .reflectionModel(freshReflection)
                .valset(VAL)
                .build();
        var uninterruptedRun = uninterrupted.compileWithResult(QaFixture.student(freshTask), TRAIN);
        GepaResult expected = uninterruptedRun.details();
        assertSameRun(expected, resumed);
        int resumedCalls =
                resumedTask.requests().size() + resumedReflection.requests().size();
        int freshCalls =
                freshTask.requests().size() + freshReflection.requests().size();
        int interruptedCalls = interruptedTask.requests().size()
                + interruptedReflection.requests().size();
        assertTrue(resumedCalls < freshCalls, resumedCalls + " vs " + freshCalls);
        assertTrue(resumedCalls + interruptedCalls >= freshCalls);

        RecordingModel replayTask = new RecordingModel(SimulatedModel.of("sim-large"));
        try (StudyStore store = StudyStore.sqlite(file)) {
            RunRecord again = RunRecord.in(store, "gepa-qa");
            Gepa gepa = Gepa.builder(FEEDBACK)
                    .maxMetricCalls(300)
                    .reflectionModel(SimulatedModel.of("sim-large"))
                    .valset(VAL)
                    .record(again)
                    .build();
            var gepaRun = gepa.compileWithResult(QaFixture.student(replayTask), TRAIN);
            assertEquals(0, again.computed(), "a finished run is replayed whole");
            assertEquals(0, replayTask.requests().size());
            assertSameRun(expected, gepaRun.details());
        }
    }

    private static void assertSameRun(GepaResult expected, GepaResult actual) {
        assertEquals(expected.totalMetricCalls(), actual.totalMetricCalls());
        assertEquals(expected.candidates().size(), actual.candidates().size());
        for (int i = 0; i < expected.candidates().size(); i++) {
            assertEquals(expected.candidate(i), actual.candidate(i));
        }
        assertEquals(expected.iterations(), actual.iterations());
    }

    @Test
    void aFeedbackMetricExplainsItselfToThePredictorTheReflectionRewrites() {
        List<String> askedFor = Collections.synchronizedList(new ArrayList<>());
        FeedbackMetric metric = (gold, prediction, trace, predictorName, predictorTrace) -> {
            MetricResult verdict = FEEDBACK.score(gold, prediction, trace);
            if (predictorName == null) {
                return MetricResult.of(verdict.score());
            }
            askedFor.add(predictorName);
            TraceEntry call = predictorTrace.get(0);
            return new MetricResult(
                    verdict.score(),
                    "For " + predictorName + " (asked \"" + call.inputs().get("question") + "\"): "
                            + verdict.feedback());
        };
        List<LmRequest> reflections = Collections.synchronizedList(new ArrayList<>());
        LanguageModel reflection = ScriptedModel.answering(request -> {
            reflections.add(request);
            return ScriptedModel.chatAnswer("new_instruction", "Reply with the short factoid only, in 1-5 words.");
        });
        Gepa gepa = Gepa.builder(metric)
                .maxMetricCalls(150)
                .reflectionModel(reflection)
                .valset(VAL.subList(0, 20))
                .componentSelector(Gepa.ComponentSelector.ALL)
                .candidateSelectionStrategy(Gepa.CandidateSelection.CURRENT_BEST)
                .useMerge(false)
                .build();
        var gepaRun = gepa.compileWithResult(new ByTopic(SimulatedModel.of("sim-large")), TRAIN);
        ByTopic optimized = gepaRun.program();

        assertFalse(reflections.isEmpty());
        assertTrue(new TreeSet<>(askedFor).equals(new TreeSet<>(List.of("capitals", "people"))), askedFor.toString());
        String prompt =
                reflections.get(0).messages().stream().map(ChatMessage::content).reduce("", (a, b) -> a + "\n" + b);
        assertTrue(prompt.contains("# Example 1\n## Inputs\n### question\n"), prompt);
        assertTrue(prompt.contains("## Generated Outputs\n### answer\n"), prompt);
        assertTrue(prompt.contains("## Feedback\nFor "), prompt);
        assertTrue(prompt.contains(QaFixture.QA.instructions()), "the current instruction is shown");
        GepaResult result = gepaRun.details();
        assertTrue(
                result.iterations().stream()
                        .anyMatch(i -> i.predictors().size() == 2
                                && (i.outcome() == GepaResult.Outcome.ACCEPTED
                                        || i.outcome() == GepaResult.Outcome.REJECTED)),
                "ALL rewrites every predictor with traces at once");
        assertTrue(result.candidates().stream().noneMatch(c -> c.origin() == GepaResult.Origin.MERGE));
        // CURRENT_BEST always starts from the best candidate found before the iteration
        for (GepaResult.Iteration iteration : result.iterations()) {
            int best = -1;
            for (GepaResult.Candidate candidate : result.candidates()) {
                if (candidate.iteration() < iteration.number()
                        && (best < 0
                                || candidate.valScore() > result.candidate(best).valScore())) {
                    best = candidate.index();
                }
            }
            assertEquals(List.of(best), iteration.parents());
        }
        assertEquals(result.best().instructions().get("people"), optimized.people.instructions());
    }
}
