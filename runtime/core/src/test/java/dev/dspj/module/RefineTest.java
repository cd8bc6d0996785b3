package dev.dspj.module;

import static dev.dspj.module.BestOfNTest.ONE_WORD;
import static dev.dspj.module.BestOfNTest.QA;
import static dev.dspj.module.BestOfNTest.QUESTION;
import static dev.dspj.module.BestOfNTest.answer;
import static dev.dspj.module.BestOfNTest.predict;
import static dev.dspj.testing.ScriptedModel.chatAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.lm.LmRequest;
import dev.dspj.testing.ScriptedModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Refine against a scripted model: the feedback call, the hint in the next attempt, the budget. */
class RefineTest {

    private static final String ADVICE = "Answer with the city name only.";

    private static boolean isFeedback(LmRequest request) {
        return request.messages().get(0).content().contains("`program_trajectory`");
    }

    private static String system(LmRequest request) {
        return request.messages().get(0).content();
    }

    private static String user(LmRequest request) {
        return request.messages().get(request.messages().size() - 1).content();
    }

    private static String feedbackAnswer(String adviceJson) {
        return chatAnswer("discussion", "The answer was not a single word.", "advice", adviceJson);
    }

    @Test
    void asksForFeedbackAndGivesTheAdviceToTheNextAttemptAsAHint() {
        ScriptedModel model = ScriptedModel.answering(request -> {
            if (isFeedback(request)) {
                return feedbackAnswer("{\"predict\": \"" + ADVICE + "\"}");
            }
            return user(request).contains("[[ ## hint_ ## ]]")
                    ? chatAnswer("reasoning", "Keep it short.", "answer", "Brussels")
                    : chatAnswer("reasoning", "The capital is the City of Brussels.", "answer", "City of Brussels");
        });
        ChainOfThought cot = new ChainOfThought(QA);
        cot.predict().setModel(model);

        AttemptsResult result = new Refine(cot, 3, ONE_WORD, 1.0).run(QUESTION);

        assertEquals("Brussels", answer(result.prediction()));
        assertTrue(result.passed());
        List<LmRequest> requests = model.requests();
        assertEquals(3, requests.size(), "attempt, feedback, attempt");
        LmRequest first = requests.get(0);
        LmRequest feedback = requests.get(1);
        LmRequest second = requests.get(2);
        assertFalse(isFeedback(first));
        assertTrue(isFeedback(feedback));
        assertFalse(isFeedback(second));

        assertFalse(system(first).contains("hint_"));
        assertFalse(user(first).contains("hint_"));
        assertTrue(system(second).contains("`hint_` (str): A hint to the module from an earlier run"), system(second));
        assertTrue(
                user(second)
                        .contains("[[ ## question ## ]]\nWhat is the capital of Belgium?\n\n[[ ## hint_ ## ]]\n"
                                + ADVICE),
                user(second));

        assertEquals(Optional.of(0), first.settings().rolloutId());
        assertEquals(Optional.of(1), second.settings().rolloutId());
        assertEquals(Optional.of(1.0), first.settings().temperature());
        assertEquals(Optional.of(1.0), second.settings().temperature());
        assertEquals(Optional.empty(), feedback.settings().temperature(), "feedback is not an attempt");
        assertEquals(Optional.empty(), feedback.settings().rolloutId());

        String asked = user(feedback);
        assertTrue(
                asked.contains("[[ ## program_inputs ## ]]\n{\n  \"question\": \"What is the capital of Belgium?\"\n}"),
                asked);
        assertTrue(
                asked.contains("[[ ## program_trajectory ## ]]\n[\n  {\n    \"module_name\": \"predict\",\n"
                        + "    \"inputs\": {\n      \"question\": \"What is the capital of Belgium?\"\n    },\n"
                        + "    \"outputs\": {\n      \"reasoning\": \"The capital is the City of Brussels.\",\n"
                        + "      \"answer\": \"City of Brussels\"\n    }\n  }\n]"),
                asked);
        assertTrue(
                asked.contains(
                        "[[ ## program_outputs ## ]]\n{\n  \"reasoning\": \"The capital is the City of Brussels.\",\n"
                                + "  \"answer\": \"City of Brussels\"\n}"),
                asked);
        assertTrue(asked.contains("[[ ## target_threshold ## ]]\n1.0"), asked);
        assertTrue(asked.contains("[[ ## reward_value ## ]]\n0.0"), asked);
        assertTrue(asked.contains("[[ ## module_names ## ]]\n[\n  \"predict\"\n]"), asked);
        String separator = "-".repeat(80);
        assertTrue(
                asked.contains("[[ ## modules_defn ## ]]\n" + separator + "\nModule predict\n\tInput Fields:\n"
                        + "\t\t1. `question` (str):\n\tOutput Fields:\n\t\t1. `reasoning` (str): \n\t\t2. `answer` (str):\n"
                        + "\tOriginal Instructions: \n\t\tGiven the fields `question`, produce the fields `answer`.\n"
                        + separator),
                asked);
        assertTrue(system(feedback).contains("In the discussion, assign blame to each module that contributed"));
        assertTrue(system(feedback).contains("`advice` (dict[str, str]): For each module, describe very concretely"));

        assertEquals(2, result.attempts().size());
        assertEquals(Map.of("predict", ADVICE), result.attempts().get(0).advice());
        assertEquals(Map.of(), result.attempts().get(0).hints());
        assertEquals(Map.of("predict", ADVICE), result.attempts().get(1).hints());
        assertEquals(Map.of(), result.attempts().get(1).advice(), "no feedback once the threshold is reached");
        assertEquals(
                List.of("module.predict"),
                new Refine(cot, 3, ONE_WORD, 1.0)
                        .namedPredictors().stream().map(NamedPredictor::name).toList());
        assertEquals(ChatAdapterName.NAME, cot.predict().adapter().name(), "the original predictor keeps its adapter");
    }

    /** The Chat adapter's name, to check the original predictor is not wrapped. */
    private static final class ChatAdapterName {
        static final String NAME = dev.dspj.adapter.ChatAdapter.INSTANCE.name();
    }

    @Test
    void predictorsTheAdviceDoesNotNameGetNotApplicable() {
        ScriptedModel model = ScriptedModel.answering(request -> {
            if (isFeedback(request)) {
                return feedbackAnswer("{\"first\": \"Be brief.\"}");
            }
            return chatAnswer("answer", user(request).contains("[[ ## hint_ ## ]]") ? "Brussels" : "City of Brussels");
        });
        BestOfNTest.TwoStep program = new BestOfNTest.TwoStep(predict(model), predict(model));

        AttemptsResult result = new Refine(program, 2, ONE_WORD, 1.0).run(QUESTION);

        List<LmRequest> requests = model.requests();
        assertEquals(5, requests.size(), "two calls, feedback, two calls");
        String asked = user(requests.get(2));
        assertTrue(asked.contains("[[ ## module_names ## ]]\n[\n  \"first\",\n  \"second\"\n]"), asked);
        assertTrue(asked.indexOf("\"module_name\": \"first\"") < asked.indexOf("\"module_name\": \"second\""), asked);
        assertTrue(
                asked.contains("\"question\": \"What is the capital of Belgium? (draft: City of Brussels)\""), asked);
        assertTrue(
                user(requests.get(3))
                        .endsWith("[[ ## hint_ ## ]]\nBe brief.\n\n"
                                + "Respond with the corresponding output fields, starting with the field `[[ ## answer ## ]]`, "
                                + "and then ending with the marker for `[[ ## completed ## ]]`."),
                user(requests.get(3)));
        assertTrue(user(requests.get(4)).contains("[[ ## hint_ ## ]]\nN/A"), user(requests.get(4)));
        assertEquals(
                Map.of("first", "Be brief.", "second", "N/A"),
                result.attempts().get(1).hints());
        assertEquals("Brussels", answer(result.prediction()));
    }

    @Test
    void noFeedbackAfterTheLastAttemptAndTheBestIsReturned() {
        AtomicInteger attempts = new AtomicInteger();
        ScriptedModel model = ScriptedModel.answering(request -> isFeedback(request)
                ? feedbackAnswer("{\"self\": \"Use one word.\"}")
                : chatAnswer("answer", attempts.incrementAndGet() == 1 ? "a b" : "a b c"));
        Map<String, Double> scores = Map.of("a b", 0.5, "a b c", 0.2);

        AttemptsResult result = new Refine(predict(model), 2, (i, p) -> scores.get(answer(p)), 1.0).run(QUESTION);

        assertEquals(3, model.requests().size());
        assertEquals(1, model.requests().stream().filter(RefineTest::isFeedback).count());
        assertEquals("a b", answer(result.prediction()));
        assertFalse(result.passed());
        assertEquals(Map.of("self", "Use one word."), result.attempts().get(1).hints(), "a bare predictor is 'self'");
    }

    @Test
    void theFeedbackPredictorsOwnModelAnswersTheFeedback() {
        ScriptedModel moduleModel = ScriptedModel.answering(request -> chatAnswer("answer", "a b"));
        ScriptedModel feedbackModel = ScriptedModel.answering(request -> feedbackAnswer("{}"));
        Refine refine = new Refine(predict(moduleModel), 2, ONE_WORD, 1.0);
        refine.feedbackPredictor().setModel(feedbackModel);
        refine.setRewardCode("def one_word(args, pred): ...");

        AttemptsResult result = refine.run(QUESTION);

        assertEquals(2, moduleModel.requests().size());
        assertEquals(1, feedbackModel.requests().size());
        assertTrue(
                user(feedbackModel.lastRequest()).contains("[[ ## reward_code ## ]]\ndef one_word(args, pred): ..."));
        assertFalse(user(moduleModel.lastRequest()).contains("hint_"), "empty advice gives no hint, as in DSPy");
        assertEquals(Map.of(), result.attempts().get(1).hints());
    }

    @Test
    void aFailedFeedbackCallCountsAgainstTheBudget() {
        ScriptedModel model = ScriptedModel.answering(
                request -> isFeedback(request) ? "no fields at all" : chatAnswer("answer", "a b"));

        AttemptsFailedException e = assertThrows(
                AttemptsFailedException.class, () -> new Refine(predict(model), 3, ONE_WORD, 1.0, 0).forward(QUESTION));

        Attempt attempt = e.attempts().get(0);
        assertTrue(attempt.prediction().isPresent(), "the scored prediction is still reported");
        assertEquals(0.0, attempt.reward().getAsDouble());
        assertTrue(attempt.failed());
        assertTrue(
                e.getMessage().startsWith("Refine over Predict[QA]: 1 of 1 attempts failed, more than failCount=0"),
                e.getMessage());
    }

    @Test
    void theFailureBudgetIsPerCall() {
        AtomicInteger calls = new AtomicInteger();
        Refine refine = new Refine(
                new BestOfNTest.Flaky(predict(ScriptedModel.replying()), Integer.MAX_VALUE, calls),
                3,
                (i, p) -> 1.0,
                0.0,
                1);

        for (int call = 1; call <= 3; call++) {
            int before = calls.get();
            AttemptsFailedException e = assertThrows(AttemptsFailedException.class, () -> refine.forward(QUESTION));
            assertEquals(2, calls.get() - before, "call " + call + " must tolerate one failure again");
            assertTrue(e.getCause().getMessage().startsWith("Deliberately failing"));
        }
    }

    @Test
    void deepCopiesAreIndependent() {
        Predict predict = new Predict(QA);
        Refine refine = new Refine(predict, 2, ONE_WORD, 1.0);
        refine.setProgramCode("class Program: ...");
        Refine copy = refine.deepCopy();

        copy.namedPredictors().get(0).predictor().setInstructions("changed");
        copy.feedbackPredictor().setInstructions("changed");

        assertFalse(predict.instructions().equals("changed"));
        assertFalse(refine.feedbackPredictor().instructions().equals("changed"));
        assertEquals("class Program: ...", copy.programCode());
        assertEquals(
                List.of("module"),
                copy.namedPredictors().stream().map(NamedPredictor::name).toList());
    }
}
