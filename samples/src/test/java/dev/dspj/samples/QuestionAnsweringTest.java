package dev.dspj.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.samples.qa.AnswerQuestionOutput;
import dev.dspj.samples.qa.AnswerQuestionPredictor;
import dev.dspj.samples.qa.AnswerQuestionSignature;
import dev.dspj.testing.ScriptedModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The question answerer: list inputs, a renamed output field, javadoc instructions, and the runnable sample. */
class QuestionAnsweringTest {

    @Test
    void wireNamesListsAndJavadocInstructions() {
        ScriptedModel model = ScriptedModel.replying(
                "[[ ## reasoning ## ]]\nPassage 2 names it.\n\n"
                        + "[[ ## answer ## ]]\nParis\n\n[[ ## supporting_passages ## ]]\n```json\n[2]\n```\n\n[[ ## completed ## ]]");
        AnswerQuestionOutput out = AnswerQuestionPredictor.chainOfThought()
                .withModel(model)
                .call("Capital of France?", List.of("Berlin is in Germany.", "Paris is in France."));

        assertEquals("Paris", out.answer());
        assertEquals(List.of(2), out.supportingPassages());
        assertEquals("Answer questions with short factoid answers.", AnswerQuestionSignature.INSTRUCTIONS);
        String user = model.lastRequest().messages().get(1).content();
        assertTrue(
                user.startsWith("[[ ## question ## ]]\nCapital of France?\n\n[[ ## context ## ]]\n"
                        + "[\"Berlin is in Germany.\", \"Paris is in France.\"]\n\n"),
                user);
        assertTrue(
                user.contains("then `[[ ## supporting_passages ## ]]` (must be formatted as a valid Python list[int])"),
                user);
        String system = model.lastRequest().messages().get(0).content();
        assertTrue(
                system.contains("{supporting_passages}        # note: the value you produce must adhere to the JSON "
                        + "schema: {\"type\": \"array\", \"items\": {\"type\": \"integer\"}}"),
                system);
        assertTrue(
                system.contains(
                        "1. `question` (str): \n2. `context` (list[str]): passages that may contain the answer"),
                system);
    }

    @Test
    void theTourRunsEndToEndOverHttpOnTheSimulatedModel() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        double best = Tour.run(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertTrue(
                printed.contains("using DSPJ's simulated model sim/sim-medium over HTTP at http://127.0.0.1:"),
                printed);
        assertTrue(printed.contains("chain of thought, 4 demos"), printed);
        assertTrue(best > 0.6 && best <= 1.0, "best dev accuracy " + best + "\n" + printed);
        assertTrue(printed.contains("Best program: "), printed);
        assertTrue(printed.contains("(gold POSITIVE)") || printed.contains("(gold NEGATIVE)"), printed);
        assertTrue(printed.contains("[[ ## completed ## ]]"), "the streamed Chat answer: " + printed);
        assertTrue(printed.matches("(?s).*Total: \\d+ calls .*"), printed);
    }
}
