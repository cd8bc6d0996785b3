package dev.dspj.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.adapter.Adapter;
import dev.dspj.adapter.ChatAdapter;
import dev.dspj.adapter.JsonAdapter;
import dev.dspj.adapter.XmlAdapter;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.variable.Configuration;
import dev.dspj.variable.VariableSpace;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimLandscapeTest {

    private static final SimLandscape LANDSCAPE = SimLandscape.factoidQa();
    private static final VariableSpace SPACE = SimLandscape.qaSpace();

    private static Configuration config(String adapter, String module, String model, double temperature, int demos) {
        return Configuration.builder()
                .put("adapter", adapter)
                .put("module", module)
                .put("model", model)
                .put("temperature", temperature)
                .put("demos", demos)
                .build();
    }

    @Test
    void theSpaceHas900GridPointsWithTenTemperatures() {
        assertEquals(List.of("adapter", "module", "model", "temperature", "demos"), SPACE.names());
        assertEquals(900, SPACE.grid(10).size());
        assertEquals(900, SPACE.gridSize(10));
    }

    @Test
    void theOptimumIsTheLargeModelReasoningWithFourDemosAtTemperatureZero() {
        double expected =
                SimTasks.factoidQa().expectedAccuracy(SimModelProfile.LARGE, new SimConditions(4, 0, true, 0, 0.0));
        assertEquals(expected, LANDSCAPE.bestAccuracy(), 1e-12);
        Configuration best = LANDSCAPE.bestConfiguration();
        assertEquals("sim-large", best.getString("model"));
        assertEquals("chain_of_thought", best.getString("module"));
        assertEquals(4, best.getLong("demos"));
        assertEquals(0.0, best.getDouble("temperature"));
        for (Configuration c : SPACE.grid(10)) {
            assertTrue(LANDSCAPE.accuracy(c) <= LANDSCAPE.bestAccuracy() + 1e-12, c.toString());
        }
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 200; i++) {
            assertTrue(LANDSCAPE.accuracy(SPACE.sample(random)) <= LANDSCAPE.bestAccuracy() + 1e-12);
        }
    }

    @Test
    void accuracyFollowsTheCompetenceModel() {
        Configuration c = config("json", "predict", "sim-medium", 0.7, 2);
        assertEquals(
                SimTasks.factoidQa().expectedAccuracy(SimModelProfile.MEDIUM, new SimConditions(2, 0, false, 0, 0.7)),
                LANDSCAPE.accuracy(c),
                1e-12);
        assertEquals(
                LANDSCAPE.accuracy(c),
                LANDSCAPE.accuracy(c.with("adapter", "xml")),
                1e-12,
                "the adapter does not change accuracy");
        assertTrue(LANDSCAPE.accuracy(c.with("temperature", 1.2)) < LANDSCAPE.accuracy(c));
        assertTrue(LANDSCAPE.accuracy(c.with("demos", 3L)) > LANDSCAPE.accuracy(c));
        assertTrue(LANDSCAPE.accuracy(c.with("module", "chain_of_thought")) > LANDSCAPE.accuracy(c));
    }

    @Test
    void costAndLatencyFromTheTokenModel() {
        Configuration cheapest = config("xml", "predict", "sim-small", 0.0, 0);
        assertEquals((144.4 * 0.10 + 8.0 * 0.40) / 1e6, LANDSCAPE.costPerCall(cheapest), 1e-15);
        assertEquals(LANDSCAPE.minCost(), LANDSCAPE.costPerCall(cheapest), 1e-15);
        Configuration dearest = config("chat", "chain_of_thought", "sim-large", 0.0, 4);
        assertEquals(((189.4 + 4 * 75.2) * 3.00 + 57.6 * 12.00) / 1e6, LANDSCAPE.costPerCall(dearest), 1e-15);
        assertEquals(LANDSCAPE.maxCost(), LANDSCAPE.costPerCall(dearest), 1e-15);
        assertEquals(400 + 8.0 * 57.6, LANDSCAPE.latencyMs(dearest), 1e-9);
        assertEquals(40 + 1.0 * 8.0, LANDSCAPE.latencyMs(cheapest), 1e-9);
        Configuration c = config("chat", "predict", "sim-medium", 0.3, 2);
        assertNotEquals(
                LANDSCAPE.costPerCall(c),
                LANDSCAPE.costPerCall(c.with("adapter", "json")),
                "the adapter changes the cost, so it is not a dead variable");
        assertEquals(LANDSCAPE.costPerCall(c), LANDSCAPE.costPerCall(c.with("temperature", 1.4)), 1e-18);
    }

    @Test
    void tokenModelMatchesWhatTheAdaptersSend() {
        SimulatedModel model = SimulatedModel.builder()
                .model(SimModelProfile.LARGE)
                .task(SimPrompts.QA)
                .build();
        Map<String, Adapter> adapters =
                Map.of("chat", ChatAdapter.INSTANCE, "json", JsonAdapter.INSTANCE, "xml", XmlAdapter.INSTANCE);
        for (Map.Entry<String, Adapter> entry : adapters.entrySet()) {
            SimLandscape.TokenModel tokens = SimLandscape.TOKENS.get(entry.getKey());
            for (boolean reasoning : new boolean[] {false, true}) {
                SignatureDescriptor signature =
                        reasoning ? SimPrompts.withReasoning(SimPrompts.QA_SIGNATURE) : SimPrompts.QA_SIGNATURE;
                for (int demos : new int[] {0, 4}) {
                    double prompt = 0;
                    double completion = 0;
                    int n = 20;
                    for (int i = 0; i < n; i++) {
                        SimExample example = SimPrompts.QA.examples().get(200 + i);
                        List<ChatMessage> messages = entry.getValue()
                                .format(
                                        signature,
                                        SimPrompts.goodDemos(SimPrompts.QA, 250 + 5 * i, demos),
                                        Map.copyOf(example.inputs()));
                        LmResponse response = model.complete(new LmRequest(
                                messages, entry.getValue().requestSettings(signature, model.capabilities())));
                        prompt += response.usage().promptTokens();
                        completion += response.usage().completionTokens();
                    }
                    String what = entry.getKey() + (reasoning ? " chain of thought" : " predict") + " with " + demos
                            + " demos";
                    assertEquals(
                            tokens.promptTokens(demos, reasoning), prompt / n, 0.05 * prompt / n, what + " prompt");
                    assertEquals(
                            tokens.completionTokens(reasoning),
                            completion / n,
                            Math.max(1.0, 0.05 * completion / n),
                            what + " completion");
                }
            }
        }
    }

    @Test
    void theTrueFrontIsAtTemperatureZeroAndSpansTheCostRange() {
        List<SimLandscape.FrontPoint> front = LANDSCAPE.trueFront(10);
        assertTrue(front.size() >= 5, "a real trade-off: " + front.size() + " points");
        for (int i = 0; i < front.size(); i++) {
            SimLandscape.FrontPoint point = front.get(i);
            assertEquals(0.0, point.configuration().getDouble("temperature"));
            if (i > 0) {
                assertTrue(point.cost() > front.get(i - 1).cost()
                        && point.accuracy() > front.get(i - 1).accuracy());
            }
        }
        assertEquals(LANDSCAPE.minCost(), front.get(0).cost(), 1e-15);
        assertEquals(LANDSCAPE.bestAccuracy(), front.get(front.size() - 1).accuracy(), 1e-12);
        for (Configuration c : SPACE.grid(4)) {
            double accuracy = LANDSCAPE.accuracy(c);
            double cost = LANDSCAPE.costPerCall(c);
            assertTrue(
                    front.stream().noneMatch(p -> accuracy > p.accuracy() && cost < p.cost()),
                    c + " would dominate a front point");
        }
        assertEquals(front, LANDSCAPE.trueFront(30), "a finer temperature grid does not change the front");
    }

    @Test
    void aNoisyLandscapeMeasuresLikeADevSet() {
        SimLandscape noisy = LANDSCAPE.noisy(7, 200);
        assertTrue(noisy.isNoisy());
        double totalError = 0;
        int count = 0;
        for (Configuration c : SPACE.grid(10)) {
            double measured = noisy.accuracy(c);
            assertEquals(measured, noisy.accuracy(c), "the same configuration measures the same");
            assertEquals((double) Math.round(measured * 200), measured * 200, 1e-9, "a count of 200 examples");
            assertEquals(LANDSCAPE.accuracy(c), noisy.expectedAccuracy(c), 1e-12);
            totalError += measured - LANDSCAPE.accuracy(c);
            count++;
        }
        assertTrue(Math.abs(totalError / count) < 0.01, "unbiased: mean error " + totalError / count);
        Configuration best = LANDSCAPE.bestConfiguration();
        assertNotEquals(noisy.accuracy(best), LANDSCAPE.noisy(8, 200).accuracy(best), "another seed, another draw");
        assertEquals(LANDSCAPE.costPerCall(best), noisy.costPerCall(best), "costs stay exact");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LANDSCAPE.noisy(1, 0));
        assertTrue(e.getMessage().contains("at least 1 example"), e.getMessage());
    }

    @Test
    void unknownModelsAreNamed() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> SimLandscape.profile(config("chat", "predict", "gpt-4", 0.0, 0)));
        assertEquals(
                "model 'gpt-4' is not a built-in simulated model; use one of [sim-small, sim-medium, sim-large]",
                e.getMessage());
    }
}
