package dev.dspj.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.module.Trace;
import dev.dspj.primitives.Completion;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.testing.ScriptedModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SemanticF1Test {

    private static final Example GOLD = Example.of(
                    "question", "What is 1+1?", "response", "2, because one plus one is two")
            .withInputs("question");
    private static final Prediction PREDICTED = new Prediction(Map.of("response", "It is 2."), Completion.none());

    private static String system(LmRequest request) {
        return request.messages().get(0).content();
    }

    private static String lastUser(LmRequest request) {
        List<ChatMessage> messages = request.messages();
        return messages.get(messages.size() - 1).content();
    }

    @Test
    void scoresTheF1OfTheJudgedPrecisionAndRecallWithDspysPrompt() {
        ScriptedModel judge = ScriptedModel.replying(ScriptedModel.chatAnswer(
                "reasoning", "Both say 2; the gold explains why.", "recall", "0.6", "precision", "0.8"));
        SemanticF1 metric = SemanticF1.builder().model(judge).build();

        MetricResult result = metric.score(GOLD, PREDICTED, Trace.empty());

        assertEquals(2 * 0.8 * 0.6 / (0.8 + 0.6), result.score(), 1e-9);
        assertTrue(result.feedback().startsWith("semantic precision 0.8, recall 0.6, F1 0.686"), result.feedback());
        assertTrue(result.feedback().contains("Both say 2; the gold explains why."), result.feedback());
        LmRequest request = judge.lastRequest();
        String system = system(request);
        assertTrue(
                system.contains("Compare a system's response to the ground truth to compute its recall and precision."),
                system);
        assertTrue(
                system.contains(
                        "If asked to reason, enumerate key ideas in each response, and whether they are present "
                                + "in the other response."),
                system);
        assertTrue(
                system.contains(
                        "`recall` (float): fraction (out of 1.0) of ground truth covered by the system response"),
                system);
        assertTrue(
                system.contains(
                        "`precision` (float): fraction (out of 1.0) of system response covered by the ground truth"),
                system);
        assertTrue(
                system.contains("1. `question` (str)")
                        && system.contains("2. `ground_truth` (str)")
                        && system.contains("3. `system_response` (str)"),
                system);
        assertTrue(system.contains("`reasoning` (str)"), "a chain of thought, as DSPy's SemanticF1");
        String user = lastUser(request);
        assertTrue(user.contains("[[ ## question ## ]]\nWhat is 1+1?"), user);
        assertTrue(user.contains("[[ ## ground_truth ## ]]\n2, because one plus one is two"), user);
        assertTrue(user.contains("[[ ## system_response ## ]]\nIt is 2."), user);
    }

    @Test
    void f1ClampsBothSidesAndIsZeroWhenBothAreZero() {
        assertEquals(2 * 1.0 * 0.5 / 1.5, SemanticF1.f1(1.5, 0.5), 1e-9);
        assertEquals(0.0, SemanticF1.f1(0, 0));
        assertEquals(0.0, SemanticF1.f1(-0.2, 0.9));
        assertEquals(1.0, SemanticF1.f1(1, 1));
    }

    @Test
    void passFailAppliesTheThreshold() {
        String answer = ScriptedModel.chatAnswer("reasoning", "r", "recall", "0.6", "precision", "0.8");
        AsyncMetric strict = SemanticF1.builder()
                .model(ScriptedModel.replying(answer))
                .threshold(0.7)
                .build()
                .passFail();
        AsyncMetric lenient = SemanticF1.builder()
                .model(ScriptedModel.replying(answer))
                .threshold(0.5)
                .build()
                .passFail();

        MetricResult failed = strict.score(GOLD, PREDICTED, Trace.empty());
        assertEquals(0.0, failed.score(), "F1 0.686 < 0.7");
        assertTrue(failed.feedback().contains("F1 0.686"));
        assertEquals(
                1.0, lenient.scoreAsync(GOLD, PREDICTED, Trace.empty()).join().score(), "F1 0.686 >= 0.5");
        assertEquals(SemanticF1.DEFAULT_THRESHOLD, SemanticF1.create().threshold());
    }

    @Test
    void decompositionalJudgeEnumeratesKeyIdeasAndReportsTheDiscussion() {
        ScriptedModel judge = ScriptedModel.replying(ScriptedModel.chatAnswer(
                "reasoning",
                "r",
                "ground_truth_key_ideas",
                "1. the answer is 2\n2. one plus one",
                "system_response_key_ideas",
                "1. the answer is 2",
                "discussion",
                "The response gives the answer but not the reason.",
                "recall",
                "0.5",
                "precision",
                "1.0"));
        SemanticF1 metric =
                SemanticF1.builder().model(judge).decompositional(true).build();

        MetricResult result = metric.scoreAsync(GOLD, PREDICTED, Trace.empty()).join();

        assertEquals(2 * 0.5 / 1.5, result.score(), 1e-9);
        assertTrue(result.feedback().contains("Discussion: The response gives the answer but not the reason."));
        String system = system(judge.lastRequest());
        assertTrue(
                system.contains(
                        "Compare a system's response to the ground truth to compute recall and precision of key ideas."),
                system);
        assertTrue(
                system.contains("You will first enumerate key ideas in each response, discuss their overlap, and then "
                        + "report recall and precision."),
                system);
        assertTrue(
                system.contains(
                        "`discussion` (str): discussion of the overlap between ground truth and system response"),
                system);
    }

    @Test
    void fieldNamesCanBeChangedAndMissingOnesAreNamed() {
        ScriptedModel judge =
                ScriptedModel.replying(ScriptedModel.chatAnswer("reasoning", "r", "recall", "1", "precision", "1"));
        SemanticF1 metric = SemanticF1.builder()
                .model(judge)
                .questionField("q")
                .groundTruthField("answer")
                .responseField("answer")
                .build();

        assertEquals(
                1.0,
                metric.score(
                                Example.of("q", "Q?", "answer", "A"),
                                new Prediction(Map.of("answer", "A"), Completion.none()),
                                Trace.empty())
                        .score());
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class,
                () -> SemanticF1.builder()
                        .model(judge)
                        .build()
                        .score(GOLD, new Prediction(Map.of("answer", "x"), Completion.none()), Trace.empty()));
        assertEquals(
                "SemanticF1: the prediction has no 'response' (the system response); its fields are [answer]",
                missing.getMessage());
    }

    @Test
    void theJudgesCallsStayOutOfTheProgramsTrace() {
        ScriptedModel judge = ScriptedModel.replying(
                ScriptedModel.chatAnswer("reasoning", "r", "recall", "1", "precision", "1"),
                ScriptedModel.chatAnswer("reasoning", "r", "recall", "1", "precision", "1"));
        SemanticF1 metric = SemanticF1.builder().model(judge).build();

        try (Trace trace = Trace.start()) {
            metric.score(GOLD, PREDICTED, trace);
            metric.scoreAsync(GOLD, PREDICTED, trace).join();
            assertEquals(List.of(), trace.entries());
        }
        assertEquals(2, judge.requests().size());
    }
}
