package dev.dspj.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.dspj.Dspj;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmSettings;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.samples.program.AnswerFromPassagesExample;
import dev.dspj.samples.program.AnswerFromPassagesOutput;
import dev.dspj.samples.program.GenerateSearchQueryExample;
import dev.dspj.samples.program.TwoStepQa;
import dev.dspj.samples.program.TwoStepQaProgram;
import dev.dspj.samples.sentiment.ReviewSentiment.Sentiment;
import dev.dspj.samples.sentiment.ReviewSentimentExample;
import dev.dspj.samples.sentiment.ReviewSentimentOutput;
import dev.dspj.samples.sentiment.ReviewSentimentPredictor;
import dev.dspj.sim.SimExample;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModel;
import dev.dspj.state.ProgramState;
import dev.dspj.testing.ScriptedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through code the real processor generated: the {@code @Program} sample's descriptor
 * (predictor paths, deep copies), and saved state — a generated predictor and a whole program
 * saved with typed demos and loaded into fresh instances, which then send the same prompts and
 * get the same predictions.
 */
class ProgramsAndSavedStateTest {

    /** Answers the query step or the answer step, depending on which signature the prompt is for. */
    private static final ScriptedModel MODEL = ScriptedModel.answering(ProgramsAndSavedStateTest::reply);

    @TempDir
    Path dir;

    @AfterEach
    void clearDefaultModel() {
        Dspj.configure(null);
    }

    private static String reply(LmRequest request) {
        String system = request.messages().get(0).content();
        String user = request.messages().get(request.messages().size() - 1).content();
        if (system.contains("`query`")) {
            return ScriptedModel.chatAnswer(
                    "reasoning",
                    "The question asks about a river in a capital.",
                    "query",
                    user.contains("France") ? "river Paris France" : "capital Austria");
        }
        return ScriptedModel.chatAnswer(
                "answer",
                user.contains("Seine") ? "the Seine" : "unknown",
                "confidence",
                user.contains("Seine") ? "0.9" : "0.1");
    }

    private static List<String> paths(TwoStepQa program) {
        return program.namedPredictors().stream().map(NamedPredictor::name).toList();
    }

    @Test
    void theGeneratedDescriptorListsThePredictorsByDspyPath() {
        TwoStepQa program = new TwoStepQa();
        assertEquals(List.of("generateQuery.predict", "answer"), paths(program));
        assertEquals(List.of("generateQuery", "answer"), TwoStepQaProgram.INSTANCE.moduleFields());
        assertEquals(
                "Answer a question in two steps: search for passages, then answer from them",
                program.descriptor().description());
        assertEquals("TwoStepQa[generateQuery.predict, answer]", program.toString());
    }

    @Test
    void theProgramRunsBothStepsAndCopiesAreIndependent() {
        Dspj.configure(MODEL);
        TwoStepQa program = new TwoStepQa();
        AnswerFromPassagesOutput out = program.ask("Which river flows through the capital of France?");
        assertEquals("the Seine", out.answer());
        assertEquals(0.9, out.confidence(), 1e-12);
        assertEquals(
                "the Seine",
                program.forward(Map.of("question", "Which river flows through the capital of France?"))
                        .values()
                        .get("answer"));

        TwoStepQa copy = program.deepCopy();
        assertEquals(paths(program), paths(copy));
        assertNotSame(program.answer().predictor(), copy.answer().predictor());
        copy.answer().predictor().setInstructions("Answer in French.");
        assertEquals("Answer the question from the passages.", program.answer().instructions());
    }

    @Test
    void aGeneratedPredictorWithTypedDemosLoadsIntoAFreshOneWithTheSamePromptAndPredictions() throws IOException {
        ReviewSentimentPredictor tuned = ReviewSentimentPredictor.chainOfThought()
                .withInstructions("Classify the sentiment of a product review. Sarcasm counts as negative.")
                .withTemperature(0.3)
                .withDemos(List.of(
                        ReviewSentimentExample.builder()
                                .review("Broke after two days.")
                                .sentiment(Sentiment.NEGATIVE)
                                .confidence(0.95)
                                .build(),
                        ReviewSentimentExample.builder()
                                .review("Does what it says.")
                                .sentiment(Sentiment.POSITIVE)
                                .build()));
        Path file = dir.resolve("sentiment.json");
        ProgramState.save(tuned, file);

        ReviewSentimentPredictor fresh = ReviewSentimentPredictor.chainOfThought();
        assertNotEquals(tuned.demos(), fresh.demos());
        ProgramState.load(fresh, file);

        assertEquals(tuned.demos(), fresh.demos(), "typed demos, enums and doubles included");
        assertEquals(tuned.instructions(), fresh.instructions());
        assertEquals(tuned.predictor().settings(), fresh.predictor().settings());
        Map<String, Object> inputs = Map.of("review", "Great blender, terrible lid.");
        List<ChatMessage> prompt = tuned.predictor().formatPrompt(inputs);
        assertEquals(prompt, fresh.predictor().formatPrompt(inputs));
        assertEquals(6, prompt.size(), "system, two demos as user/assistant turns, the question");

        SimulatedModel sim = SimulatedModel.of("sim-medium");
        for (SimExample example : SimTasks.sentiment().examples().subList(0, 8)) {
            String review = example.inputs().get("review");
            ReviewSentimentOutput expected = tuned.withModel(sim).call(review);
            ReviewSentimentOutput actual = fresh.withModel(sim).call(review);
            assertEquals(expected, actual, review);
            assertEquals(expected.completion().text(), actual.completion().text());
        }

        JsonNode saved = JsonMapper.builder().build().readTree(Files.readAllBytes(file));
        JsonNode demo = saved.get("predict").get("demos").get(0);
        assertEquals("NEGATIVE", demo.get("sentiment").textValue());
        assertEquals(0.95, demo.get("confidence").doubleValue());
    }

    @Test
    void aSavedProgramLoadsIntoAFreshProgramWithTheSamePromptsAndAnswers() throws IOException {
        TwoStepQa program = new TwoStepQa();
        GenerateSearchQueryExample queryDemo = GenerateSearchQueryExample.builder()
                .question("Which river flows through Vienna?")
                .query("Vienna river")
                .build();
        AnswerFromPassagesExample answerDemo = AnswerFromPassagesExample.builder()
                .question("Which river flows through Vienna?")
                .passages(List.of("Vienna, the capital of Austria, lies on the Danube."))
                .answer("the Danube")
                .confidence(0.8)
                .build();
        Predict queryStep = program.namedPredictors().get(0).predictor();
        Predict answerStep = program.namedPredictors().get(1).predictor();
        queryStep.setDemos(List.of(
                program.generateQuery().typedSignature().toExample(queryDemo).withAugmented(true)));
        answerStep.setDemos(List.of(program.answer().typedSignature().toExample(answerDemo)));
        answerStep.setInstructions("Answer the question from the passages, in as few words as possible.");
        answerStep.setSettings(LmSettings.DEFAULTS.withMaxTokens(64));

        Path file = dir.resolve("two-step-qa.json");
        ProgramState.save(program, file);
        JsonNode saved = JsonMapper.builder().build().readTree(Files.readAllBytes(file));
        List<String> keys = new ArrayList<>();
        saved.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("generateQuery.predict", "answer", "metadata"), keys);
        assertTrue(saved.get("generateQuery.predict")
                .get("demos")
                .get(0)
                .get("augmented")
                .booleanValue());

        TwoStepQa fresh = new TwoStepQa();
        ProgramState.load(fresh, file);
        assertEquals(List.of(answerDemo), fresh.answer().demos());
        assertEquals(List.of(queryDemo), fresh.generateQuery().demos());

        Dspj.configure(MODEL);
        String question = "Which river flows through the capital of France?";
        int before = MODEL.requests().size();
        AnswerFromPassagesOutput expected = program.ask(question);
        AnswerFromPassagesOutput actual = fresh.ask(question);
        assertEquals(expected, actual);
        List<LmRequest> requests =
                MODEL.requests().subList(before, MODEL.requests().size());
        assertEquals(4, requests.size());
        assertEquals(requests.get(0), requests.get(2), "the same query prompt and settings");
        assertEquals(requests.get(1), requests.get(3), "the same answer prompt and settings");
        assertEquals(64, requests.get(3).settings().maxTokens().orElseThrow());
    }
}
