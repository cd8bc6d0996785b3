package dev.dspj.evaluate;

import static dev.dspj.TestTypes.in;
import static dev.dspj.TestTypes.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.codec.Codecs;
import dev.dspj.module.AsyncModule;
import dev.dspj.module.CallOptions;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.module.Trace;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.SignatureDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What Evaluate does with programs and metrics that misbehave, and how it checks its configuration. */
class EvaluateEdgeCasesTest {

    private static final List<Example> DEVSET = List.of(
            Example.of("question", "a", "answer", "A").withInputs("question"),
            Example.of("question", "b", "answer", "B").withInputs("question"));

    private static final Metric EXACT =
            Metric.of((gold, prediction) -> gold.get("answer").equals(prediction.get("answer")) ? 1 : 0);

    /** A program without predictors, answering with a function of the inputs. */
    private static Module program(Function<Map<String, Object>, Prediction> forward) {
        return new Module() {
            @Override
            public Prediction forward(Map<String, Object> inputs) {
                return forward.apply(inputs);
            }

            @Override
            public List<NamedPredictor> namedPredictors() {
                return List.of();
            }

            @Override
            public Module deepCopy() {
                return this;
            }
        };
    }

    /** An asynchronous program without predictors. */
    private static AsyncModule asyncProgram(Function<Map<String, Object>, CompletableFuture<Prediction>> forward) {
        return new AsyncModule() {
            @Override
            public CompletableFuture<Prediction> forwardAsync(Map<String, Object> inputs, CallOptions options) {
                return forward.apply(inputs);
            }

            @Override
            public Prediction forward(Map<String, Object> inputs) {
                return forwardAsync(inputs, CallOptions.NONE).join();
            }

            @Override
            public List<NamedPredictor> namedPredictors() {
                return List.of();
            }

            @Override
            public Module deepCopy() {
                return this;
            }
        };
    }

    private static Prediction upper(Map<String, Object> inputs) {
        return new Prediction(
                Map.of("answer", inputs.get("question").toString().toUpperCase(java.util.Locale.ROOT)), null);
    }

    private static Evaluate evaluate(Metric metric) {
        return Evaluate.builder(DEVSET, metric).progress(false).build();
    }

    private static ExampleResult onlyFailure(EvaluationResult result) {
        assertEquals(2, result.failures().size(), result.toString());
        return result.failures().get(0);
    }

    @Test
    void aProgramReturningNullFailsTheExample() {
        Module returnsNull = program(inputs -> null);
        ExampleResult failed = onlyFailure(evaluate(EXACT).run(returnsNull));
        assertEquals(ExampleResult.Stage.PROGRAM, failed.failedIn().orElseThrow());
        assertEquals(
                returnsNull.getClass().getName() + " returned no prediction (null)",
                failed.failure().orElseThrow().getMessage());
    }

    @Test
    void aMetricReturningNullFailsTheExampleInTheMetricStage() {
        Metric nothing = (gold, prediction, trace) -> null;
        ExampleResult failed = onlyFailure(evaluate(nothing).run(program(EvaluateEdgeCasesTest::upper)));
        assertEquals(ExampleResult.Stage.METRIC, failed.failedIn().orElseThrow());
        assertEquals(
                "metric " + nothing + " returned null instead of a MetricResult",
                failed.failure().orElseThrow().getMessage());
        assertTrue(failed.prediction().isPresent(), "the prediction the metric could not score is kept");
    }

    @Test
    void anAsyncProgramReturningNoFutureFailsTheExample() {
        AsyncModule noFuture = asyncProgram(inputs -> null);
        ExampleResult failed = onlyFailure(evaluate(EXACT).run(noFuture));
        assertEquals(
                noFuture.getClass().getName() + ".forwardAsync returned null",
                failed.failure().orElseThrow().getMessage());
    }

    @Test
    void anAsyncProgramThatThrowsOrCompletesWithNullFailsTheExample() {
        ExampleResult thrown = onlyFailure(evaluate(EXACT).run(asyncProgram(inputs -> {
            throw new IllegalArgumentException("bad input " + inputs.get("question"));
        })));
        assertEquals("bad input a", thrown.failure().orElseThrow().getMessage());

        ExampleResult empty =
                onlyFailure(evaluate(EXACT).run(asyncProgram(inputs -> CompletableFuture.completedFuture(null))));
        assertTrue(
                empty.failure().orElseThrow().getMessage().endsWith(" returned no prediction (null)"),
                empty.failure().orElseThrow().getMessage());
    }

    @Test
    void anAsyncProgramsFailureIsUnwrapped() {
        ExampleResult failed = onlyFailure(evaluate(EXACT)
                .run(asyncProgram(inputs ->
                        CompletableFuture.failedFuture(new CompletionException(new IllegalStateException("down"))))));
        assertInstanceOf(IllegalStateException.class, failed.failure().orElseThrow());
        assertEquals("down", failed.failure().orElseThrow().getMessage());
    }

    /** An asynchronous metric answering with a function of the prediction. */
    private static AsyncMetric asyncMetric(Function<Prediction, CompletableFuture<MetricResult>> score) {
        return new AsyncMetric() {
            @Override
            public CompletableFuture<MetricResult> scoreAsync(Example gold, Prediction prediction, Trace trace) {
                return score.apply(prediction);
            }

            @Override
            public MetricResult score(Example gold, Prediction prediction, Trace trace) {
                return scoreAsync(gold, prediction, trace).join();
            }

            @Override
            public String toString() {
                return "async-metric";
            }
        };
    }

    @Test
    void anAsyncMetricThatMisbehavesFailsTheExampleInTheMetricStage() {
        AsyncModule async = asyncProgram(inputs -> CompletableFuture.completedFuture(upper(inputs)));

        ExampleResult noFuture = onlyFailure(evaluate(asyncMetric(p -> null)).run(async));
        assertEquals(ExampleResult.Stage.METRIC, noFuture.failedIn().orElseThrow());
        assertEquals(
                "metric async-metric returned no future from scoreAsync",
                noFuture.failure().orElseThrow().getMessage());

        ExampleResult thrown = onlyFailure(evaluate(asyncMetric(p -> {
                    throw new IllegalStateException("judge unavailable");
                }))
                .run(async));
        assertEquals("judge unavailable", thrown.failure().orElseThrow().getMessage());

        EvaluationResult scored = evaluate(asyncMetric(p -> CompletableFuture.completedFuture(MetricResult.of(0.5))))
                .run(async);
        assertEquals(1.0, scored.total());
    }

    static final SignatureDescriptor QA = SignatureDescriptor.builder("QA")
            .field(in("question", Codecs.STRING))
            .field(out("answer", Codecs.STRING))
            .build();

    /** A program with one predictor whose deepCopy is the given function of the program. */
    private static Module copying(Predict predict, Function<Module, Module> deepCopy) {
        return new Module() {
            @Override
            public Prediction forward(Map<String, Object> inputs) {
                return predict.forward(inputs);
            }

            @Override
            public List<NamedPredictor> namedPredictors() {
                return List.of(new NamedPredictor("answer", predict));
            }

            @Override
            public Module deepCopy() {
                return deepCopy.apply(this);
            }
        };
    }

    @Test
    void aDeepCopyThatIsNotACopyIsRefusedSayingWhatItReturned() {
        Predict predict = new Predict(QA);
        Module nullCopy = copying(predict, program -> null);
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> evaluate(EXACT).run(nullCopy));
        assertTrue(e.getMessage().contains(".deepCopy() returned null; make deepCopy() return"), e.getMessage());

        Module selfCopy = copying(predict, program -> program);
        e = assertThrows(IllegalStateException.class, () -> evaluate(EXACT).run(selfCopy));
        assertTrue(e.getMessage().contains(".deepCopy() returned the program itself;"), e.getMessage());

        Module sharing = copying(predict, program -> copying(predict, p -> p));
        e = assertThrows(IllegalStateException.class, () -> evaluate(EXACT).run(sharing));
        assertTrue(
                e.getMessage()
                        .contains(".deepCopy() returned a module whose predictors [answer] are not independent copies "
                                + "of [answer];"),
                e.getMessage());
    }

    @Test
    void theBuilderNamesTheNullExample() {
        List<Example> withNull = new ArrayList<>(DEVSET);
        withNull.add(null);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Evaluate.builder(withNull, EXACT));
        assertEquals("example #2 of the dev set is null", e.getMessage());
    }

    @Test
    void theBuilderRefusesANegativeTable() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Evaluate.builder(DEVSET, EXACT).displayTable(-1));
        assertEquals("Evaluate displayTable must be at least 0, got -1", e.getMessage());
        assertEquals(3, Evaluate.builder(DEVSET, EXACT).displayTable(3).build().displayTable());
    }

    @Test
    void unmarkedExamplesAreCountedAndTheFirstTenListed() {
        Example unmarked = Example.of("question", "q", "answer", "a");
        Example[] examples = new Example[12];
        Arrays.fill(examples, unmarked);
        IllegalArgumentException many = assertThrows(
                IllegalArgumentException.class,
                () -> Evaluate.builder(List.of(examples), EXACT).build());
        assertTrue(
                many.getMessage()
                        .startsWith("12 example(s) of the dev set have no input fields marked, for example #0 "),
                many.getMessage());
        assertTrue(many.getMessage().endsWith(" (indices [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]...)"), many.getMessage());

        IllegalArgumentException two = assertThrows(
                IllegalArgumentException.class,
                () -> Evaluate.builder(List.of(DEVSET.get(0), unmarked, unmarked), EXACT)
                        .build());
        assertTrue(two.getMessage().startsWith("2 example(s) "), two.getMessage());
        assertTrue(two.getMessage().endsWith(" (indices [1, 2])"), two.getMessage());
    }

    @Test
    void itsDescriptionNamesTheErrorLimitOnlyWhenThereIsOne() {
        Evaluate unlimited = Evaluate.builder(DEVSET, EXACT).concurrency(2).build();
        assertEquals("Evaluate(2 examples, metric=" + EXACT + ", concurrency=2)", unlimited.toString());
        Evaluate limited =
                Evaluate.builder(DEVSET, EXACT).concurrency(2).maxErrors(3).build();
        assertEquals("Evaluate(2 examples, metric=" + EXACT + ", concurrency=2, maxErrors=3)", limited.toString());
        assertEquals(DEVSET, limited.devset());
        assertTrue(limited.metric() == EXACT);
        assertTrue(limited.prices() != null);
    }
}
