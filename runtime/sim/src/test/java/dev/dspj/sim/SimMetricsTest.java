package dev.dspj.sim;

import static dev.dspj.sim.ProposerPrompts.mentions;
import static dev.dspj.sim.ProposerPrompts.prediction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.EvaluationResult;
import dev.dspj.evaluate.Metric;
import dev.dspj.evaluate.MetricResult;
import dev.dspj.module.Predict;
import dev.dspj.module.Trace;
import dev.dspj.primitives.Example;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The feedback metric's texts, and the hint phrases it and the proposer work towards really raising accuracy. */
class SimMetricsTest {

    private static final SimTask QA = SimPrompts.QA;
    private static final SimTask SENTIMENT = SimPrompts.SENTIMENT;
    private static final SimTask ARITHMETIC = SimPrompts.ARITHMETIC;

    private static MetricResult score(SimTask task, String field, SimExample example, Object predicted) {
        return SimMetrics.exactMatchWithFeedback(task, field)
                .score(example.toExample(), prediction(field, predicted), Trace.empty());
    }

    private static SimExample first(SimTask task, Predicate<SimExample> condition) {
        return task.examples().stream().filter(condition).findFirst().orElseThrow();
    }

    private static boolean mentionsAnyHint(SimTask task, String text) {
        return task.hints().stream().anyMatch(hint -> mentions(text, hint));
    }

    @Test
    void factoidFeedbackSaysWhatWasExpectedAndAsksForAShortFactoidWhenTheAnswerIsChatty() {
        SimExample example = QA.examples().get(0);
        String gold = example.gold().get("answer");
        MetricResult correct = score(QA, "answer", example, gold);
        assertEquals(1.0, correct.score());
        assertEquals("Correct: \"" + gold + "\" is the expected answer.", correct.feedback());

        String wrong = ProposerPrompts.wrongAnswer(QA, example, "answer");
        MetricResult failed = score(QA, "answer", example, wrong);
        assertEquals(0.0, failed.score());
        assertEquals("Incorrect: expected \"" + gold + "\", got \"" + wrong + "\".", failed.feedback());

        MetricResult chatty = score(QA, "answer", example, "I think the answer is " + wrong + ", a lovely place.");
        assertEquals(0.0, chatty.score());
        assertTrue(chatty.feedback().startsWith("Incorrect: expected \"" + gold + "\""), chatty.feedback());
        assertTrue(
                mentions(chatty.feedback(), "short factoid") && mentions(chatty.feedback(), "1-5 words"),
                chatty.feedback());
        assertTrue(
                mentions(score(QA, "answer", example, wrong + ".").feedback(), "short factoid"),
                "an answer written as a sentence is chatty");
    }

    @Test
    void sentimentFeedbackPointsAtSarcasmAndAtTheOverallTone() {
        SimExample sarcastic = first(
                SENTIMENT,
                e -> e.gold().get("sentiment").equals("NEGATIVE")
                        && e.difficulty() >= 0.65
                        && !e.inputs().get("review").matches("(?i).*\\b(but|yet|shame|at first)\\b.*"));
        MetricResult misread = score(SENTIMENT, "sentiment", sarcastic, "POSITIVE");
        assertTrue(mentions(misread.feedback(), "sarcasm"), misread.feedback());
        assertTrue(misread.feedback().startsWith("Incorrect: expected \"NEGATIVE\", got \"POSITIVE\"."));

        SimExample mixed = first(SENTIMENT, e -> e.inputs().get("review").matches("(?i).*\\bbut\\b.*"));
        String wrong = mixed.gold().get("sentiment").equals("POSITIVE") ? "NEGATIVE" : "POSITIVE";
        assertTrue(mentions(score(SENTIMENT, "sentiment", mixed, wrong).feedback(), "overall tone"));

        SimExample neutral = first(
                SENTIMENT,
                e -> e.gold().get("sentiment").equals("NEUTRAL")
                        && !e.inputs().get("review").matches("(?i).*\\b(but|yet|shame|at first)\\b.*"));
        MetricResult plain = score(SENTIMENT, "sentiment", neutral, "POSITIVE");
        assertEquals("Incorrect: expected \"NEUTRAL\", got \"POSITIVE\".", plain.feedback());
        assertEquals(1.0, score(SENTIMENT, "sentiment", neutral, "neutral").score(), "case does not matter");
    }

    @Test
    void arithmeticFeedbackAsksForAnExactIntegerAndToDoubleCheckSmallSlips() {
        SimExample example = ARITHMETIC.examples().get(0);
        long gold = Long.parseLong(example.gold().get("answer"));
        assertEquals(
                1.0, score(ARITHMETIC, "answer", example, gold).score(), "a number prediction is compared as text");
        String offByOne = score(ARITHMETIC, "answer", example, gold + 1).feedback();
        assertEquals(
                "Incorrect: expected \"" + gold + "\", got \"" + (gold + 1) + "\". The result is off by 1; "
                        + "double-check the arithmetic.",
                offByOne);
        assertTrue(
                !mentionsAnyHint(
                        ARITHMETIC,
                        score(ARITHMETIC, "answer", example, gold + 10).feedback()),
                "a larger slip gets no hint");
        assertTrue(
                mentions(score(ARITHMETIC, "answer", example, "about " + gold).feedback(), "exact integer"));
        assertTrue(mentions(score(ARITHMETIC, "answer", example, gold + ".5").feedback(), "exact integer"));
    }

    @Test
    void aFieldTheTaskDoesNotHaveIsRefusedByName() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> SimMetrics.exactMatchWithFeedback(QA, "answr"));
        assertTrue(
                error.getMessage().contains("\"answr\"") && error.getMessage().contains("[answer]"),
                error.getMessage());
        Metric metric = SimMetrics.exactMatchWithFeedback(QA, "answer");
        assertEquals(
                0.0,
                metric.score(QA.examples().get(1).toExample(), prediction("other", "x"), Trace.empty())
                        .score(),
                "a prediction without the field is wrong");
    }

    @Test
    void anInstructionWithBothHintsRaisesSimulatedAccuracyOnTheQaTask() {
        SimModelProfile profile = SimModelProfile.SMALL;
        List<SimExample> dev = QA.examples().subList(150, 250);
        List<Example> devset = SimTask.toExamples(dev);
        Metric metric = SimMetrics.exactMatchWithFeedback(QA, "answer");
        Predict predict = new Predict(SimPrompts.QA_SIGNATURE);
        predict.setModel(SimulatedModel.of(profile));
        double before = Evaluate.builder(devset, metric)
                .progress(false)
                .build()
                .run(predict)
                .score();
        predict.setInstructions(ProposerPrompts.QA_BASIC + " Answer with a short factoid, not a full sentence. "
                + "Keep the answer to 1-5 words.");
        EvaluationResult after =
                Evaluate.builder(devset, metric).progress(false).build().run(predict);
        double expectedBefore = SimTask.expectedAccuracy(profile, SimConditions.BASELINE, dev);
        double expectedAfter = SimTask.expectedAccuracy(profile, new SimConditions(0, 0, false, 2, 0.0), dev);
        System.out.printf(
                Locale.ROOT,
                "QA dev (100) on %s: before %.3f (expected %.3f), with both hints %.3f " + "(expected %.3f)%n",
                profile.name(),
                before,
                expectedBefore,
                after.score(),
                expectedAfter);
        assertEquals(expectedBefore, before, 0.1);
        assertEquals(expectedAfter, after.score(), 0.1);
        assertTrue(after.score() >= before + 0.12, "both hints raise accuracy: " + before + " -> " + after.score());
        assertTrue(
                after.results().stream().allMatch(r -> r.metric().feedbackText().isPresent()),
                "every result has feedback");
    }
}
