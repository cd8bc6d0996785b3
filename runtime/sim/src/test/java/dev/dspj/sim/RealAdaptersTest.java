package dev.dspj.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.TestTypes;
import dev.dspj.adapter.Adapter;
import dev.dspj.adapter.JsonAdapter;
import dev.dspj.adapter.XmlAdapter;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ResponseFormat;
import dev.dspj.module.Predict;
import dev.dspj.signature.SignatureDescriptor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Prompts written by the project's JSON and XML adapters are read, and the answers parse with those adapters. */
class RealAdaptersTest {

    private static final SimulatedModel MODEL = SimulatedModel.of(SimModelProfile.LARGE);

    private static LmRequest request(Adapter adapter, SignatureDescriptor signature, SimExample example, int demos) {
        List<ChatMessage> messages =
                adapter.format(signature, SimPrompts.goodDemos(SimPrompts.QA, 40, demos), Map.copyOf(example.inputs()));
        return new LmRequest(messages, adapter.requestSettings(signature, MODEL.capabilities()));
    }

    @Test
    void jsonAdapterPromptsWithDemosAndStructuredOutputs() {
        SimExample example = SimPrompts.QA.examples().get(40);
        LmRequest request = request(JsonAdapter.INSTANCE, SimPrompts.QA_SIGNATURE, example, 3);
        assertEquals(
                ResponseFormat.Kind.JSON_SCHEMA,
                request.settings().responseFormat().orElseThrow().kind());
        SimDecision decision = MODEL.explain(request);
        assertEquals(example.id(), decision.exampleId());
        assertEquals("json", decision.answerFormat());
        assertEquals(3, decision.conditions().goodDemos(), "JSON demos are read");
        Map<String, Object> values = JsonAdapter.INSTANCE.parse(
                SimPrompts.QA_SIGNATURE, MODEL.complete(request).text());
        assertEquals(decision.correct().get(0), example.gold().get("answer").equals(values.get("answer")));

        SimExample review = SimPrompts.SENTIMENT.examples().get(8);
        List<ChatMessage> messages =
                JsonAdapter.INSTANCE.format(SimPrompts.REVIEW_SIGNATURE, List.of(), Map.copyOf(review.inputs()));
        Map<String, Object> typed = JsonAdapter.INSTANCE.parse(
                SimPrompts.REVIEW_SIGNATURE,
                MODEL.complete(new LmRequest(messages, LmSettings.DEFAULTS)).text());
        assertInstanceOf(TestTypes.Sentiment.class, typed.get("sentiment"));
        assertInstanceOf(Double.class, typed.get("confidence"));
        assertInstanceOf(List.class, typed.get("keywords"));
        assertInstanceOf(Boolean.class, typed.get("sarcastic"));
    }

    @Test
    void xmlAdapterPromptsWithDemos() {
        SimExample example = SimPrompts.QA.examples().get(40);
        LmRequest request = request(XmlAdapter.INSTANCE, SimPrompts.withReasoning(SimPrompts.QA_SIGNATURE), example, 4);
        SimDecision decision = MODEL.explain(request);
        assertEquals(example.id(), decision.exampleId());
        assertEquals("xml", decision.answerFormat());
        assertEquals(new SimConditions(4, 0, true, 0, 0.0), decision.conditions());
        Map<String, Object> values = XmlAdapter.INSTANCE.parse(
                SimPrompts.withReasoning(SimPrompts.QA_SIGNATURE),
                MODEL.complete(request).text());
        assertTrue(((String) values.get("reasoning")).startsWith("The input reads"));

        SimExample sum = SimPrompts.ARITHMETIC.examples().get(4);
        Map<String, Object> math = XmlAdapter.INSTANCE.parse(
                SimPrompts.MATH_SIGNATURE,
                MODEL.complete(new LmRequest(
                                XmlAdapter.INSTANCE.format(
                                        SimPrompts.MATH_SIGNATURE, List.of(), Map.copyOf(sum.inputs())),
                                LmSettings.DEFAULTS))
                        .text());
        assertInstanceOf(Integer.class, math.get("answer"));
    }

    @Test
    void predictWithEachAdapterReachesAboutTheExpectedAccuracy() {
        SimConditions conditions = SimConditions.BASELINE;
        double expected = SimTask.expectedAccuracy(SimModelProfile.LARGE, conditions, SimPrompts.QA.examples());
        for (Adapter adapter : List.of(JsonAdapter.INSTANCE, XmlAdapter.INSTANCE)) {
            Predict predict = new Predict(SimPrompts.QA_SIGNATURE);
            predict.setModel(MODEL);
            predict.setAdapter(adapter);
            int correct = 0;
            for (SimExample example : SimPrompts.QA.examples()) {
                if (example.gold()
                        .get("answer")
                        .equals(predict.forward(Map.copyOf(example.inputs()))
                                .get("answer")
                                .orElseThrow())) {
                    correct++;
                }
            }
            double measured = correct / (double) SimPrompts.QA.size();
            assertTrue(
                    Math.abs(measured - expected) < 0.09,
                    adapter.name() + ": measured " + measured + ", expected " + expected);
        }
    }
}
