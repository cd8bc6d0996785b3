package dev.dspj.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.execution.RunRecord;
import dev.dspj.lm.LmRequest;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Example;
import dev.dspj.sim.SimConditions;
import dev.dspj.sim.SimExample;
import dev.dspj.sim.SimModelProfile;
import dev.dspj.sim.SimTask;
import dev.dspj.sim.SimulatedModel;
import dev.dspj.state.ProgramState;
import dev.dspj.study.StudyStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MIPROv2 on the simulated factoid QA task: a sim-small task model, a sim-large prompt model, 100
 * training examples, 100 validation examples and 100 dev examples no candidate was chosen on.
 */
class MiproV2Test {

    private static final List<Example> TRAIN = QaFixture.TASK.toExamples().subList(0, 100);
    private static final List<Example> VALSET = QaFixture.TASK.toExamples().subList(100, 200);
    private static final List<SimExample> DEV_EXAMPLES =
            QaFixture.TASK.examples().subList(200, 300);
    private static final List<Example> DEV = SimTask.toExamples(DEV_EXAMPLES);

    /** The best prompt a question -> answer predictor can have: 4 good demos, both hints, no reasoning, temperature 0. */
    private static final SimConditions SHAPE_BEST = new SimConditions(4, 0, false, 2, 0.0);

    private static double ceiling() {
        return SimTask.expectedAccuracy(SimModelProfile.SMALL, SHAPE_BEST, DEV_EXAMPLES);
    }

    /** What the simulated model reads in a predictor's prompt. */
    private static SimConditions read(Predict predictor) {
        return SimulatedModel.of("sim-small")
                .explain(new LmRequest(predictor.formatPrompt(DEV.get(0).inputs()), predictor.settings()))
                .conditions();
    }

    @Test
    void improvesTheDevScoreAndReachesNinetyPercentOfTheShapesBest() {
        RecordingModel task = new RecordingModel(SimulatedModel.of("sim-small"));
        RecordingModel prompt = new RecordingModel(SimulatedModel.of("sim-large"));
        Predict student = QaFixture.student(task);
        double before = QaFixture.score(student, DEV);
        List<OptimizerEvent> events = new ArrayList<>();
        MiproV2 mipro = MiproV2.builder(QaFixture.EXACT_MATCH)
                .promptModel(prompt)
                .valset(VALSET)
                .listener(events::add)
                .build();
        int taskCallsBefore = task.requests().size();
        var miproRun = mipro.compileWithResult(student, TRAIN);
        Predict best = miproRun.program();
        int calls = task.requests().size() - taskCallsBefore + prompt.requests().size();
        double after = QaFixture.score(best, DEV);
        OptimizerReport report = miproRun.report();
        SimConditions conditions = read(best);
        double expected = SimTask.expectedAccuracy(SimModelProfile.SMALL, conditions, DEV_EXAMPLES);
        System.out.printf(
                Locale.ROOT,
                "MIPROv2 light: dev %.3f -> %.3f, ceiling %.4f (%.1f%%), reads %s (expected "
                        + "%.4f), %s; instruction: %s%n",
                before,
                after,
                ceiling(),
                100 * after / ceiling(),
                conditions,
                expected,
                report.summary(),
                best.instructions());
        miproRun.trials().forEach(t -> System.out.println("  " + t));
        miproRun.instructionCandidates().forEach((p, l) -> l.forEach(i -> System.out.println("  " + p + ": " + i)));

        assertTrue(after - before >= 0.3, "dev " + before + " -> " + after);
        assertTrue(after >= 0.9 * ceiling(), "dev " + after + " against the ceiling " + ceiling());
        assertTrue(expected >= 0.9 * ceiling(), "the returned prompt " + conditions + " expects " + expected);
        assertEquals(calls, report.calls(), "every call of both models is counted");
        // auto=light with demos: 6 demo sets, 3 instructions, 10 trials on minibatches of 35, full evaluations of
        // the default program and after trials 5 and 10
        assertEquals(3, miproRun.instructionCandidates().get("self").size());
        assertEquals(
                QaFixture.QA.instructions(),
                miproRun.instructionCandidates().get("self").get(0));
        List<MiproV2.Trial> trials = miproRun.trials();
        assertEquals(10, trials.stream().filter(t -> !t.fullEvaluation()).count());
        assertEquals(
                List.of(0, 5, 10),
                trials.stream()
                        .filter(MiproV2.Trial::fullEvaluation)
                        .map(MiproV2.Trial::number)
                        .toList());
        assertTrue(trials.stream().allMatch(t -> t.examples() == (t.fullEvaluation() ? 100 : 35)));
        assertEquals(
                report.bestScore().orElseThrow(),
                QaFixture.score(best, VALSET),
                1e-9,
                "the returned program scores what the report says");
        assertTrue(events.stream().anyMatch(e -> e.kind() == OptimizerEvent.Kind.NEW_BEST));
        assertTrue(
                student.demos().isEmpty() && student.instructions().equals(QaFixture.QA.instructions()),
                "the student is unchanged");
    }

    @Test
    void zeroShotModeSearchesInstructionsOnly() {
        Predict student = QaFixture.student("sim-small");
        MiproV2 mipro = MiproV2.builder(QaFixture.EXACT_MATCH)
                .maxBootstrappedDemos(0)
                .maxLabeledDemos(0)
                .promptModel(SimulatedModel.of("sim-large"))
                .valset(VALSET)
                .build();
        var miproRun = mipro.compileWithResult(student, TRAIN);
        Predict best = miproRun.program();
        double before = QaFixture.score(student, DEV);
        double after = QaFixture.score(best, DEV);
        System.out.printf(
                Locale.ROOT,
                "MIPROv2 zero-shot: dev %.3f -> %.3f, %s; %s%n",
                before,
                after,
                miproRun.report().summary(),
                best.instructions());
        assertTrue(best.demos().isEmpty(), "no demos in zero-shot mode");
        assertEquals(
                java.util.Set.of("self.instruction"),
                miproRun.bestConfiguration().names());
        assertEquals(6, miproRun.instructionCandidates().get("self").size(), "n instructions when zero-shot");
        assertEquals(
                MiproV2.numTrialsFor(1, true, 6),
                miproRun.trials().stream().filter(t -> !t.fullEvaluation()).count());
        SimConditions conditions = read(best);
        assertTrue(conditions.hintsFound() >= 1, "the returned instruction carries a hint: " + best.instructions());
        double expectedBefore = SimTask.expectedAccuracy(SimModelProfile.SMALL, SimConditions.BASELINE, DEV_EXAMPLES);
        double expectedAfter = SimTask.expectedAccuracy(SimModelProfile.SMALL, conditions, DEV_EXAMPLES);
        assertTrue(expectedAfter - expectedBefore >= 0.1, "expected " + expectedBefore + " -> " + expectedAfter);
        assertTrue(after - before >= 0.05, "dev " + before + " -> " + after);
    }

    @Test
    void neverExceedsItsCallBudgetAndReturnsTheBestFullyEvaluatedProgram() {
        RecordingModel task = new RecordingModel(SimulatedModel.of("sim-small"));
        RecordingModel prompt = new RecordingModel(SimulatedModel.of("sim-large"));
        MiproV2 mipro = MiproV2.builder(QaFixture.EXACT_MATCH)
                .promptModel(prompt)
                .valset(VALSET)
                .callBudget(400)
                .build();
        var miproRun = mipro.compileWithResult(QaFixture.student(task), TRAIN);
        Predict best = miproRun.program();
        OptimizerReport report = miproRun.report();
        System.out.println(report.summary());
        assertEquals(400, task.requests().size() + prompt.requests().size(), "not one call more than the budget");
        assertEquals(400, report.calls());
        assertEquals("stopped: call budget 400 reached", report.stoppedReason());
        assertFalse(report.candidates().isEmpty(), "the default program was fully evaluated");
        assertEquals(report.bestScore().orElseThrow(), QaFixture.score(best, VALSET), 1e-9);
        assertTrue(best.forward(DEV.get(0).inputs()).get("answer").isPresent(), "the returned program is not metered");

        MiproV2 tiny = MiproV2.builder(QaFixture.EXACT_MATCH)
                .promptModel(prompt)
                .valset(VALSET)
                .callBudget(5)
                .build();
        var tinyRun = tiny.compileWithResult(QaFixture.student("sim-small"), TRAIN);
        Predict unchanged = tinyRun.program();
        assertEquals(QaFixture.QA.instructions(), unchanged.instructions());
        assertTrue(unchanged.demos().isEmpty());
        assertEquals(5, tinyRun.report().calls());
        assertTrue(tinyRun.report().candidates().isEmpty());
        assertEquals(null, tinyRun.bestConfiguration());
    }

    @Test
    void neverPassesItsCostBudget() {
        MiproV2 mipro = MiproV2.builder(QaFixture.EXACT_MATCH)
                .promptModel(SimulatedModel.of("sim-large"))
                .valset(VALSET)
                .costBudgetUsd(0.05)
                .build();
        var miproRun = mipro.compileWithResult(QaFixture.student("sim-small"), TRAIN);
        Predict best = miproRun.program();
        OptimizerReport report = miproRun.report();
        System.out.println(report.summary());
        assertTrue(report.costUsd().doubleValue() <= 0.05, "spent $" + report.costUsd());
        assertEquals("stopped: cost budget $0.0500 reached", report.stoppedReason());
        assertEquals(report.bestScore().orElseThrow(), QaFixture.score(best, VALSET), 1e-9);
    }

    @Test
    void anInterruptedRunResumesWithoutRepeatingEvaluatedTrials(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mipro-runs.db");
        RecordingModel referenceTask = new RecordingModel(SimulatedModel.of("sim-small"));
        RecordingModel referencePrompt = new RecordingModel(SimulatedModel.of("sim-large"));
        MiproV2 uninterrupted = MiproV2.builder(QaFixture.EXACT_MATCH)
                .promptModel(referencePrompt)
                .valset(VALSET)
                .build();
        var uninterruptedRun = uninterrupted.compileWithResult(QaFixture.student(referenceTask), TRAIN);
        Predict reference = uninterruptedRun.program();
        int referenceCalls =
                referenceTask.requests().size() + referencePrompt.requests().size();

        RecordingModel task = new RecordingModel(SimulatedModel.of("sim-small"));
        RecordingModel prompt = new RecordingModel(SimulatedModel.of("sim-large"));
        int interruptedCalls;
        int finishedSteps;
        try (StudyStore store = StudyStore.sqlite(file)) {
            RunRecord record = RunRecord.in(store, "mipro-qa-seed-9");
            MiproV2 interrupted = MiproV2.builder(QaFixture.EXACT_MATCH)
                    .promptModel(prompt)
                    .valset(VALSET)
                    .callBudget(450)
                    .record(record)
                    .build();
            var interruptedRun = interrupted.compileWithResult(QaFixture.student(task), TRAIN);
            assertTrue(interruptedRun.report().stoppedReason().contains("call budget 450"));
            interruptedCalls = task.requests().size() + prompt.requests().size();
            finishedSteps = record.computed();
            assertTrue(
                    interruptedRun.trials().stream().anyMatch(t -> !t.fullEvaluation()),
                    "the budget ran out during the search, after some trials");
        }

        RecordingModel resumedTask = new RecordingModel(SimulatedModel.of("sim-small"));
        RecordingModel resumedPrompt = new RecordingModel(SimulatedModel.of("sim-large"));
        try (StudyStore store = StudyStore.sqlite(file)) {
            RunRecord record = RunRecord.in(store, "mipro-qa-seed-9");
            MiproV2 resumed = MiproV2.builder(QaFixture.EXACT_MATCH)
                    .promptModel(resumedPrompt)
                    .valset(VALSET)
                    .record(record)
                    .build();
            var resumedRun = resumed.compileWithResult(QaFixture.student(resumedTask), TRAIN);
            Predict best = resumedRun.program();
            int resumedCalls =
                    resumedTask.requests().size() + resumedPrompt.requests().size();
            System.out.printf(
                    Locale.ROOT,
                    "MIPROv2 resume: uninterrupted %d calls; interrupted %d calls, %d steps "
                            + "finished; resumed %d calls, %d steps replayed, %d computed%n",
                    referenceCalls,
                    interruptedCalls,
                    finishedSteps,
                    resumedCalls,
                    record.replayed(),
                    record.computed());

            assertEquals(finishedSteps, record.replayed(), "every step the first run finished is replayed");
            int wasted = interruptedCalls + resumedCalls - referenceCalls;
            assertTrue(
                    wasted >= 0 && wasted < VALSET.size(),
                    "only the step the budget cut short is repeated; " + wasted + " calls were made twice");
            assertTrue(
                    resumedCalls <= referenceCalls - (interruptedCalls - VALSET.size()),
                    "no model call for a replayed step");
            assertEquals(resumedRun.report().calls(), resumedCalls);
            assertEquals(uninterruptedRun.trials(), resumedRun.trials(), "the same trials and scores");
            assertEquals(uninterruptedRun.bestConfiguration(), resumedRun.bestConfiguration());
            assertEquals(
                    ProgramState.toJson(reference).toString(),
                    ProgramState.toJson(best).toString(),
                    "the same program as the uninterrupted run");
            assertEquals(
                    uninterruptedRun.report().bestScore(), resumedRun.report().bestScore());
        }
    }

    @Test
    void theCompiledProgramSavesAndLoadsAndScoresTheSame(@TempDir Path dir) throws Exception {
        MiproV2 mipro = MiproV2.builder(QaFixture.EXACT_MATCH)
                .promptModel(SimulatedModel.of("sim-large"))
                .valset(VALSET)
                .build();
        var miproRun = mipro.compileWithResult(QaFixture.student("sim-small"), TRAIN);
        Predict best = miproRun.program();
        Path file = dir.resolve("mipro.json");
        ProgramState.save(best, file);
        Predict loaded = QaFixture.student("sim-small");
        ProgramState.load(loaded, file);
        assertEquals(best.instructions(), loaded.instructions());
        assertEquals(best.demos().size(), loaded.demos().size());
        assertFalse(loaded.demos().isEmpty());
        assertEquals(
                best.formatPrompt(DEV.get(0).inputs()),
                loaded.formatPrompt(DEV.get(0).inputs()),
                "the same prompt");
        assertEquals(QaFixture.score(best, DEV), QaFixture.score(loaded, DEV), 1e-12);
    }

    @Test
    void searchesEveryPredictorOfAProgram() {
        TwoStep student = new TwoStep(SimulatedModel.of("sim-small"));
        MiproV2 mipro = MiproV2.builder(QaFixture.EXACT_MATCH)
                .auto(null)
                .numCandidates(4)
                .numTrials(6)
                .promptModel(SimulatedModel.of("sim-large"))
                .valset(VALSET.subList(0, 40))
                .minibatchSize(20)
                .minibatchFullEvalSteps(3)
                .build();
        var miproRun = mipro.compileWithResult(student, TRAIN);
        TwoStep best = miproRun.program();
        assertEquals(
                java.util.Set.of("draft.instruction", "draft.demos", "answer.instruction", "answer.demos"),
                miproRun.bestConfiguration().names());
        assertEquals(
                List.of("draft", "answer"),
                List.copyOf(miproRun.instructionCandidates().keySet()));
        assertEquals(
                List.of(0, 3, 6),
                miproRun.trials().stream()
                        .filter(MiproV2.Trial::fullEvaluation)
                        .map(MiproV2.Trial::number)
                        .toList());
        assertTrue(miproRun.trials().stream().filter(t -> !t.fullEvaluation()).allMatch(t -> t.examples() == 20));
        assertEquals(miproRun.report().bestScore().orElseThrow(), QaFixture.score(best, VALSET.subList(0, 40)), 1e-9);
    }

    @Test
    void theTaskModelRunsEveryCandidateAndStaysOnTheReturnedProgram() {
        RecordingModel studentsOwn = new RecordingModel(SimulatedModel.of("sim-small"))
                .failWith(new IllegalStateException("the student's own model must not be called"));
        RecordingModel task = new RecordingModel(SimulatedModel.of("sim-small"));
        MiproV2 mipro = MiproV2.builder(QaFixture.EXACT_MATCH)
                .auto(null)
                .numCandidates(4)
                .numTrials(3)
                .minibatch(false)
                .promptModel(SimulatedModel.of("sim-large"))
                .taskModel(task)
                .valset(VALSET.subList(0, 30))
                .build();
        var miproRun = mipro.compileWithResult(QaFixture.student(studentsOwn), TRAIN);
        Predict best = miproRun.program();
        assertTrue(studentsOwn.requests().isEmpty(), "the student's model was never called");
        assertFalse(task.requests().isEmpty());
        assertEquals(task, best.model().orElseThrow(), "the returned program keeps the task model");
        assertEquals(4, miproRun.trials().size(), "the default program and 3 trials, each on the whole valset");
        assertTrue(miproRun.trials().stream().allMatch(MiproV2.Trial::fullEvaluation));
    }

    @Test
    void builderAndCompileMessagesNameTheParameter() {
        assertEquals(
                "MIPROv2: auto=LIGHT sets numCandidates and numTrials; call auto(null) to set numCandidates "
                        + "yourself",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> MiproV2.builder(QaFixture.EXACT_MATCH)
                                        .numCandidates(5)
                                        .build())
                        .getMessage());
        assertEquals(
                "MIPROv2: auto=HEAVY sets numCandidates and numTrials; call auto(null) to set numTrials yourself",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> MiproV2.builder(QaFixture.EXACT_MATCH)
                                        .auto(MiproV2.Auto.HEAVY)
                                        .numTrials(5)
                                        .build())
                        .getMessage());
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> MiproV2.builder(QaFixture.EXACT_MATCH).auto(null).build())
                .getMessage()
                .startsWith("MIPROv2: with auto(null), numCandidates must be set"));
        assertEquals(
                "MIPROv2: minibatchSize must be at least 1, got 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> MiproV2.builder(QaFixture.EXACT_MATCH).minibatchSize(0))
                        .getMessage());
        assertEquals(
                "MIPROv2: minibatchFullEvalSteps must be at least 1, got 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> MiproV2.builder(QaFixture.EXACT_MATCH).minibatchFullEvalSteps(0))
                        .getMessage());
        assertEquals(
                "MIPROv2: maxBootstrappedDemos must be at least 0, got -1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> MiproV2.builder(QaFixture.EXACT_MATCH).maxBootstrappedDemos(-1))
                        .getMessage());
        assertEquals(
                "MIPROv2: initTemperature must be between 0 and 2.0, got 3.0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> MiproV2.builder(QaFixture.EXACT_MATCH).initTemperature(3))
                        .getMessage());
        assertEquals(
                "MIPROv2: callBudget must be at least 1, got 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> MiproV2.builder(QaFixture.EXACT_MATCH).callBudget(0))
                        .getMessage());
        assertEquals(
                "MIPROv2: valset must have at least 1 example",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> MiproV2.builder(QaFixture.EXACT_MATCH).valset(List.of()))
                        .getMessage());
        MiproV2 tooBigBatch = MiproV2.builder(QaFixture.EXACT_MATCH)
                .auto(null)
                .numCandidates(3)
                .valset(VALSET.subList(0, 20))
                .build();
        assertEquals(
                "MIPROv2: minibatchSize 35 is larger than the validation set (20 examples); lower minibatchSize, "
                        + "give a larger valset, or set minibatch(false)",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> tooBigBatch.compile(QaFixture.student("sim-small"), TRAIN))
                        .getMessage());
        MiproV2 noValset = MiproV2.builder(QaFixture.EXACT_MATCH).build();
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> noValset.compile(QaFixture.student("sim-small"), TRAIN.subList(0, 1)))
                .getMessage()
                .startsWith("MIPROv2: the trainset needs at least 2 examples"));
    }

    @Test
    void numTrialsFollowsDspysFormula() {
        // int(max(2 * vars * log2(n), 1.5 * n))
        assertEquals(10, MiproV2.numTrialsFor(1, false, 6));
        assertEquals(9, MiproV2.numTrialsFor(1, true, 6));
        assertEquals(28, MiproV2.numTrialsFor(2, false, 12));
        assertEquals(33, MiproV2.numTrialsFor(2, false, 18));
        assertEquals(6, MiproV2.Auto.LIGHT.candidates());
        assertEquals(300, MiproV2.Auto.MEDIUM.valSize());
        assertEquals(1000, MiproV2.Auto.HEAVY.valSize());
    }
}
