package dev.dspj.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.evaluate.Metric;
import dev.dspj.execution.RunRecord;
import dev.dspj.lm.LanguageModel;
import dev.dspj.module.Module;
import dev.dspj.primitives.Example;
import dev.dspj.sim.SimMetrics;
import dev.dspj.sim.SimulatedModel;
import dev.dspj.state.ProgramState;
import dev.dspj.study.StudyStore;
import dev.dspj.study.Trial;
import dev.dspj.study.TrialState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GEPA's {@code parallelIterations(k)}: several reflective mutations at once, each drawn from the
 * pool once the iteration k before it is applied, and applied in iteration order, so a seed gives
 * the same run (program, lineage, calls, recorded steps) for any number of threads and on every
 * rerun; the metric-call budget is never passed, the iterations' calls really overlap, and a
 * restarted run replays its record.
 */
class GepaParallelIterationsTest {

    private static final Metric FEEDBACK = SimMetrics.exactMatchWithFeedback(QaFixture.TASK, "answer");
    private static final List<Example> TRAIN = QaFixture.TASK.toExamples().subList(0, 60);
    private static final List<Example> VAL = QaFixture.TASK.toExamples().subList(60, 100);

    /** What one run returned and recorded, and its models' counts. */
    private record Outcome(
            String program,
            List<GepaResult.Candidate> candidates,
            List<GepaResult.Iteration> iterations,
            long metricCalls,
            Map<String, String> steps,
            int taskCalls,
            int reflectionCalls,
            int taskPeak,
            int reflectionPeak) {}

    /** Every finished step of a record, by its name, but the run's options. */
    private static Map<String, String> steps(RunRecord record) {
        Map<String, String> byName = new TreeMap<>();
        for (Trial trial : record.steps()) {
            if (trial.state() == TrialState.COMPLETE
                    && !"options".equals(trial.configuration().get("kind"))) {
                byName.put(trial.configuration().toJson(), trial.detailsJson());
            }
        }
        return byName;
    }

    private static Outcome run(
            int threads, long budget, long seed, Function<LanguageModel, Module> student, int parallelIterations) {
        OverlapCountingModel task = new OverlapCountingModel("sim-small", 5);
        OverlapCountingModel reflection = new OverlapCountingModel("sim-large", 5);
        RunRecord record = RunRecord.inMemory("gepa-" + parallelIterations + "-" + threads);
        Gepa gepa = Gepa.builder(FEEDBACK)
                .maxMetricCalls(budget)
                .reflectionModel(reflection)
                .valset(VAL)
                .numThreads(threads)
                .parallelIterations(parallelIterations)
                .record(record)
                .seed(seed)
                .build();
        var result = gepa.compileWithResult(student.apply(task), TRAIN);
        GepaResult details = result.details();
        return new Outcome(
                ProgramState.toJson(result.program()).toString(),
                details.candidates(),
                details.iterations(),
                details.totalMetricCalls(),
                steps(record),
                task.calls(),
                reflection.calls(),
                task.peak(),
                reflection.peak());
    }

    private static void assertSameRun(Outcome expected, Outcome actual, String what) {
        assertEquals(expected.program(), actual.program(), what + ": the returned programs differ");
        assertEquals(expected.candidates(), actual.candidates(), what + ": the candidates (lineage) differ");
        assertEquals(expected.iterations(), actual.iterations(), what + ": the iterations differ");
        assertEquals(expected.metricCalls(), actual.metricCalls(), what + ": the metric calls differ");
        assertEquals(expected.steps(), actual.steps(), what + ": the recorded steps differ");
        assertEquals(expected.taskCalls(), actual.taskCalls(), what + ": the task-model calls differ");
        assertEquals(expected.reflectionCalls(), actual.reflectionCalls(), what + ": the reflection calls differ");
    }

    @Test
    void fourIterationsAtOnceGiveTheSameRunWithOneThreadOrEightAndOnEveryRerun() {
        Outcome serial = run(1, 300, 1, QaFixture::student, 4);
        Outcome parallel = run(8, 300, 1, QaFixture::student, 4);
        Outcome again = run(8, 300, 1, QaFixture::student, 4);
        assertTrue(serial.candidates().size() > 1, "no candidate was accepted: " + serial.iterations());
        assertSameRun(serial, parallel, "1 and 8 threads");
        assertSameRun(parallel, again, "a rerun with 8 threads");
        assertEquals(1, serial.taskPeak(), "with one thread the running iterations made task calls at once");
        assertEquals(
                1, serial.reflectionPeak(), "with one thread the running iterations made reflection calls at once");
        // one predictor: an iteration asks for one reflection, so two at once are two iterations at once
        assertTrue(parallel.reflectionPeak() > 1, "the running iterations never reflected at once");
        assertTrue(parallel.taskPeak() <= 8, "more task calls at once than numThreads: " + parallel.taskPeak());
        int lastIteration =
                parallel.iterations().get(parallel.iterations().size() - 1).number();
        assertEquals(parallel.iterations().size(), lastIteration + 1, "iterations are numbered without gaps");
    }

    @Test
    void runningIterationsWithMergesOnTwoPredictorsAreTheSameWithOneThreadOrEight() {
        Outcome serial = run(1, 600, 3, model -> new GepaTest.ByTopic(model), 3);
        Outcome parallel = run(8, 600, 3, model -> new GepaTest.ByTopic(model), 3);
        assertSameRun(serial, parallel, "1 and 8 threads, merges on");
        assertTrue(
                parallel.iterations().stream().anyMatch(i -> i.origin() == GepaResult.Origin.MERGE),
                "no merge was tried: " + parallel.iterations());
    }

    @Test
    void oneIterationAtATimeIsTheDefault() {
        Outcome byDefault;
        {
            OverlapCountingModel task = new OverlapCountingModel("sim-small", 5);
            RunRecord record = RunRecord.inMemory("gepa-default");
            var result = Gepa.builder(FEEDBACK)
                    .maxMetricCalls(200)
                    .reflectionModel(new OverlapCountingModel("sim-large", 5))
                    .valset(VAL)
                    .numThreads(8)
                    .record(record)
                    .seed(2)
                    .build()
                    .compileWithResult(QaFixture.student(task), TRAIN);
            byDefault = new Outcome(
                    ProgramState.toJson(result.program()).toString(),
                    result.details().candidates(),
                    result.details().iterations(),
                    result.details().totalMetricCalls(),
                    steps(record),
                    task.calls(),
                    0,
                    0,
                    0);
        }
        Outcome one = run(8, 200, 2, QaFixture::student, 1);
        assertEquals(byDefault.program(), one.program());
        assertEquals(byDefault.candidates(), one.candidates());
        assertEquals(byDefault.iterations(), one.iterations());
        assertEquals(byDefault.steps(), one.steps());
        assertEquals(1, one.reflectionPeak(), "one iteration at a time reflects once at a time");
    }

    @Test
    void neverSpendsMoreMetricCallsThanItsBudgetWithSeveralIterationsAtOnce() {
        for (long budget : new long[] {40, 45, 86, 131, 250, 400}) {
            Outcome outcome = run(8, budget, 0, QaFixture::student, 4);
            assertTrue(outcome.metricCalls() <= budget, budget + ": " + outcome.metricCalls());
            assertEquals(outcome.metricCalls(), outcome.taskCalls(), "one task-model call per metric call");
            // the window narrows to what the budget pays for, down to one iteration: it stops only when
            // two minibatches and a validation pass (46 calls) no longer fit
            assertTrue(budget - outcome.metricCalls() < 46, budget + ": stopped early at " + outcome.metricCalls());
            for (GepaResult.Iteration iteration : outcome.iterations()) {
                assertTrue(iteration.metricCalls() <= budget, iteration.toString());
            }
        }
    }

    @Test
    void neverPassesTheBudgetWithWideWindowsEvenWhenItRunsOutWithValidationsPending() {
        boolean validationRefused = false;
        boolean minibatchRefused = false;
        for (int k : new int[] {4, 8, 16}) {
            for (long budget : new long[] {46, 60, 100, 130, 160, 200}) {
                for (Function<LanguageModel, Module> student :
                        List.<Function<LanguageModel, Module>>of(QaFixture::student, GepaTest.ByTopic::new)) {
                    Outcome outcome = run(4, budget, 1, student, k);
                    String what = "k=" + k + ", budget " + budget + ": " + outcome.iterations();
                    assertTrue(outcome.metricCalls() <= budget, what);
                    assertEquals(outcome.metricCalls(), outcome.taskCalls(), "one task-model call per metric call");
                    long before = 0;
                    for (GepaResult.Iteration iteration : outcome.iterations()) {
                        assertTrue(iteration.metricCalls() <= budget, what);
                        assertTrue(iteration.metricCalls() >= before, what);
                        before = iteration.metricCalls();
                        if (iteration.outcome() == GepaResult.Outcome.BUDGET_SPENT) {
                            assertEquals(null, iteration.candidate(), what);
                            if (Double.isNaN(iteration.scoreAfter())) {
                                minibatchRefused = true;
                            } else {
                                validationRefused = true;
                            }
                        }
                    }
                    List<GepaResult.Iteration> iterations = outcome.iterations();
                    int refused = -1;
                    for (int i = 0; i < iterations.size(); i++) {
                        if (iterations.get(i).outcome() == GepaResult.Outcome.BUDGET_SPENT) {
                            refused = i;
                            break;
                        }
                    }
                    if (refused >= 0) {
                        // the ones running when it was refused may still finish, no later one starts
                        assertTrue(iterations.size() - refused <= k, what);
                        // a step was refused: what was left could not pay for a validation pass
                        assertTrue(budget - outcome.metricCalls() < VAL.size(), what);
                    } else {
                        assertTrue(budget - outcome.metricCalls() < 46, what);
                    }
                }
            }
        }
        assertTrue(validationRefused, "no run ran out of budget with a validation pending");
        assertTrue(minibatchRefused, "no run ran out of budget before a minibatch");
    }

    @Test
    void eightIterationsAtOnceGiveTheSameRunOnEveryRerunAndWithAnyNumberOfThreads() {
        for (long budget : new long[] {130, 400}) {
            Outcome serial = run(1, budget, 4, QaFixture::student, 8);
            Outcome parallel = run(8, budget, 4, QaFixture::student, 8);
            Outcome again = run(8, budget, 4, QaFixture::student, 8);
            Outcome three = run(3, budget, 4, QaFixture::student, 8);
            assertSameRun(serial, parallel, budget + ": 1 and 8 threads");
            assertSameRun(parallel, again, budget + ": a rerun with 8 threads");
            assertSameRun(parallel, three, budget + ": 8 and 3 threads");
            assertTrue(parallel.metricCalls() <= budget, budget + ": " + parallel.metricCalls());
        }
        Outcome merging = run(8, 250, 5, model -> new GepaTest.ByTopic(model), 8);
        assertSameRun(merging, run(2, 250, 5, model -> new GepaTest.ByTopic(model), 8), "merges, 8 and 2 threads");
        assertSameRun(merging, run(8, 250, 5, model -> new GepaTest.ByTopic(model), 8), "merges, a rerun");
    }

    @Test
    void oneIterationAtATimeKeepsItsTrajectory() {
        // pinned from the loop before the per-step rule of several iterations at once: one at a
        // time, every iteration starts only when its worst case fits, so no step is ever refused
        assertEquals(
                ONE_AT_A_TIME,
                trajectory(run(8, 300, 1, QaFixture::student, 1)) + " | "
                        + trajectory(run(8, 400, 3, model -> new GepaTest.ByTopic(model), 1)));
    }

    private static final String ONE_AT_A_TIME =
            "0:R@46 1:R@52 2:R@58 3:A#1@104 4:R@110 5:R@116 6:A#2@162 7:A#3@208 8:A#4@254 "
                    + "9:A#5@300 0.250 0.400 0.275 0.400 0.200 0.350 | 0:R@46 1:R@52 2:R@58 3:A#1@104 4:A#2@150 5M:A#3@195 "
                    + "6:R@201 7:R@207 8:A#4@253 9M:A#5@298 10:R@304 11:R@310 12:R@316 13:R@322 14:N@325 15:R@331 16:A#6@377 "
                    + "0.250 0.425 0.275 0.450 0.525 0.525 0.575";

    /** Each iteration's number, origin, outcome, candidate and calls, and each candidate's score. */
    private static String trajectory(Outcome outcome) {
        StringBuilder text = new StringBuilder();
        for (GepaResult.Iteration iteration : outcome.iterations()) {
            text.append(iteration.number())
                    .append(iteration.origin() == GepaResult.Origin.MERGE ? "M" : "")
                    .append(':')
                    .append(iteration.outcome().name().charAt(0))
                    .append(iteration.candidate() == null ? "" : "#" + iteration.candidate())
                    .append('@')
                    .append(iteration.metricCalls())
                    .append(' ');
        }
        for (GepaResult.Candidate candidate : outcome.candidates()) {
            text.append(String.format(java.util.Locale.ROOT, "%.3f ", candidate.valScore()));
        }
        return text.toString().trim();
    }

    @Test
    void aRestartedRunWithSeveralIterationsAtOnceEndsWhereAnUninterruptedRunEnds(@TempDir Path dir) {
        Path file = dir.resolve("runs.db");
        RunRecord interruptedRecord;
        try (StudyStore store = StudyStore.sqlite(file)) {
            interruptedRecord = RunRecord.in(store, "gepa-window");
            var interrupted = Gepa.builder(FEEDBACK)
                    .maxMetricCalls(300)
                    .reflectionModel(SimulatedModel.of("sim-large"))
                    .valset(VAL)
                    .numThreads(8)
                    .parallelIterations(4)
                    .record(interruptedRecord)
                    .callBudget(120)
                    .build()
                    .compileWithResult(QaFixture.student("sim-small"), TRAIN);
            assertEquals(
                    "stopped: call budget 120 reached", interrupted.report().stoppedReason());
        }
        OverlapCountingModel resumedTask = new OverlapCountingModel("sim-small", 5);
        GepaResult resumed;
        RunRecord resumedRecord;
        try (StudyStore store = StudyStore.sqlite(file)) {
            resumedRecord = RunRecord.in(store, "gepa-window");
            resumed = Gepa.builder(FEEDBACK)
                    .maxMetricCalls(300)
                    .reflectionModel(SimulatedModel.of("sim-large"))
                    .valset(VAL)
                    .numThreads(8)
                    .parallelIterations(4)
                    .record(resumedRecord)
                    .build()
                    .compileWithResult(QaFixture.student(resumedTask), TRAIN)
                    .details();
        }
        assertEquals(interruptedRecord.computed(), resumedRecord.replayed(), "every finished step is replayed");
        Outcome uninterrupted = run(8, 300, 0, QaFixture::student, 4);
        assertEquals(uninterrupted.candidates(), resumed.candidates());
        assertEquals(uninterrupted.iterations(), resumed.iterations());
        assertEquals(uninterrupted.metricCalls(), resumed.totalMetricCalls());
        assertTrue(resumedTask.calls() < uninterrupted.taskCalls(), "the resumed run computed everything again");
    }

    @Test
    void theBuilderRefusesFewerThanOneIterationAtOnce() {
        Gepa.Builder builder = Gepa.builder(FEEDBACK)
                .maxMetricCalls(100)
                .reflectionModel(SimulatedModel.of("sim-large"))
                .parallelIterations(0);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(refused.getMessage().contains("parallelIterations"), refused.getMessage());
        assertTrue(refused.getMessage().contains("got 0"), refused.getMessage());
        assertEquals(
                4,
                Gepa.builder(FEEDBACK)
                        .maxMetricCalls(100)
                        .reflectionModel(SimulatedModel.of("sim-large"))
                        .parallelIterations(4)
                        .build()
                        .options()
                        .parallelIterations());
        assertFalse(Gepa.builder(FEEDBACK)
                .maxMetricCalls(100)
                .reflectionModel(SimulatedModel.of("sim-large"))
                .build()
                .options()
                .toJson()
                .isEmpty());
    }
}
