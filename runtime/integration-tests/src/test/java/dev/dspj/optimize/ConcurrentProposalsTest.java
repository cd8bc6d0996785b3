package dev.dspj.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.evaluate.Metric;
import dev.dspj.execution.RunRecord;
import dev.dspj.module.Module;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Example;
import dev.dspj.propose.GroundedProposer;
import dev.dspj.sim.SimMetrics;
import dev.dspj.sim.SimulatedModel;
import dev.dspj.state.ProgramState;
import dev.dspj.study.Trial;
import dev.dspj.study.TrialState;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The instruction optimizers' independent calls run at once, up to {@code numThreads}: COPRO's and
 * MIPROv2's proposals, SIMBA's rule calls and candidate scorings, GEPA's evaluations and
 * reflections. A run with eight threads returns the same program and records the same steps as a
 * run with one, and the model counted sees more than one call at a time (counted, not timed).
 */
class ConcurrentProposalsTest {

    private static final List<Example> TRAIN = QaFixture.train(24);
    private static final List<Example> VALSET = QaFixture.dev(20);
    private static final Metric FEEDBACK = SimMetrics.exactMatchWithFeedback(QaFixture.TASK, "answer");

    /** What one run returned and recorded, and the prompt model's peak of calls at once. */
    private record Outcome(String program, Map<String, String> steps, int peak) {}

    /**
     * Every finished step of a record, by its name, but the run's options (which differ by the
     * thread count and the record's name).
     */
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
            int threads, String counted, BiFunction<Integer, OverlapCountingModel, Module> compile, RunRecord record) {
        OverlapCountingModel model = new OverlapCountingModel(counted, 20);
        Module best = compile.apply(threads, model);
        return new Outcome(ProgramState.toJson(best).toString(), steps(record), model.peak());
    }

    private static void assertSameRunAtOneAndEightThreads(
            String optimizer,
            java.util.function.Function<RunRecord, BiFunction<Integer, OverlapCountingModel, Module>> compile) {
        assertSameRunAtOneAndEightThreads(optimizer, "sim-large", compile);
    }

    /**
     * Runs {@code compile} with one thread and with eight, each with a fresh record and a fresh
     * counting model of profile {@code counted} (which the compile places where it wants calls
     * counted), and compares the programs, the recorded steps and the peaks.
     */
    private static void assertSameRunAtOneAndEightThreads(
            String optimizer,
            String counted,
            java.util.function.Function<RunRecord, BiFunction<Integer, OverlapCountingModel, Module>> compile) {
        RunRecord serialRecord = RunRecord.inMemory(optimizer + "-1");
        Outcome serial = run(1, counted, compile.apply(serialRecord), serialRecord);
        RunRecord parallelRecord = RunRecord.inMemory(optimizer + "-8");
        Outcome parallel = run(8, counted, compile.apply(parallelRecord), parallelRecord);
        assertFalse(serial.steps().isEmpty(), optimizer + " recorded no step");
        assertEquals(serial.program(), parallel.program(), optimizer + ": the returned programs differ");
        assertEquals(serial.steps(), parallel.steps(), optimizer + ": the recorded steps differ");
        assertEquals(1, serial.peak(), optimizer + " with one thread made counted calls at once");
        assertTrue(parallel.peak() > 1, optimizer + " with eight threads never made two counted calls at once");
    }

    @Test
    void coproProposesAtOnceAndChoosesAsWithOneThread() {
        assertSameRunAtOneAndEightThreads(
                "copro",
                record -> (threads, prompt) -> Copro.builder(QaFixture.EXACT_MATCH)
                        .breadth(5)
                        .depth(2)
                        .numThreads(threads)
                        .promptModel(prompt)
                        .record(record)
                        .seed(3)
                        .build()
                        .compile(QaFixture.student("sim-small"), TRAIN));
    }

    @Test
    void miproProposesAtOnceAndChoosesAsWithOneThread() {
        assertSameRunAtOneAndEightThreads(
                "mipro",
                record -> (threads, prompt) -> MiproV2.builder(QaFixture.EXACT_MATCH)
                        .maxBootstrappedDemos(0)
                        .maxLabeledDemos(0)
                        .viewDataBatchSize(4)
                        .numThreads(threads)
                        .promptModel(prompt)
                        .valset(VALSET)
                        .record(record)
                        .build()
                        .compile(QaFixture.student("sim-small"), TRAIN));
    }

    @Test
    void simbaAsksForRulesAtOnceAndChoosesAsWithOneThread() {
        assertSameRunAtOneAndEightThreads(
                "simba",
                record -> (threads, prompt) -> Simba.builder(FEEDBACK)
                        .bsize(8)
                        .numCandidates(4)
                        .maxSteps(3)
                        .strategies(Simba.Strategy.APPEND_A_RULE)
                        .numThreads(threads)
                        .promptModel(prompt)
                        .record(record)
                        .seed(3)
                        .build()
                        .compile(QaFixture.student("sim-small"), TRAIN));
    }

    @Test
    void simbaRuleLookaheadAsksAheadAndChoosesAsWithoutIt() {
        for (long seed : new long[] {3, 7}) {
            RunRecord plainRecord = RunRecord.inMemory("simba-plain-" + seed);
            OverlapCountingModel plainRules = new OverlapCountingModel("sim-large", 20);
            Module plain = simbaWithLookahead(0, seed, plainRules, plainRecord);
            RunRecord aheadRecord = RunRecord.inMemory("simba-ahead-" + seed);
            OverlapCountingModel aheadRules = new OverlapCountingModel("sim-large", 20);
            Module ahead = simbaWithLookahead(3, seed, aheadRules, aheadRecord);
            assertEquals(
                    ProgramState.toJson(plain).toString(),
                    ProgramState.toJson(ahead).toString(),
                    "seed " + seed + ": the lookahead changed the program");
            assertEquals(steps(plainRecord), steps(aheadRecord), "seed " + seed + ": the recorded steps differ");
            // the calls asked ahead that a step did not need are made and dropped, never recorded
            assertTrue(
                    aheadRules.calls() > plainRules.calls(),
                    "seed " + seed + ": " + aheadRules.calls() + " rule calls with a lookahead of 3, "
                            + plainRules.calls() + " without");
            assertTrue(aheadRules.calls() <= plainRules.calls() + 3 * 3, "at most 3 more rule calls a step");
        }
    }

    private static Module simbaWithLookahead(int lookahead, long seed, OverlapCountingModel rules, RunRecord record) {
        return Simba.builder(FEEDBACK)
                .bsize(16)
                .numCandidates(4)
                .maxSteps(3)
                .strategies(Simba.Strategy.APPEND_A_RULE)
                .ruleLookahead(lookahead)
                .numThreads(8)
                .promptModel(rules)
                .record(record)
                .seed(seed)
                .build()
                .compile(QaFixture.student("sim-small"), TRAIN);
    }

    @Test
    void simbaScoresCandidatesAtOnceAndChoosesAsWithOneThread() {
        assertSameRunAtOneAndEightThreads(
                "simba-demos",
                "sim-small",
                record -> (threads, task) -> Simba.builder(FEEDBACK)
                        .bsize(8)
                        .numCandidates(4)
                        .maxSteps(3)
                        .numThreads(threads)
                        .promptModel(SimulatedModel.of("sim-large"))
                        .record(record)
                        .seed(5)
                        .build()
                        .compile(QaFixture.student(task), TRAIN));
    }

    @Test
    void gepaEvaluatesAtOnceAndChoosesAsWithOneThread() {
        assertSameRunAtOneAndEightThreads(
                "gepa",
                "sim-small",
                record -> (threads, task) -> Gepa.builder(FEEDBACK)
                        .maxMetricCalls(150)
                        .reflectionModel(SimulatedModel.of("sim-large"))
                        .valset(VALSET)
                        .numThreads(threads)
                        .record(record)
                        .seed(1)
                        .build()
                        .compile(QaFixture.student(task), TRAIN));
    }

    @Test
    void gepaReflectsOnEveryPredictorAtOnceAndChoosesAsWithOneThread() {
        assertSameRunAtOneAndEightThreads(
                "gepa-all",
                record -> (threads, reflection) -> Gepa.builder(FEEDBACK)
                        .maxMetricCalls(150)
                        .reflectionModel(reflection)
                        .componentSelector(Gepa.ComponentSelector.ALL)
                        .valset(VALSET)
                        .numThreads(threads)
                        .record(record)
                        .seed(2)
                        .build()
                        .compile(new TwoStep(SimulatedModel.of("sim-small")), TRAIN));
    }

    @Test
    void theGroundedProposerProposesTheSameInstructionsWithManyThreads() {
        Predict program = QaFixture.student("sim-small");
        Map<String, List<String>> serial = GroundedProposer.builder(SimulatedModel.of("sim-large"))
                .seed(5)
                .viewDataBatchSize(5)
                .build()
                .proposeInstructions(program, TRAIN, Map.of(), 6, 1.0);
        OverlapCountingModel prompt = new OverlapCountingModel("sim-large", 20);
        Map<String, List<String>> parallel = GroundedProposer.builder(prompt)
                .seed(5)
                .viewDataBatchSize(5)
                .numThreads(8)
                .build()
                .proposeInstructions(program, TRAIN, Map.of(), 6, 1.0);
        assertEquals(serial, parallel);
        assertEquals(6, parallel.values().iterator().next().size());
        assertTrue(prompt.peak() > 1, "the proposer never made two calls at once");
    }

    @Test
    void aCallBudgetSpentDuringConcurrentProposalsStopsTheRunWithinIt() {
        OverlapCountingModel prompt = new OverlapCountingModel("sim-large", 20);
        RecordingModel task = new RecordingModel(SimulatedModel.of("sim-small"));
        Copro copro = Copro.builder(QaFixture.EXACT_MATCH)
                .breadth(10)
                .depth(2)
                .numThreads(8)
                .promptModel(prompt)
                .callBudget(30)
                .build();
        var coproRun = copro.compileWithResult(QaFixture.student(task), TRAIN);
        Predict best = coproRun.program();
        OptimizerReport report = coproRun.report();
        assertTrue(report.calls() <= 30, "made " + report.calls() + " calls");
        assertEquals("stopped: call budget 30 reached", report.stoppedReason());
        assertEquals(QaFixture.QA.instructions(), best.instructions(), "no candidate was scored completely");
    }
}
