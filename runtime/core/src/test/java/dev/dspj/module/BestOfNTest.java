package dev.dspj.module;

import static dev.dspj.testing.ScriptedModel.chatAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.codec.Codecs;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmSettings;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.testing.ScriptedModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** BestOfN against a scripted model: selection, rollout ids and temperature, the failure budget. */
class BestOfNTest {

    static final SignatureDescriptor QA = SignatureDescriptor.builder("QA")
            .field(FieldDescriptor.input("question", Codecs.STRING, "", "java.lang.String"))
            .field(FieldDescriptor.output("answer", Codecs.STRING, "", "java.lang.String"))
            .build();

    static final Map<String, Object> QUESTION = Map.of("question", "What is the capital of Belgium?");

    /** DSPy's test reward: 1.0 for a one-word answer. */
    static final RewardFunction ONE_WORD =
            (inputs, prediction) -> ((String) prediction.values().get("answer")).split(" ").length == 1 ? 1.0 : 0.0;

    static Predict predict(ScriptedModel model) {
        Predict predict = new Predict(QA);
        predict.setModel(model);
        return predict;
    }

    static String answer(Prediction prediction) {
        return (String) prediction.values().get("answer");
    }

    /** A module that throws on its first {@code failures} calls, then delegates. */
    static final class Flaky implements Module {
        final Module inner;
        final int failures;
        final AtomicInteger calls;

        Flaky(Module inner, int failures, AtomicInteger calls) {
            this.inner = inner;
            this.failures = failures;
            this.calls = calls;
        }

        @Override
        public Prediction forward(Map<String, Object> inputs) {
            if (calls.incrementAndGet() <= failures) {
                throw new IllegalStateException("Deliberately failing, call " + calls.get());
            }
            return inner.forward(inputs);
        }

        @Override
        public List<NamedPredictor> namedPredictors() {
            return inner.namedPredictors();
        }

        @Override
        public Module deepCopy() {
            return new Flaky(inner.deepCopy(), failures, calls);
        }
    }

    @Test
    void returnsTheFirstPredictionThatReachesTheThreshold() {
        ScriptedModel model = ScriptedModel.replying(
                chatAnswer("answer", "City of Brussels"),
                chatAnswer("answer", "Brussels"),
                chatAnswer("answer", "Bruxelles"));

        AttemptsResult result = new BestOfN(predict(model), 3, ONE_WORD, 1.0).run(QUESTION);

        assertEquals("Brussels", answer(result.prediction()));
        assertEquals(2, model.requests().size(), "the third attempt must not run once one passed");
        assertEquals(2, result.attempts().size());
        assertEquals(0.0, result.attempts().get(0).reward().getAsDouble());
        assertEquals(1.0, result.bestReward());
        assertSame(result.attempts().get(1), result.best());
        assertTrue(result.passed());
        assertEquals(0, result.failures());
    }

    @Test
    void returnsTheBestPredictionWhenNoneReachesTheThreshold() {
        ScriptedModel model = ScriptedModel.replying(
                chatAnswer("answer", "low"),
                chatAnswer("answer", "high"),
                chatAnswer("answer", "middle"),
                chatAnswer("answer", "high again"));
        Map<String, Double> scores = Map.of("low", 0.2, "high", 0.7, "middle", 0.5, "high again", 0.7);
        RewardFunction score = (inputs, prediction) -> scores.get(answer(prediction));

        AttemptsResult result = new BestOfN(predict(model), 4, score, 1.0).run(QUESTION);

        assertEquals("high", answer(result.prediction()), "the first of the equally best predictions wins");
        assertEquals(4, model.requests().size());
        assertEquals(1, result.best().index());
        assertEquals(0.7, result.bestReward());
        assertFalse(result.passed());
        assertEquals(
                List.of(0.2, 0.7, 0.5, 0.7),
                result.attempts().stream().map(a -> a.reward().getAsDouble()).toList());
    }

    @Test
    void eachAttemptHasItsOwnRolloutIdAndTemperatureOne() {
        ScriptedModel model = ScriptedModel.answering(request -> chatAnswer("answer", "two words"));
        Predict predict = predict(model);
        predict.setSettings(LmSettings.DEFAULTS.withTemperature(0.2).withMaxTokens(50));

        new BestOfN(predict, 3, ONE_WORD, 1.0).forward(QUESTION);

        List<LmRequest> requests = model.requests();
        assertEquals(3, requests.size());
        assertEquals(
                List.of(Optional.of(0), Optional.of(1), Optional.of(2)),
                requests.stream().map(r -> r.settings().rolloutId()).toList());
        for (LmRequest request : requests) {
            assertEquals(Optional.of(1.0), request.settings().temperature());
            assertEquals(Optional.of(50), request.settings().maxTokens(), "the predictor's other settings stay");
        }
        assertEquals(Optional.of(0.2), predict.settings().temperature(), "the predictor itself is unchanged");
        assertEquals(Optional.empty(), predict.settings().rolloutId());
    }

    @Test
    void rolloutIdsStartAtTheCallersOrTheModulesRolloutId() {
        ScriptedModel model = ScriptedModel.answering(request -> chatAnswer("answer", "two words"));
        Predict predict = predict(model);
        BestOfN bestOfN = new BestOfN(predict, 2, ONE_WORD, 1.0);

        bestOfN.forward(
                QUESTION,
                CallOptions.settings(LmSettings.DEFAULTS.withRolloutId(5).withMaxTokens(7)));
        predict.setSettings(LmSettings.DEFAULTS.withRolloutId(10));
        bestOfN.forward(QUESTION);

        List<LmRequest> requests = model.requests();
        assertEquals(
                List.of(Optional.of(5), Optional.of(6), Optional.of(10), Optional.of(11)),
                requests.stream().map(r -> r.settings().rolloutId()).toList());
        assertEquals(Optional.of(7), requests.get(0).settings().maxTokens(), "the caller's other settings apply");
        assertEquals(Optional.of(1.0), requests.get(0).settings().temperature());
    }

    @Test
    void aCustomModuleRunsAsACopyWithTheOverridesOnEveryPredictor() {
        ScriptedModel model = ScriptedModel.answering(request -> chatAnswer("answer", "two words"));
        TwoStep program = new TwoStep(predict(model), predict(model));

        new BestOfN(program, 2, ONE_WORD, 1.0).forward(QUESTION);

        List<LmRequest> requests = model.requests();
        assertEquals(4, requests.size());
        assertEquals(
                List.of(Optional.of(0), Optional.of(0), Optional.of(1), Optional.of(1)),
                requests.stream().map(r -> r.settings().rolloutId()).toList());
        requests.forEach(r -> assertEquals(Optional.of(1.0), r.settings().temperature()));
        assertEquals(LmSettings.DEFAULTS, program.first.settings(), "the original program is unchanged");
        assertEquals(LmSettings.DEFAULTS, program.second.settings());
    }

    @Test
    void failuresWithinTheBudgetAreReportedAndSkipped() {
        ScriptedModel model = ScriptedModel.replying(chatAnswer("answer", "Brussels"));
        AtomicInteger calls = new AtomicInteger();

        AttemptsResult result = new BestOfN(new Flaky(predict(model), 1, calls), 3, ONE_WORD, 1.0, 1).run(QUESTION);

        assertEquals("Brussels", answer(result.prediction()));
        assertEquals(2, calls.get());
        assertEquals(1, result.failures());
        Attempt failed = result.attempts().get(0);
        assertTrue(failed.failed());
        assertTrue(failed.prediction().isEmpty());
        assertTrue(failed.reward().isEmpty());
        assertEquals(
                "Deliberately failing, call 1", failed.error().orElseThrow().getMessage());
        assertEquals(0, failed.rolloutId());
        assertEquals(1, result.best().rolloutId());
    }

    @Test
    void oneFailureMoreThanFailCountEndsTheCall() {
        ScriptedModel model = ScriptedModel.replying(chatAnswer("answer", "Brussels"));
        AtomicInteger calls = new AtomicInteger();
        BestOfN bestOfN = new BestOfN(new Flaky(predict(model), 2, calls), 3, (i, p) -> 1.0, 0.0, 1);

        AttemptsFailedException e = assertThrows(AttemptsFailedException.class, () -> bestOfN.forward(QUESTION));

        assertEquals(2, calls.get(), "DSPy: fail_count=1 tolerates one failure and raises on the second");
        assertEquals("Deliberately failing, call 2", e.getCause().getMessage());
        assertEquals(1, e.getSuppressed().length);
        assertEquals(2, e.attempts().size());
        assertTrue(e.getMessage().contains("BestOfN over Flaky[QA]"), e.getMessage());
        assertTrue(e.getMessage().contains("What is the capital of Belgium?"), e.getMessage());
        assertTrue(e.getMessage().contains("more than failCount=1"), e.getMessage());
        assertEquals(0, model.requests().size());
    }

    @Test
    void theFailureBudgetIsPerCall() {
        AtomicInteger calls = new AtomicInteger();
        BestOfN bestOfN = new BestOfN(
                new Flaky(predict(ScriptedModel.replying()), Integer.MAX_VALUE, calls), 3, (i, p) -> 1.0, 0.0, 1);

        for (int call = 1; call <= 3; call++) {
            int before = calls.get();
            assertThrows(AttemptsFailedException.class, () -> bestOfN.forward(QUESTION));
            assertEquals(2, calls.get() - before, "call " + call + " must tolerate one failure again");
        }
    }

    @Test
    void failCountZeroEndsTheCallAtTheFirstFailure() {
        AtomicInteger calls = new AtomicInteger();
        BestOfN bestOfN = new BestOfN(new Flaky(predict(ScriptedModel.replying()), 9, calls), 3, (i, p) -> 1.0, 0.0, 0);

        assertThrows(AttemptsFailedException.class, () -> bestOfN.forward(QUESTION));
        assertEquals(1, calls.get());
    }

    @Test
    void byDefaultTheCallFailsOnlyWhenEveryAttemptFailed() {
        AtomicInteger calls = new AtomicInteger();
        BestOfN bestOfN = new BestOfN(new Flaky(predict(ScriptedModel.replying()), 9, calls), 3, (i, p) -> 1.0, 0.0);

        AttemptsFailedException e = assertThrows(AttemptsFailedException.class, () -> bestOfN.forward(QUESTION));

        assertEquals(3, calls.get());
        assertEquals(3, bestOfN.failCount());
        assertEquals("Deliberately failing, call 3", e.getCause().getMessage());
        assertEquals(2, e.getSuppressed().length);
        assertTrue(e.getMessage().contains("all 3 attempts failed"), e.getMessage());
    }

    @Test
    void aThrowingRewardFunctionCountsAsAFailedAttempt() {
        ScriptedModel model = ScriptedModel.replying(chatAnswer("answer", "a b"), chatAnswer("answer", "Brussels"));
        AtomicInteger scored = new AtomicInteger();
        RewardFunction reward = (inputs, prediction) -> {
            if (scored.incrementAndGet() == 1) {
                throw new IllegalArgumentException("cannot score");
            }
            return 1.0;
        };

        AttemptsResult result = new BestOfN(predict(model), 3, reward, 1.0, 1).run(QUESTION);

        assertEquals("Brussels", answer(result.prediction()));
        Attempt first = result.attempts().get(0);
        assertTrue(first.prediction().isPresent(), "the prediction of a failed scoring is kept");
        assertInstanceOf(IllegalArgumentException.class, first.error().orElseThrow());
    }

    @Test
    void rewardFunctionReceivesTheInputs() {
        ScriptedModel model = ScriptedModel.replying(chatAnswer("answer", "Brussels"));
        AtomicInteger matched = new AtomicInteger();
        new BestOfN(
                        predict(model),
                        1,
                        (inputs, prediction) -> {
                            if (inputs.equals(QUESTION)) {
                                matched.incrementAndGet();
                            }
                            return 1.0;
                        },
                        1.0)
                .forward(QUESTION);
        assertEquals(1, matched.get());
    }

    @Test
    void predictorPathsAreUnderModuleAndDeepCopiesAreIndependent() {
        ChainOfThought cot = new ChainOfThought(QA);
        BestOfN overCot = new BestOfN(cot, 3, ONE_WORD, 1.0);
        assertEquals(
                List.of("module.predict"),
                overCot.namedPredictors().stream().map(NamedPredictor::name).toList());
        assertSame(cot.predict(), overCot.namedPredictors().get(0).predictor());

        Predict predict = new Predict(QA);
        BestOfN overPredict = new BestOfN(predict, 3, ONE_WORD, 1.0);
        assertEquals(
                List.of("module"),
                overPredict.namedPredictors().stream().map(NamedPredictor::name).toList());

        BestOfN copy = overPredict.deepCopy();
        Predict copied = copy.namedPredictors().get(0).predictor();
        assertNotSame(predict, copied);
        copied.setInstructions("changed");
        assertFalse(predict.instructions().equals("changed"));
        assertEquals(3, copy.n());
        assertEquals(1.0, copy.threshold());
    }

    @Test
    void rejectsInvalidSettings() {
        Predict predict = new Predict(QA);
        assertThrows(IllegalArgumentException.class, () -> new BestOfN(predict, 0, ONE_WORD, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new BestOfN(predict, 2, ONE_WORD, 1.0, -1));
        assertThrows(IllegalArgumentException.class, () -> new BestOfN(predict, 2, ONE_WORD, Double.NaN));
    }

    /** A program of two predictors, to check the overrides reach each of them on a copy. */
    static final class TwoStep implements Module {
        final Predict first;
        final Predict second;

        TwoStep(Predict first, Predict second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public Prediction forward(Map<String, Object> inputs) {
            Prediction draft = first.forward(inputs);
            return second.forward(Map.of(
                    "question",
                    inputs.get("question") + " (draft: " + draft.values().get("answer") + ")"));
        }

        @Override
        public List<NamedPredictor> namedPredictors() {
            return List.of(new NamedPredictor("first", first), new NamedPredictor("second", second));
        }

        @Override
        public Module deepCopy() {
            return new TwoStep(first.deepCopy(), second.deepCopy());
        }
    }
}
