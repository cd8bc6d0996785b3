package dev.dspj.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.execution.RunRecord;
import dev.dspj.primitives.Example;
import dev.dspj.sim.SimulatedModel;
import dev.dspj.state.ProgramState;
import dev.dspj.study.StudyStore;
import dev.dspj.study.Trial;
import dev.dspj.study.TrialState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MIPROv2 with several trials in flight ({@code parallelTrials}): trial {@code t} is proposed from
 * the trials up to {@code t - parallelTrials}, so the trials, the recorded steps and the program
 * depend on the seed and {@code parallelTrials} only: not on {@code numThreads}, not on timing, and
 * not on whether the run was interrupted and resumed. The trials' calls really overlap.
 */
class MiproV2ParallelTrialsTest {

    private static final List<Example> TRAIN = QaFixture.train(40);
    private static final List<Example> VALSET = QaFixture.dev(30);

    /** What one run returned and recorded, and the task model's peak of calls at once. */
    private record Outcome(
            String program, List<MiproV2.Trial> trials, Map<String, String> steps, int peak, int taskCalls) {}

    private static MiproV2.Builder mipro(boolean minibatch, int parallelTrials, int threads) {
        return MiproV2.builder(QaFixture.EXACT_MATCH)
                .auto(null)
                .numCandidates(5)
                .numTrials(11)
                .minibatch(minibatch)
                .minibatchSize(10)
                .minibatchFullEvalSteps(3)
                .viewDataBatchSize(20)
                .parallelTrials(parallelTrials)
                .numThreads(threads)
                .promptModel(SimulatedModel.of("sim-large"))
                .valset(VALSET)
                .seed(4);
    }

    private static Outcome run(MiproV2.Builder builder) {
        RunRecord record = RunRecord.inMemory("mipro-parallel");
        OverlapCountingModel task = new OverlapCountingModel("sim-small", 2);
        MiproV2.Result<dev.dspj.module.Predict> result =
                builder.record(record).build().compileWithResult(QaFixture.student(task), TRAIN);
        return new Outcome(
                ProgramState.toJson(result.program()).toString(),
                result.trials(),
                steps(record),
                task.peak(),
                task.calls());
    }

    /** Every finished step of a record by its name, but the run's options. */
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

    private static void assertSameRunWithOneAndEightThreads(boolean minibatch) {
        Outcome serial = run(mipro(minibatch, 4, 1));
        Outcome parallel = run(mipro(minibatch, 4, 8));
        Outcome again = run(mipro(minibatch, 4, 8));
        assertEquals(12 + (minibatch ? 4 : 0), serial.trials().size(), "11 trials, the default and " + serial.trials());
        assertEquals(serial.trials(), parallel.trials(), "the same trials and scores with 1 and 8 threads");
        assertEquals(serial.program(), parallel.program(), "the same program with 1 and 8 threads");
        assertEquals(serial.steps(), parallel.steps(), "the same recorded steps with 1 and 8 threads");
        assertEquals(parallel.trials(), again.trials(), "the same trials on a rerun");
        assertEquals(parallel.program(), again.program(), "the same program on a rerun");
        assertEquals(parallel.steps(), again.steps(), "the same recorded steps on a rerun");
        assertTrue(
                serial.peak() > 1,
                "with one thread per evaluation, four trials in flight still made task calls at once; peak "
                        + serial.peak());
    }

    @Test
    void fourTrialsAtOnceOnMinibatchesGiveTheSameRunWithOneAndEightThreads() {
        assertSameRunWithOneAndEightThreads(true);
    }

    @Test
    void fourTrialsAtOnceOnTheFullSetGiveTheSameRunWithOneAndEightThreads() {
        assertSameRunWithOneAndEightThreads(false);
    }

    @Test
    void aTeacherLookaheadBootstrapsTheSameDemoSetsAndGivesTheSameRun() {
        Outcome plain = run(mipro(true, 1, 8));
        Outcome ahead = run(mipro(true, 1, 8).teacherLookahead(3));
        assertEquals(plain.trials(), ahead.trials(), "the same trials and scores");
        assertEquals(plain.program(), ahead.program(), "the same program");
        assertEquals(plain.steps(), ahead.steps(), "the same recorded steps, demo sets included");
        assertTrue(
                ahead.taskCalls() > plain.taskCalls(),
                "teacher runs made ahead are spent: " + ahead.taskCalls() + " task calls against " + plain.taskCalls());
    }

    @Test
    void oneTrialAtATimeIsTheSequentialSearch() {
        Outcome byDefault = run(mipro(true, 1, 1));
        Outcome serial = run(mipro(true, 1, 8));
        assertEquals(byDefault.trials(), serial.trials());
        assertEquals(byDefault.program(), serial.program());
        Outcome four = run(mipro(true, 4, 8));
        assertEquals(byDefault.trials().size(), four.trials().size());
        assertEquals(byDefault.trials().get(0), four.trials().get(0), "the default program scores the same");
        assertNotEquals(byDefault.steps(), four.steps(), "trials proposed from less history are another search");
    }

    @Test
    void anInterruptedRunWithFourTrialsAtOnceResumesToTheSameResult(@TempDir Path dir) {
        Outcome reference = run(mipro(true, 4, 8));

        Path file = dir.resolve("mipro-parallel.db");
        OverlapCountingModel task = new OverlapCountingModel("sim-small", 2);
        int finishedSteps;
        try (StudyStore store = StudyStore.sqlite(file)) {
            RunRecord record = RunRecord.in(store, "mipro-parallel");
            MiproV2.Result<dev.dspj.module.Predict> interrupted = mipro(true, 4, 8)
                    .callBudget(reference.taskCalls() / 2)
                    .record(record)
                    .build()
                    .compileWithResult(QaFixture.student(task), TRAIN);
            assertTrue(interrupted.report().stoppedReason().contains("call budget"));
            assertTrue(
                    interrupted.trials().stream().anyMatch(t -> !t.fullEvaluation()),
                    "the budget ran out during the search, after some trials: " + interrupted.trials());
            finishedSteps = record.computed();
        }
        try (StudyStore store = StudyStore.sqlite(file)) {
            RunRecord record = RunRecord.in(store, "mipro-parallel");
            OverlapCountingModel resumedTask = new OverlapCountingModel("sim-small", 2);
            MiproV2.Result<dev.dspj.module.Predict> resumed =
                    mipro(true, 4, 8).record(record).build().compileWithResult(QaFixture.student(resumedTask), TRAIN);
            assertEquals(finishedSteps, record.replayed(), "every step the first run finished is replayed");
            assertTrue(
                    resumedTask.calls() < reference.taskCalls(),
                    "no model call for a replayed step: " + resumedTask.calls() + " of " + reference.taskCalls());
            assertEquals(reference.trials(), resumed.trials(), "the same trials and scores");
            assertEquals(
                    reference.program(),
                    ProgramState.toJson(resumed.program()).toString(),
                    "the same program as the uninterrupted run");
            assertEquals(reference.steps(), steps(record), "the same steps as the uninterrupted run");
        }
    }

    @Test
    void parallelTrialsBelowOneIsRefusedByBuild() {
        assertEquals(
                "MIPROv2: parallelTrials must be at least 1 (1 runs one trial at a time), got 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> mipro(true, 0, 1).build())
                        .getMessage());
    }
}
