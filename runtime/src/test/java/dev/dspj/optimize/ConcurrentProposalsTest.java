package dev.dspj.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.data.Example;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.ModelCapabilities;
import dev.dspj.module.Module;
import dev.dspj.module.Predict;
import dev.dspj.propose.GroundedProposer;
import dev.dspj.sim.SimulatedModel;
import dev.dspj.state.ProgramState;
import dev.dspj.variable.study.Trial;
import dev.dspj.variable.study.TrialState;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The instruction optimizers' independent proposal calls run at once, up to {@code numThreads}:
 * a run with eight threads returns the same program and records the same steps as a run with one,
 * and its prompt model sees more than one call at a time (counted, not timed).
 */
class ConcurrentProposalsTest {

    private static final List<Example> TRAIN = QaFixture.train(24);
    private static final List<Example> VALSET = QaFixture.dev(20);

    /** A prompt model that holds each call for a moment and counts the calls in progress at once. */
    private static final class PeakCountingModel implements LanguageModel {
        private final LanguageModel inner;
        private final AtomicInteger inProgress = new AtomicInteger();
        private final AtomicInteger peak = new AtomicInteger();

        PeakCountingModel(LanguageModel inner) {
            this.inner = inner;
        }

        int peak() {
            return peak.get();
        }

        @Override
        public String modelName() {
            return inner.modelName();
        }

        @Override
        public LmResponse complete(LmRequest request) {
            peak.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
            try {
                // long enough for calls started together to overlap; no assertion reads a time
                Thread.sleep(20);
                return inner.complete(request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } finally {
                inProgress.decrementAndGet();
            }
        }

        @Override
        public CompletableFuture<LmResponse> completeAsync(LmRequest request) {
            return CompletableFuture.supplyAsync(() -> complete(request));
        }

        @Override
        public ModelCapabilities capabilities() {
            return inner.capabilities();
        }
    }

    /** What one run returned and recorded, and the prompt model's peak of calls at once. */
    private record Outcome(String program, Map<String, String> steps, int peak) {
    }

    /** Every finished step of a record, by its name. */
    private static Map<String, String> steps(RunRecord record) {
        Map<String, String> byName = new TreeMap<>();
        for (Trial trial : record.steps()) {
            if (trial.state() == TrialState.COMPLETE) {
                byName.put(trial.configuration().toJson(), trial.detailsJson());
            }
        }
        return byName;
    }

    private static Outcome run(int threads, BiFunction<Integer, PeakCountingModel, Module> compile, RunRecord record) {
        PeakCountingModel prompt = new PeakCountingModel(SimulatedModel.of("sim-large"));
        Module best = compile.apply(threads, prompt);
        return new Outcome(ProgramState.toJson(best).toString(), steps(record), prompt.peak());
    }

    private static void assertSameRunAtOneAndEightThreads(String optimizer,
            java.util.function.Function<RunRecord, BiFunction<Integer, PeakCountingModel, Module>> compile) {
        RunRecord serialRecord = RunRecord.inMemory(optimizer + "-1");
        Outcome serial = run(1, compile.apply(serialRecord), serialRecord);
        RunRecord parallelRecord = RunRecord.inMemory(optimizer + "-8");
        Outcome parallel = run(8, compile.apply(parallelRecord), parallelRecord);
        assertFalse(serial.steps().isEmpty(), optimizer + " recorded no step");
        assertEquals(serial.program(), parallel.program(), optimizer + ": the returned programs differ");
        assertEquals(serial.steps(), parallel.steps(), optimizer + ": the recorded steps differ");
        assertEquals(1, serial.peak(), optimizer + " with one thread made prompt calls at once");
        assertTrue(parallel.peak() > 1, optimizer + " with eight threads never made two prompt calls at once");
    }

    @Test
    void coproProposesAtOnceAndChoosesAsWithOneThread() {
        assertSameRunAtOneAndEightThreads("copro", record -> (threads, prompt) -> Copro
                .builder(QaFixture.EXACT_MATCH).breadth(5).depth(2).numThreads(threads).promptModel(prompt)
                .record(record).seed(3).build().compile(QaFixture.student("sim-small"), TRAIN));
    }

    @Test
    void miproProposesAtOnceAndChoosesAsWithOneThread() {
        assertSameRunAtOneAndEightThreads("mipro", record -> (threads, prompt) -> MiproV2
                .builder(QaFixture.EXACT_MATCH).maxBootstrappedDemos(0).maxLabeledDemos(0).viewDataBatchSize(4)
                .numThreads(threads).promptModel(prompt).valset(VALSET).record(record).build()
                .compile(QaFixture.student("sim-small"), TRAIN));
    }

    @Test
    void theGroundedProposerProposesTheSameInstructionsWithManyThreads() {
        Predict program = QaFixture.student("sim-small");
        Map<String, List<String>> serial = GroundedProposer.builder(SimulatedModel.of("sim-large")).seed(5)
                .viewDataBatchSize(5).build().proposeInstructions(program, TRAIN, Map.of(), 6, 1.0);
        PeakCountingModel prompt = new PeakCountingModel(SimulatedModel.of("sim-large"));
        Map<String, List<String>> parallel = GroundedProposer.builder(prompt).seed(5).viewDataBatchSize(5)
                .numThreads(8).build().proposeInstructions(program, TRAIN, Map.of(), 6, 1.0);
        assertEquals(serial, parallel);
        assertEquals(6, parallel.values().iterator().next().size());
        assertTrue(prompt.peak() > 1, "the proposer never made two calls at once");
    }

    @Test
    void aCallBudgetSpentDuringConcurrentProposalsStopsTheRunWithinIt() {
        PeakCountingModel prompt = new PeakCountingModel(SimulatedModel.of("sim-large"));
        RecordingModel task = new RecordingModel(SimulatedModel.of("sim-small"));
        Copro copro = Copro.builder(QaFixture.EXACT_MATCH).breadth(10).depth(2).numThreads(8).promptModel(prompt)
                .callBudget(30).build();
        Predict best = copro.compile(QaFixture.student(task), TRAIN);
        OptimizerReport report = copro.lastReport();
        assertTrue(report.calls() <= 30, "made " + report.calls() + " calls");
        assertEquals("stopped: call budget 30 reached", report.stoppedReason());
        assertEquals(QaFixture.QA.instructions(), best.instructions(), "no candidate was scored completely");
    }
}
