package dev.dspj.module;

import static dev.dspj.module.BestOfNTest.QA;
import static dev.dspj.module.BestOfNTest.answer;
import static dev.dspj.testing.ScriptedModel.chatAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.adapter.AdapterParseException;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.primitives.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Parallel: order, bounded concurrency (async and on threads), per-input failures, maxErrors. */
class ParallelTest {

    private static final Pattern QUESTION = Pattern.compile("\\[\\[ ## question ## ]]\\n(q(\\d+))");

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "parallel-test-timer");
        thread.setDaemon(true);
        return thread;
    });

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private static int questionNumber(LmRequest request) {
        Matcher matcher = QUESTION.matcher(
                request.messages().get(request.messages().size() - 1).content());
        if (!matcher.find()) {
            throw new IllegalStateException("no question in the request");
        }
        return Integer.parseInt(matcher.group(2));
    }

    private static List<Map<String, Object>> questions(int count) {
        List<Map<String, Object>> inputs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            inputs.add(Map.of("question", "q" + i));
        }
        return inputs;
    }

    /**
     * A model that answers later on a timer, as an HTTP client would without a thread per call,
     * and counts the calls in flight. Blocking calls fail: Parallel must use completeAsync.
     */
    private final class CountingModel implements LanguageModel {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        final List<LmRequest> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Function<Integer, Long> delayMillis;
        final Function<Integer, String> reply;

        CountingModel(Function<Integer, Long> delayMillis, Function<Integer, String> reply) {
            this.delayMillis = delayMillis;
            this.reply = reply;
        }

        @Override
        public String modelName() {
            return "counting";
        }

        @Override
        public LmResponse complete(LmRequest request) {
            throw new AssertionError("Parallel must call predictors through completeAsync");
        }

        @Override
        public CompletableFuture<LmResponse> completeAsync(LmRequest request) {
            requests.add(request);
            calls.incrementAndGet();
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            int number = questionNumber(request);
            CompletableFuture<LmResponse> response = new CompletableFuture<>();
            var unused = timer.schedule(
                    () -> {
                        inFlight.decrementAndGet();
                        response.complete(new LmResponse(List.of(reply.apply(number)), Usage.NONE, "counting"));
                    },
                    delayMillis.apply(number),
                    TimeUnit.MILLISECONDS);
            return response;
        }
    }

    private static Predict predict(LanguageModel model) {
        Predict predict = new Predict(QA);
        predict.setModel(model);
        return predict;
    }

    /** A module without async support that sleeps, counts concurrent calls and records its threads. */
    private static final class SlowModule implements Module {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final long sleepMillis;
        final boolean fail;

        SlowModule(long sleepMillis, boolean fail) {
            this.sleepMillis = sleepMillis;
            this.fail = fail;
        }

        @Override
        public Prediction forward(Map<String, Object> inputs) {
            calls.incrementAndGet();
            threads.add(Thread.currentThread().getName());
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            if (fail) {
                throw new IllegalStateException("cannot answer " + inputs.get("question"));
            }
            return new Prediction(Map.of("answer", "a" + inputs.get("question")), null);
        }

        @Override
        public List<NamedPredictor> namedPredictors() {
            return List.of();
        }

        @Override
        public Module deepCopy() {
            return this;
        }
    }

    @Test
    void resultsComeBackInInputOrderForThousandsOfInputs() {
        CountingModel model = new CountingModel(n -> (long) (n * 7 % 4), n -> chatAnswer("answer", "a" + n));

        ParallelResult result = new Parallel(16).run(predict(model), questions(2000));

        assertTrue(result.allSucceeded(), result.toString());
        List<Prediction> predictions = result.predictions();
        assertEquals(2000, predictions.size());
        for (int i = 0; i < predictions.size(); i++) {
            assertEquals("a" + i, answer(predictions.get(i)), "input " + i);
            assertEquals(i, result.outcomes().get(i).index());
            assertEquals("q" + i, result.outcomes().get(i).inputs().get("question"));
        }
        assertEquals(2000, model.calls.get());
        assertTrue(model.maxInFlight.get() <= 16, "max in flight " + model.maxInFlight.get());
        assertFalse(result.stoppedEarly());
    }

    @Test
    void asyncCallsInFlightNeverExceedTheBound() {
        CountingModel model = new CountingModel(n -> 15L, n -> chatAnswer("answer", "a" + n));

        ParallelResult result = new Parallel(4).run(new ChainOfThoughtLike(model), questions(40));

        assertTrue(result.allSucceeded(), result.toString());
        assertEquals(4, model.maxInFlight.get(), "the bound is reached and never exceeded");
    }

    /** A chain of thought whose model answers without reasoning too: reasoning is read as empty. */
    private static final class ChainOfThoughtLike implements AsyncModule {
        private final Predict predict;

        ChainOfThoughtLike(LanguageModel model) {
            this.predict = predict(model);
        }

        @Override
        public Prediction forward(Map<String, Object> inputs) {
            return predict.forward(inputs);
        }

        @Override
        public CompletableFuture<Prediction> forwardAsync(Map<String, Object> inputs, CallOptions options) {
            return predict.forwardAsync(inputs, options);
        }

        @Override
        public List<NamedPredictor> namedPredictors() {
            return predict.namedPredictors();
        }

        @Override
        public Module deepCopy() {
            return this;
        }
    }

    @Test
    void modulesWithoutAsyncRunOnABoundedPool() {
        SlowModule module = new SlowModule(20, false);

        ParallelResult result = new Parallel(3).run(module, questions(30));

        assertTrue(result.allSucceeded(), result.toString());
        assertEquals(3, module.maxInFlight.get());
        assertTrue(module.threads.size() <= 3, module.threads.toString());
        assertTrue(
                module.threads.stream().allMatch(name -> name.startsWith("dspj-parallel-")), module.threads.toString());
        for (int i = 0; i < 30; i++) {
            assertEquals("aq" + i, answer(result.outcomes().get(i).prediction().orElseThrow()));
        }
    }

    @Test
    void eachFailureIsReportedWithItsInput() {
        CountingModel model = new CountingModel(
                n -> (long) (n % 3), n -> n == 2 || n == 5 ? "not in the chat format" : chatAnswer("answer", "a" + n));

        ParallelResult result = new Parallel(4).run(predict(model), questions(8));

        assertEquals(6, result.count(ParallelResult.Status.SUCCEEDED));
        assertEquals(2, result.count(ParallelResult.Status.FAILED));
        assertEquals(0, result.count(ParallelResult.Status.SKIPPED));
        assertEquals(
                List.of(2, 5),
                result.problems().stream().map(ParallelResult.Outcome::index).toList());
        ParallelResult.Outcome failed = result.outcomes().get(2);
        assertInstanceOf(AdapterParseException.class, failed.error().orElseThrow());
        assertTrue(failed.prediction().isEmpty());
        assertTrue(
                failed.describe()
                        .startsWith("input #2 {question=\"q2\"} on Predict[QA]: failed: AdapterParseException"),
                failed.describe());
        List<Prediction> withNulls = result.predictionsOrNull();
        assertNull(withNulls.get(2));
        assertNull(withNulls.get(5));
        assertEquals("a7", answer(withNulls.get(7)));

        ParallelExecutionException e = assertThrows(ParallelExecutionException.class, result::predictions);
        assertTrue(e.getMessage().startsWith("Parallel: 2 of 8 inputs failed"), e.getMessage());
        assertTrue(e.getMessage().contains("input #2 {question=\"q2\"} on Predict[QA]"), e.getMessage());
        assertTrue(e.getMessage().contains("input #5 {question=\"q5\"} on Predict[QA]"), e.getMessage());
        assertInstanceOf(AdapterParseException.class, e.getCause());
        assertEquals(result, e.result());
    }

    @Test
    void stopsStartingInputsOnceMaxErrorsIsReached() {
        SlowModule module = new SlowModule(1, true);

        ParallelResult result = new Parallel(1).withMaxErrors(2).run(module, questions(10));

        assertEquals(2, module.calls.get(), "no input starts after the second failure");
        assertEquals(2, result.count(ParallelResult.Status.FAILED));
        assertEquals(8, result.count(ParallelResult.Status.SKIPPED));
        assertTrue(result.stoppedEarly());
        assertEquals(
                Optional.of("stopped after 2 failed inputs (maxErrors=2); inputs not yet started were skipped"),
                result.stopReason());
        ParallelResult.Outcome skipped = result.outcomes().get(2);
        assertEquals(ParallelResult.Status.SKIPPED, skipped.status());
        CancellationException reason =
                assertInstanceOf(CancellationException.class, skipped.error().orElseThrow());
        assertTrue(
                reason.getMessage().startsWith("Parallel did not run input #2 {question=\"q2\"} on SlowModule"),
                reason.getMessage());
        assertEquals("q9", result.outcomes().get(9).inputs().get("question"));
        ParallelExecutionException e = assertThrows(ParallelExecutionException.class, result::predictions);
        assertTrue(
                e.getMessage().startsWith("Parallel: 2 of 10 inputs failed and 8 were not run (stopped after 2"),
                e.getMessage());
        assertTrue(e.getMessage().contains("cannot answer q0"), e.getMessage());
    }

    @Test
    void callsInFlightWhenMaxErrorsIsReachedFinishAndAreReported() {
        CountingModel model = new CountingModel(n -> 5L, n -> "never parses");

        ParallelResult result = new Parallel(4).withMaxErrors(3).run(predict(model), questions(100));

        int failed = result.count(ParallelResult.Status.FAILED);
        assertTrue(failed >= 3 && failed <= 3 + 3, "failed: " + failed);
        assertEquals(100 - failed, result.count(ParallelResult.Status.SKIPPED));
        assertTrue(result.outcomes().stream().allMatch(o -> o.status() != ParallelResult.Status.SUCCEEDED));
        assertEquals(0, model.inFlight.get(), "the run returns once every started call is over");
    }

    @Test
    void runsPairsOfModulesAndInputsExamplesAndOverrides() {
        CountingModel model = new CountingModel(n -> 1L, n -> chatAnswer("answer", "a" + n));
        SlowModule slow = new SlowModule(1, false);

        ParallelResult pairs = new Parallel(2)
                .runTasks(
                        List.of(
                                new Parallel.Task(predict(model), Map.of("question", "q0")),
                                new Parallel.Task(slow, Map.of("question", "q1"))),
                        CallOptions.settings(LmSettings.DEFAULTS.withTemperature(0.3)));
        assertEquals("a0", answer(pairs.predictions().get(0)));
        assertEquals("aq1", answer(pairs.predictions().get(1)));
        assertEquals(Optional.of(0.3), model.requests.get(0).settings().temperature());

        ParallelResult examples = new Parallel()
                .runExamples(
                        predict(model),
                        List.of(Example.of("question", "q5", "answer", "gold").withInputs("question")));
        assertEquals("a5", answer(examples.predictions().get(0)));

        assertTrue(new Parallel().run(slow, List.of()).outcomes().isEmpty());
        assertEquals(Parallel.DEFAULT_MAX_CONCURRENCY, new Parallel().maxConcurrency());
        assertThrows(IllegalArgumentException.class, () -> new Parallel(0));
        assertThrows(IllegalArgumentException.class, () -> new Parallel().withMaxErrors(0));
    }
}
