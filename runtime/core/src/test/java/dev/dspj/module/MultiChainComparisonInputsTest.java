package dev.dspj.module;

import static dev.dspj.testing.ScriptedModel.chatAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.codec.Codecs;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.testing.ScriptedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * MultiChainComparison's untyped calls (completions passed in the inputs), the signatures it refuses,
 * and how attempts show values that are not text, as Python's {@code str} would.
 */
class MultiChainComparisonInputsTest {

    private static final SignatureDescriptor QA = SignatureDescriptor.builder("QA")
            .field(FieldDescriptor.input("question", Codecs.STRING, "", "java.lang.String"))
            .field(FieldDescriptor.output("answer", Codecs.STRING, "", "java.lang.String"))
            .build();

    @Test
    void attemptsShowStructuredAnswersAsPythonWould() {
        Map<String, Object> scores = new LinkedHashMap<>();
        scores.put("k", 2.5f);
        scores.put("ok", Optional.of(false));
        List<Object> answer = new ArrayList<>(Arrays.asList("it's", "a\"b", "a'b\"c", "tab\there", true, 1.0, null));
        answer.add(scores);
        Map<String, Object> completion = new LinkedHashMap<>();
        completion.put("rationale", "  first thought\nsecond thought");
        completion.put("answer", answer);
        assertEquals(
                "«I'm trying to first thought I'm not sure but my prediction is [\"it's\", 'a\"b', 'a\\'b\"c', "
                        + "'tab\\there', True, 1.0, None, {'k': 2.5, 'ok': False}]»",
                MultiChainComparison.formatAttempt(completion, "answer"));
    }

    @Test
    void anAttemptWithoutRationaleOrReasoningShowsNone() {
        assertEquals(
                "«I'm trying to  I'm not sure but my prediction is 42»",
                MultiChainComparison.formatAttempt(Map.of("answer", 42), "answer"));
        Map<String, Object> nullAnswer = new LinkedHashMap<>();
        nullAnswer.put("answer", null);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> MultiChainComparison.formatAttempt(nullAnswer, "answer"));
        assertEquals("the completion has no value for \"answer\"; its fields are [answer]", e.getMessage());
    }

    @Test
    void signaturesItCannotExtendAreRefused() {
        assertEquals(
                "MultiChainComparison needs at least 1 attempt, got M=0",
                assertThrows(IllegalArgumentException.class, () -> MultiChainComparison.extend(QA, 0))
                        .getMessage());
        SignatureDescriptor withRationale =
                QA.prependOutput(FieldDescriptor.output("rationale", Codecs.STRING, "", "java.lang.String"));
        assertEquals(
                "signature QA already has a field named \"rationale\", which MultiChainComparison adds",
                assertThrows(IllegalArgumentException.class, () -> MultiChainComparison.extend(withRationale, 2))
                        .getMessage());
    }

    @Test
    void completionsCanBePassedAsMapsInTheInputs() {
        ScriptedModel model = ScriptedModel.replying(chatAnswer("rationale", "both say blue", "answer", "blue"));
        MultiChainComparison mcc = new MultiChainComparison(QA, 2);
        mcc.predict().setModel(model);
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("question", "Sky?");
        inputs.put(
                MultiChainComparison.COMPLETIONS,
                List.of(
                        Map.of("rationale", "it is day", "answer", "blue"),
                        new Prediction(Map.of("answer", "blue"), null)));
        Prediction result = mcc.forward(inputs);
        assertEquals("blue", result.values().get("answer"));
        var messages = model.lastRequest().messages();
        String prompt = messages.get(messages.size() - 1).content();
        assertTrue(prompt.contains("«I'm trying to it is day I'm not sure but my prediction is blue»"), prompt);
        assertEquals("MultiChainComparison(QA, M=2)", mcc.toString());
    }

    @Test
    void completionsOfAnotherKindAreRefusedSyncAndAsync() {
        MultiChainComparison mcc = new MultiChainComparison(QA, 1);
        mcc.predict().setModel(ScriptedModel.replying());
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("question", "Sky?");
        inputs.put(MultiChainComparison.COMPLETIONS, List.of("blue"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mcc.forward(inputs));
        assertEquals(
                "MultiChainComparison: \"completions\" must hold predictions or maps, got java.lang.String",
                e.getMessage());
        ExecutionException async = assertThrows(
                ExecutionException.class,
                () -> mcc.forwardAsync(inputs, CallOptions.NONE).get());
        assertEquals(e.getMessage(), async.getCause().getMessage());
    }
}
