package dev.dspj.module;

import static dev.dspj.testing.ScriptedModel.chatAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.codec.Codecs;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmSettings;
import dev.dspj.primitives.Prediction;
import dev.dspj.primitives.Usage;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.testing.ScriptedModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** MultiChainComparison against a scripted model, with DSPy's test data. */
class MultiChainComparisonTest {

    private static final SignatureDescriptor BASIC_QA = SignatureDescriptor.builder("BasicQA")
            .instructions("Answer questions with short factoid answers.")
            .field(FieldDescriptor.input("question", Codecs.STRING, "", "java.lang.String"))
            .field(FieldDescriptor.output("answer", Codecs.STRING, "often between 1 and 5 words", "java.lang.String"))
            .build();

    private static final Map<String, Object> QUESTION = Map.of("question", "What is the color of the sky?");

    private static final List<Prediction> COMPLETIONS = List.of(
            prediction(
                    "rationale",
                    "I recall that during clear days, the sky often appears this color.",
                    "answer",
                    "blue"),
            prediction(
                    "rationale",
                    "Based on common knowledge, I believe the sky is typically seen as this color.",
                    "answer",
                    "green"),
            prediction(
                    "rationale",
                    "From images and depictions in media, the sky is frequently represented with this hue.",
                    "answer",
                    "blue"));

    private static Prediction prediction(Object... namesAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new Prediction(values, null);
    }

    private static MultiChainComparison compare(ScriptedModel model, int m) {
        MultiChainComparison mcc = new MultiChainComparison(BASIC_QA, m);
        mcc.predict().setModel(model);
        return mcc;
    }

    private static String user(LmRequest request) {
        return request.messages().get(request.messages().size() - 1).content();
    }

    @Test
    void showsEachAttemptAndParsesTheRationaleAndTheAnswer() {
        ScriptedModel model = ScriptedModel.replying(chatAnswer("rationale", "my rationale", "answer", "blue"));

        Prediction result = compare(model, 3).forward(COMPLETIONS, QUESTION);

        assertEquals(Map.of("rationale", "my rationale", "answer", "blue"), result.values());
        assertEquals(
                List.of("rationale", "answer"), new ArrayList<>(result.values().keySet()));
        String user = user(model.lastRequest());
        assertEquals(
                "[[ ## question ## ]]\nWhat is the color of the sky?\n\n"
                        + "[[ ## reasoning_attempt_1 ## ]]\n«I'm trying to I recall that during clear days, the sky often appears "
                        + "this color. I'm not sure but my prediction is blue»\n\n"
                        + "[[ ## reasoning_attempt_2 ## ]]\n«I'm trying to Based on common knowledge, I believe the sky is "
                        + "typically seen as this color. I'm not sure but my prediction is green»\n\n"
                        + "[[ ## reasoning_attempt_3 ## ]]\n«I'm trying to From images and depictions in media, the sky is "
                        + "frequently represented with this hue. I'm not sure but my prediction is blue»\n\n"
                        + "Respond with the corresponding output fields, starting with the field `[[ ## rationale ## ]]`, then "
                        + "`[[ ## answer ## ]]`, and then ending with the marker for `[[ ## completed ## ]]`.",
                user);
        String system = model.lastRequest().messages().get(0).content();
        assertTrue(system.contains("2. `reasoning_attempt_1` (str): ${reasoning attempt}\n"), system);
        assertTrue(
                system.contains("Your output fields are:\n1. `rationale` (str): ${corrected reasoning}\n"
                        + "2. `answer` (str): often between 1 and 5 words"),
                system);
        assertTrue(system.endsWith("Answer questions with short factoid answers."), system);
        assertEquals(Optional.of(0.7), model.lastRequest().settings().temperature());
    }

    @Test
    void theSignatureHasDspysFieldsPrefixesAndOrder() {
        SignatureDescriptor extended = MultiChainComparison.extend(BASIC_QA, 2);

        assertEquals(
                List.of("question", "reasoning_attempt_1", "reasoning_attempt_2"),
                extended.inputFields().stream().map(FieldDescriptor::name).toList());
        assertEquals(
                List.of("rationale", "answer"),
                extended.outputFields().stream().map(FieldDescriptor::name).toList());
        FieldDescriptor<?> second = extended.field("reasoning_attempt_2").orElseThrow();
        assertEquals("Student Attempt #2:", second.prefix());
        assertEquals("${reasoning attempt}", second.description());
        FieldDescriptor<?> rationale = extended.outputFields().get(0);
        assertEquals("Accurate Reasoning: Thank you everyone. Let's now holistically", rationale.prefix());
        assertEquals("${corrected reasoning}", rationale.description());
        assertEquals(BASIC_QA.instructions(), extended.instructions());
        assertEquals("answer", new MultiChainComparison(BASIC_QA).lastKey());
        assertThrows(IllegalArgumentException.class, () -> MultiChainComparison.extend(extended, 1));
    }

    @Test
    void attemptsUseTheFirstLineOfReasoningOrRationaleAndOfTheLastOutput() {
        assertEquals(
                "«I'm trying to step one I'm not sure but my prediction is 42»",
                MultiChainComparison.formatAttempt(
                        Map.of("reasoning", "  step one  \nstep two", "answer", " 42 \nignored"), "answer"));
        assertEquals(
                "«I'm trying to from rationale I'm not sure but my prediction is 3»",
                MultiChainComparison.formatAttempt(
                        Map.of("rationale", "from rationale", "reasoning", "from reasoning", "answer", 3), "answer"));
        assertEquals(
                "«I'm trying to  I'm not sure but my prediction is blue»",
                MultiChainComparison.formatAttempt(Map.of("answer", "blue"), "answer"));
        assertEquals(
                "«I'm trying to x I'm not sure but my prediction is ['a', 'b']»",
                MultiChainComparison.formatAttempt(Map.of("reasoning", "x", "answer", List.of("a", "b")), "answer"));
        assertEquals(
                "«I'm trying to x I'm not sure but my prediction is True»",
                MultiChainComparison.formatAttempt(Map.of("reasoning", "x", "answer", true), "answer"));
    }

    @Test
    void aChainOfThoughtsPredictionsCanBeComparedDirectly() {
        ScriptedModel cotModel = ScriptedModel.replying(
                chatAnswer("reasoning", "Rayleigh scattering.", "answer", "blue"),
                chatAnswer("reasoning", "Sunsets.", "answer", "red"));
        ChainOfThought cot = new ChainOfThought(BASIC_QA);
        cot.predict().setModel(cotModel);
        List<Prediction> completions = List.of(cot.forward(QUESTION), cot.forward(QUESTION));
        ScriptedModel model = ScriptedModel.replying(chatAnswer("rationale", "Mostly blue.", "answer", "blue"));
        Map<String, Object> inputs = new LinkedHashMap<>(QUESTION);
        inputs.put(MultiChainComparison.COMPLETIONS, completions);

        Prediction result = compare(model, 2).forward(inputs);

        assertEquals("blue", result.values().get("answer"));
        String user = user(model.lastRequest());
        assertTrue(
                user.contains("[[ ## reasoning_attempt_1 ## ]]\n«I'm trying to Rayleigh scattering. I'm not sure but "
                        + "my prediction is blue»"),
                user);
        assertTrue(
                user.contains("[[ ## reasoning_attempt_2 ## ]]\n«I'm trying to Sunsets. I'm not sure but my "
                        + "prediction is red»"),
                user);
        assertTrue(!user.contains("completions"), user);
    }

    @Test
    void theReasoningOfACompletionIsUsedWhenItsValuesLackIt() {
        Prediction fromCompletion = new Prediction(
                Map.of("answer", "blue"),
                new dev.dspj.primitives.Completion("raw", "Reasoning kept on the completion.", "m", Usage.NONE));
        ScriptedModel model = ScriptedModel.replying(chatAnswer("rationale", "r", "answer", "blue"));

        compare(model, 1).forward(List.of(fromCompletion), QUESTION);

        assertTrue(user(model.lastRequest()).contains("«I'm trying to Reasoning kept on the completion. I'm not sure"));
    }

    @Test
    void wrongNumberOfCompletionsAndMissingAnswersAreRejected() {
        MultiChainComparison mcc = compare(ScriptedModel.replying(), 3);

        IllegalArgumentException count =
                assertThrows(IllegalArgumentException.class, () -> mcc.forward(COMPLETIONS.subList(0, 2), QUESTION));
        assertEquals(
                "The number of attempts (2) doesn't match the expected number M (3). Please set the correct value "
                        + "for M when initializing MultiChainComparison.",
                count.getMessage());

        MultiChainComparison single = compare(ScriptedModel.replying(), 1);
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class,
                () -> single.forward(List.of(prediction("rationale", "a guess")), QUESTION));
        assertTrue(
                missing.getMessage().contains("MultiChainComparison[BasicQA]: completion 1 of 1"),
                missing.getMessage());
        assertTrue(missing.getMessage().contains("\"answer\""), missing.getMessage());
        assertTrue(missing.getMessage().contains("What is the color of the sky?"), missing.getMessage());
    }

    @Test
    void overridesAsyncCallsPathsAndCopies() throws Exception {
        ScriptedModel model = ScriptedModel.replying(
                chatAnswer("rationale", "r", "answer", "blue"), chatAnswer("rationale", "r", "answer", "green"));
        MultiChainComparison mcc = compare(model, 3);

        mcc.forward(COMPLETIONS, QUESTION, CallOptions.settings(LmSettings.DEFAULTS.withTemperature(0.1)));
        assertEquals(Optional.of(0.1), model.lastRequest().settings().temperature());
        Prediction later =
                mcc.forwardAsync(COMPLETIONS, QUESTION, CallOptions.NONE).get();
        assertEquals("green", later.values().get("answer"));

        assertEquals(
                List.of("predict"),
                mcc.namedPredictors().stream().map(NamedPredictor::name).toList());
        MultiChainComparison copy = mcc.deepCopy();
        copy.predict().setInstructions("changed");
        assertEquals(BASIC_QA.instructions(), mcc.predict().instructions());
        assertEquals(3, copy.m());
        assertEquals(Optional.of(0.7), copy.predict().settings().temperature());
    }
}
