package dev.dspj.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.Dspj;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.usage.ModelUsage;
import dev.dspj.lm.usage.PriceTable;
import dev.dspj.lm.usage.UsageTracker;
import dev.dspj.module.CallOptions;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModel;
import dev.dspj.testing.ScriptedModel;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@link EvaluationResult#usage()} is exactly the calls of the evaluated program, whatever runs beside it. */
class EvaluateUsageTest {

    private static final ExecutorService THREADS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "evaluate-usage-test");
        thread.setDaemon(true);
        return thread;
    });

    @AfterAll
    static void stopThreads() {
        THREADS.shutdownNow();
    }

    private static Predict qa(LanguageModel model) {
        Predict predict = new Predict(EvaluateTest.QA);
        if (model != null) {
            predict.setModel(model);
        }
        return predict;
    }

    private static Evaluate evaluate(List<Example> devset) {
        // one call in flight per run, so a run's first call can only be released by the other run's
        return Evaluate.builder(devset, Metrics.exactMatch("answer"))
                .progress(false)
                .concurrency(1)
                .build();
    }

    private static List<Example> factoids(int from, int to) {
        return SimTasks.factoidQa().toExamples().subList(from, to);
    }

    /** Runs two evaluations on two threads at the same time and returns both results. */
    private static List<EvaluationResult> inParallel(
            Supplier<EvaluationResult> first, Supplier<EvaluationResult> second) {
        CompletableFuture<EvaluationResult> a = CompletableFuture.supplyAsync(first, THREADS);
        CompletableFuture<EvaluationResult> b = CompletableFuture.supplyAsync(second, THREADS);
        return List.of(a.join(), b.join());
    }

    private static void assertSameUsage(ModelUsage expected, ModelUsage actual) {
        assertEquals(expected.calls(), actual.calls(), "calls");
        assertEquals(expected.cacheHits(), actual.cacheHits(), "cache hits");
        assertEquals(expected.failures(), actual.failures(), "failures");
        assertEquals(expected.promptTokens(), actual.promptTokens(), "prompt tokens");
        assertEquals(expected.completionTokens(), actual.completionTokens(), "completion tokens");
        assertEquals(
                0,
                expected.costUsd().compareTo(actual.costUsd()),
                "cost " + expected.costUsd() + " vs " + actual.costUsd());
    }

    @Test
    void twoRunsInParallelOnTwoModelsEachReportExactlyTheirOwnCallsTokensAndCost() {
        CountDownLatch bothRunning = new CountDownLatch(2);
        Observed small = new Observed(SimulatedModel.of("sim-small"), bothRunning);
        Observed large = new Observed(SimulatedModel.of("sim-large"), bothRunning);
        Predict smallProgram = qa(small);
        Predict largeProgram = qa(large);
        long globalBefore = UsageTracker.global().total().calls();

        List<EvaluationResult> results = inParallel(
                () -> evaluate(factoids(0, 12)).run(smallProgram),
                () -> evaluate(factoids(12, 30)).run(new EvaluateTest.BlockingProgram(largeProgram)));

        assertTrue(small.calls.get() >= 12 && large.calls.get() >= 18, small.calls + " / " + large.calls);
        assertSameUsage(small.usage(), results.get(0).usage());
        assertSameUsage(large.usage(), results.get(1).usage());
        assertNotEquals(0, results.get(1).usage().costUsd().signum(), "sim-large has a price");
        assertTrue(
                results.get(1)
                                .usage()
                                .costUsd()
                                .compareTo(results.get(0).usage().costUsd())
                        > 0,
                "sim-large costs more than sim-small");
        assertTrue(
                UsageTracker.global().total().calls() - globalBefore >= small.calls.get() + large.calls.get(),
                "the global tracker still counts every call");
        assertSame(small, smallProgram.model().orElseThrow(), "the program's model is what it was");
        assertSame(large, largeProgram.model().orElseThrow(), "the program's model is what it was");
    }

    @Test
    void differentProgramsOnTheDefaultModelFromTwoThreadsEachReportTheirOwn() {
        List<Example> first = factoids(0, 10);
        List<Example> second = factoids(40, 55);
        Predict plain = qa(null);
        Module blocking = new EvaluateTest.BlockingProgram(qa(null));
        try {
            Observed alone = new Observed(SimulatedModel.of("sim-small"), new CountDownLatch(0));
            Dspj.configure(alone);
            ModelUsage firstAlone = evaluate(first).run(plain).usage();
            ModelUsage secondAlone = evaluate(second).run(blocking).usage();
            assertSameUsage(alone.usage(), ModelUsage.sum("*", List.of(firstAlone, secondAlone)));

            Observed shared = new Observed(SimulatedModel.of("sim-small"), new CountDownLatch(2));
            Dspj.configure(shared);
            List<EvaluationResult> results = inParallel(
                    () -> evaluate(first).run(plain), () -> evaluate(second).run(blocking));

            assertSameUsage(firstAlone, results.get(0).usage());
            assertSameUsage(secondAlone, results.get(1).usage());
            assertSameUsage(
                    shared.usage(),
                    ModelUsage.sum(
                            "*", List.of(results.get(0).usage(), results.get(1).usage())));
            assertNotEquals(firstAlone.calls(), secondAlone.calls());
        } finally {
            Dspj.configure(null);
        }
        assertEquals(Optional.empty(), plain.model(), "the default model was not set on the program");
        assertEquals(
                Optional.empty(), blocking.namedPredictors().get(0).predictor().model());
    }

    @Test
    void concurrentRunsOfTheSameProgramInstanceEachReportTheirOwn() {
        List<Example> first = factoids(0, 6);
        List<Example> second = factoids(6, 15);
        Observed alone = new Observed(SimulatedModel.of("sim-large"), new CountDownLatch(0));
        ModelUsage firstAlone = evaluate(first).run(qa(alone)).usage();
        ModelUsage secondAlone = evaluate(second).run(qa(alone)).usage();
        Observed shared = new Observed(SimulatedModel.of("sim-large"), new CountDownLatch(2));
        Predict program = qa(shared);

        List<EvaluationResult> results = inParallel(
                () -> evaluate(first).run(program), () -> evaluate(second).run(program));

        assertSameUsage(firstAlone, results.get(0).usage());
        assertSameUsage(secondAlone, results.get(1).usage());
        assertSame(shared, program.model().orElseThrow());
        assertSame(
                program,
                results.get(1).results().get(3).trace().get(0).predictor(),
                "traces name the caller's predictor, not the run's copy");
    }

    @Test
    void cacheHitsCountAsCallsAndCacheHitsWithNoTokensOrCost() {
        ScriptedModel scripted = ScriptedModel.answering(request -> ScriptedModel.chatAnswer("answer", "A"));
        Caching cache = new Caching(scripted);
        Observed observed = new Observed(cache, new CountDownLatch(0));
        PriceTable prices = PriceTable.empty().with(scripted.modelName(), "1.00", "2.00");
        List<Example> devset = List.of(
                Example.of("question", "Q0", "answer", "A").withInputs("question"),
                Example.of("question", "Q1", "answer", "A").withInputs("question"),
                Example.of("question", "Q0", "answer", "A").withInputs("question"),
                Example.of("question", "Q1", "answer", "A").withInputs("question"),
                Example.of("question", "Q0", "answer", "A").withInputs("question"));

        EvaluationResult result = Evaluate.builder(devset, Metrics.exactMatch("answer"))
                .progress(false)
                .concurrency(1)
                .prices(prices)
                .build()
                .run(qa(observed));

        ModelUsage usage = result.usage();
        assertEquals(5, usage.calls());
        assertEquals(3, usage.cacheHits());
        assertEquals(2, scripted.requests().size(), "only the misses reached the model");
        assertEquals(observed.prompt.get(), usage.promptTokens(), "tokens of the two misses only");
        assertEquals(observed.completion.get(), usage.completionTokens());
        assertTrue(usage.promptTokens() > 0);
        BigDecimal expected = prices.cost(scripted.modelName(), observed.prompt.get(), observed.completion.get());
        assertEquals(0, expected.compareTo(usage.costUsd()), expected + " vs " + usage.costUsd());
    }

    @Test
    void aCallOptionsModelIsMeteredInsteadOfThePredictorsOwn() {
        Observed own = new Observed(SimulatedModel.of("sim-small"), new CountDownLatch(0));
        Observed override = new Observed(SimulatedModel.of("sim-large"), new CountDownLatch(0));
        Predict program = qa(own);

        EvaluationResult result = Evaluate.builder(factoids(0, 5), Metrics.exactMatch("answer"))
                .progress(false)
                .build()
                .run(program, CallOptions.model(override));

        assertEquals(0, own.calls.get());
        assertSameUsage(override.usage(), result.usage());
        assertSame(own, program.model().orElseThrow());
    }

    @Test
    void aProgramWhoseDeepCopyReturnsItselfIsRefusedWithTheReason() {
        Module sharing = new Module() {
            final Predict predict = qa(ScriptedModel.replying(ScriptedModel.chatAnswer("answer", "A")));

            @Override
            public Prediction forward(Map<String, Object> inputs) {
                return predict.forward(inputs);
            }

            @Override
            public List<NamedPredictor> namedPredictors() {
                return List.of(new NamedPredictor("qa", predict));
            }

            @Override
            public Module deepCopy() {
                return this;
            }
        };

        IllegalStateException refused = assertThrows(
                IllegalStateException.class, () -> evaluate(factoids(0, 2)).run(sharing));

        assertTrue(
                refused.getMessage().contains(sharing.getClass().getName() + ".deepCopy() returned the program itself"),
                refused.getMessage());
    }

    /**
     * Wraps a model: counts what it answers (priced with the default table) and holds each call
     * until the gate opens, which happens once two calls have arrived.
     */
    static final class Observed implements LanguageModel {
        final LanguageModel delegate;
        final CountDownLatch gate;
        final AtomicLong calls = new AtomicLong();
        final AtomicLong hits = new AtomicLong();
        final AtomicLong prompt = new AtomicLong();
        final AtomicLong completion = new AtomicLong();
        private BigDecimal cost = BigDecimal.ZERO;

        Observed(LanguageModel delegate, CountDownLatch gate) {
            this.delegate = delegate;
            this.gate = gate;
        }

        @Override
        public String modelName() {
            return delegate.modelName();
        }

        @Override
        public LmResponse complete(LmRequest request) {
            gate.countDown();
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the other run never made a call");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            LmResponse response = delegate.complete(request);
            calls.incrementAndGet();
            if (response.cached()) {
                hits.incrementAndGet();
            } else {
                prompt.addAndGet(response.usage().promptTokens());
                completion.addAndGet(response.usage().completionTokens());
                BigDecimal price = PriceTable.defaults()
                        .cost(
                                modelName(),
                                response.usage().promptTokens(),
                                response.usage().completionTokens());
                synchronized (this) {
                    cost = cost.add(price);
                }
            }
            return response;
        }

        @Override
        public CompletableFuture<LmResponse> completeAsync(LmRequest request) {
            // on threads of its own: a held call must not hold a common-pool worker the other run needs
            return CompletableFuture.supplyAsync(() -> complete(request), THREADS);
        }

        synchronized ModelUsage usage() {
            return new ModelUsage(modelName(), calls.get(), hits.get(), 0, prompt.get(), completion.get(), cost);
        }
    }

    /** Answers a request seen before from memory, marked as a cache hit, as the HTTP client's cache does. */
    static final class Caching implements LanguageModel {
        final LanguageModel delegate;
        final Map<String, LmResponse> answered = new ConcurrentHashMap<>();

        Caching(LanguageModel delegate) {
            this.delegate = delegate;
        }

        @Override
        public String modelName() {
            return delegate.modelName();
        }

        @Override
        public LmResponse complete(LmRequest request) {
            String key = request.messages().toString();
            LmResponse seen = answered.get(key);
            if (seen != null) {
                return seen.asCached();
            }
            LmResponse response = delegate.complete(request);
            answered.put(key, response);
            return response;
        }
    }
}
