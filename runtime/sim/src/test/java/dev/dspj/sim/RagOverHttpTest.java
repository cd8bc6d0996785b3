package dev.dspj.sim;

import static dev.dspj.sim.RagHarness.ANSWER;
import static dev.dspj.sim.RagHarness.RAG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.Provider;
import dev.dspj.module.Predict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A real DSPJ predictor and the HTTP client against the simulated server on loopback, on the retrieval task. */
class RagOverHttpTest {

    @Test
    void predictorAnswersFromGoldPassagesOverHttpAsInProcess() {
        SimulatedModel inProcess = SimulatedModel.builder()
                .model(SimModelProfile.LARGE)
                .task(RAG.task())
                .build();
        try (SimulatedModelServer server = SimulatedModelServer.builder()
                        .latencyScale(0)
                        .task(RAG.task())
                        .build()
                        .start();
                HttpLanguageModel model = HttpLanguageModel.builder(Provider.SIM)
                        .model("sim-large")
                        .baseUrl(server.baseUrl())
                        .apiKey("sim-key")
                        .cache(ResponseCache.none())
                        .build()) {
            Predict overHttp = new Predict(ANSWER);
            overHttp.setModel(model);
            Predict local = new Predict(ANSWER);
            local.setModel(inProcess);
            List<SimExample> examples = RAG.examples().subList(0, 40);
            int withGold = 0;
            int withoutGold = 0;
            for (SimExample example : examples) {
                List<String> gold = RagHarness.texts(RAG.goldPassageIds(example.id()));
                Map<String, Object> inputs =
                        Map.of("context", gold, "question", example.inputs().get("question"));
                Object answer = overHttp.forward(inputs).get("answer").orElseThrow();
                assertEquals(local.forward(inputs).get("answer").orElseThrow(), answer, "the same draw");
                if (example.gold().get("answer").equals(answer)) {
                    withGold++;
                }
                Map<String, Object> noContext = Map.of(
                        "context", List.of(), "question", example.inputs().get("question"));
                if (example.gold()
                        .get("answer")
                        .equals(overHttp.forward(noContext).get("answer").orElseThrow())) {
                    withoutGold++;
                }
            }
            double expected = 0;
            for (SimExample example : examples) {
                expected += RagCompetence.reading(SimModelProfile.LARGE, example.difficulty(), SimConditions.BASELINE);
            }
            expected /= examples.size();
            double measured = withGold / (double) examples.size();
            assertTrue(Math.abs(measured - expected) < 0.15, "measured " + measured + ", expected " + expected);
            assertEquals(0, withoutGold, "nobody knows invented entities");
        }
    }
}
