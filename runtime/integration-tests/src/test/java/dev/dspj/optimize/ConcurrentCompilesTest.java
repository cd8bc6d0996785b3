package dev.dspj.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.execution.RunRecord;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.ModelCapabilities;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Example;
import dev.dspj.sim.SimulatedModel;
import dev.dspj.state.ProgramState;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * An optimizer keeps no state between compiles: two compiles on one instance, running at the same
 * time in two threads on different training sets, give two separate results, each the same as the
 * compile run alone; and every report carries the options the optimizer was built with.
 */
class ConcurrentCompilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Example> ALL = QaFixture.train(48);
    private static final List<Example> FIRST = ALL.subList(0, 24);
    private static final List<Example> SECOND = ALL.subList(24, 48);
    private static final List<Example> VALSET = QaFixture.dev(20);

    /**
     * A task model whose first call waits until the other compile's task model has made its first
     * call too, so that the two compiles are certainly running at once.
     */
    private static final class GatedModel implements LanguageModel {
        private final LanguageModel inner;
        private final CountDownLatch gate;
        private final AtomicBoolean first = new AtomicBoolean(true);
        private final AtomicBoolean overlapped;

        GatedModel(LanguageModel inner, CountDownLatch gate, AtomicBoolean overlapped) {
            this.inner = inner;
            this.gate = gate;
            this.overlapped = overlapped;
        }

        @Override
        public String modelName() {
            return inner.modelName();
        }

        @Override
        public LmResponse complete(LmRequest request) {
            if (first.compareAndSet(true, false)) {
                gate.countDown();
                try {
                    if (gate.await(60, TimeUnit.SECONDS)) {
                        overlapped.set(true);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            return inner.complete(request);
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

    /** A compile of a fresh sim-small student on the model given, by one optimizer instance. */
    private interface Compile<R extends OptimizerResult<Predict>> extends BiFunction<LanguageModel, List<Example>, R> {}

    /** Two results: each set's compile alone, then both at once on the same instance. */
    private record Pair<R>(R aloneFirst, R aloneSecond, R concurrentFirst, R concurrentSecond) {}

    private static <R extends OptimizerResult<Predict>> Pair<R> runAloneAndAtOnce(Compile<R> compile) throws Exception {
        R aloneFirst = compile.apply(SimulatedModel.of("sim-small"), FIRST);
        R aloneSecond = compile.apply(SimulatedModel.of("sim-small"), SECOND);
        CountDownLatch gate = new CountDownLatch(2);
        AtomicBoolean overlapped = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<R> first = pool.submit(
                    () -> compile.apply(new GatedModel(SimulatedModel.of("sim-small"), gate, overlapped), FIRST));
            Future<R> second = pool.submit(
                    () -> compile.apply(new GatedModel(SimulatedModel.of("sim-small"), gate, overlapped), SECOND));
            Pair<R> pair = new Pair<>(
                    aloneFirst, aloneSecond, first.get(5, TimeUnit.MINUTES), second.get(5, TimeUnit.MINUTES));
            assertTrue(overlapped.get(), "the two compiles ran at the same time");
            return pair;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The same program and the same report, but for wall time and what the JVM-wide tracker saw. */
    private static void assertSameResult(OptimizerResult<Predict> expected, OptimizerResult<Predict> actual) {
        assertEquals(
                ProgramState.toJson(expected.program()).toString(),
                ProgramState.toJson(actual.program()).toString(),
                "the program");
        OptimizerReport want = expected.report();
        OptimizerReport got = actual.report();
        assertEquals(want.calls(), got.calls(), "calls");
        assertEquals(want.promptTokens(), got.promptTokens(), "prompt tokens");
        assertEquals(want.completionTokens(), got.completionTokens(), "completion tokens");
        assertEquals(want.candidates(), got.candidates(), "candidates");
        assertEquals(want.bestCandidate(), got.bestCandidate(), "best candidate");
        assertEquals(want.bootstrapAttempts(), got.bootstrapAttempts(), "bootstrap attempts");
        assertEquals(want.bootstrapped(), got.bootstrapped(), "bootstrapped");
        assertEquals(want.errors(), got.errors(), "errors");
        assertEquals(want.stoppedReason(), got.stoppedReason(), "stop reason");
        assertEquals(want.options(), got.options(), "options");
    }

    private static <R extends OptimizerResult<Predict>> void assertSeparateAndCorrect(Pair<R> pair) {
        assertSameResult(pair.aloneFirst(), pair.concurrentFirst());
        assertSameResult(pair.aloneSecond(), pair.concurrentSecond());
        assertNotEquals(
                ProgramState.toJson(pair.concurrentFirst().program()).toString(),
                ProgramState.toJson(pair.concurrentSecond().program()).toString(),
                "different training sets give different programs, so the results cannot be mixed up unseen");
    }

    @Test
    void bootstrapFewShotCompilesTwiceAtOnce() throws Exception {
        BootstrapFewShot optimizer = BootstrapFewShot.builder(QaFixture.EXACT_MATCH)
                .maxBootstrappedDemos(3)
                .maxLabeledDemos(5)
                .seed(4)
                .build();
        Pair<Compiled<Predict>> pair =
                runAloneAndAtOnce((model, train) -> optimizer.compileWithResult(QaFixture.student(model), train));
        assertSeparateAndCorrect(pair);
        JsonNode options = JSON.readTree(pair.concurrentFirst().report().options());
        assertEquals(4, options.path("seed").asLong());
        assertEquals(3, options.path("bootstrap").path("maxBootstrappedDemos").asInt());
        assertEquals(5, options.path("bootstrap").path("maxLabeledDemos").asInt());
        assertEquals(
                optimizer.options().toJson(), pair.concurrentSecond().report().options());
    }

    @Test
    void coproCompilesTwiceAtOnce() throws Exception {
        Copro copro = Copro.builder(QaFixture.EXACT_MATCH)
                .breadth(3)
                .depth(2)
                .initTemperature(1.2)
                .promptModel(SimulatedModel.of("sim-large"))
                .seed(7)
                .trackStats(true)
                .build();
        Pair<Copro.Result<Predict>> pair =
                runAloneAndAtOnce((model, train) -> copro.compileWithResult(QaFixture.student(model), train));
        assertSeparateAndCorrect(pair);
        assertEquals(pair.aloneFirst().candidates(), pair.concurrentFirst().candidates());
        assertEquals(pair.aloneSecond().candidates(), pair.concurrentSecond().candidates());
        assertEquals(pair.aloneFirst().statistics(), pair.concurrentFirst().statistics());
        assertEquals(pair.aloneSecond().statistics(), pair.concurrentSecond().statistics());
        assertFalse(pair.concurrentFirst().statistics().isEmpty());

        JsonNode options = JSON.readTree(pair.concurrentFirst().report().options());
        assertEquals(3, options.path("breadth").asInt());
        assertEquals(2, options.path("depth").asInt());
        assertEquals(1.2, options.path("initTemperature").asDouble());
        assertTrue(options.path("trackStats").asBoolean());
        assertEquals(7, options.path("run").path("seed").asLong());
        assertEquals("sim-large", options.path("run").path("promptModel").asText());
        assertTrue(options.path("run").path("taskModel").isNull());
    }

    @Test
    void miproV2CompilesTwiceAtOnce() throws Exception {
        MiproV2 mipro = MiproV2.builder(QaFixture.EXACT_MATCH)
                .maxBootstrappedDemos(0)
                .maxLabeledDemos(0)
                .viewDataBatchSize(4)
                .promptModel(SimulatedModel.of("sim-large"))
                .valset(VALSET)
                .seed(11)
                .build();
        Pair<MiproV2.Result<Predict>> pair =
                runAloneAndAtOnce((model, train) -> mipro.compileWithResult(QaFixture.student(model), train));
        assertSameResult(pair.aloneFirst(), pair.concurrentFirst());
        assertSameResult(pair.aloneSecond(), pair.concurrentSecond());
        assertEquals(pair.aloneFirst().trials(), pair.concurrentFirst().trials());
        assertEquals(pair.aloneSecond().trials(), pair.concurrentSecond().trials());
        assertEquals(
                pair.aloneFirst().instructionCandidates(),
                pair.concurrentFirst().instructionCandidates());
        assertEquals(
                pair.aloneSecond().instructionCandidates(),
                pair.concurrentSecond().instructionCandidates());
        assertEquals(
                pair.aloneFirst().bestConfiguration(), pair.concurrentFirst().bestConfiguration());

        JsonNode options = JSON.readTree(pair.concurrentSecond().report().options());
        assertEquals("LIGHT", options.path("auto").asText());
        assertEquals(0, options.path("maxBootstrappedDemos").asInt());
        assertEquals(4, options.path("viewDataBatchSize").asInt());
        assertEquals(VALSET.size(), options.path("valsetSize").asInt());
        assertEquals(11, options.path("run").path("seed").asLong());
        assertEquals("sim-large", options.path("run").path("promptModel").asText());
    }

    @Test
    void theRunRecordKeepsTheOptionsOfTheRunThatMadeIt() throws Exception {
        try (RunRecord record = RunRecord.inMemory("copro-options")) {
            Copro copro = Copro.builder(QaFixture.EXACT_MATCH)
                    .breadth(2)
                    .depth(1)
                    .promptModel(SimulatedModel.of("sim-large"))
                    .seed(5)
                    .callBudget(500)
                    .record(record)
                    .build();
            Copro.Result<Predict> result = copro.compileWithResult(QaFixture.student("sim-small"), FIRST);
            String recorded = record.options().orElseThrow();
            assertEquals(JSON.readTree(result.report().options()), JSON.readTree(recorded));
            JsonNode options = JSON.readTree(recorded);
            assertEquals("copro-options", options.path("run").path("record").asText());
            assertEquals(500, options.path("run").path("callBudget").asLong());
            assertFalse(recorded.toLowerCase(java.util.Locale.ROOT).contains("key"), "no API key: " + recorded);
        }
    }
}
