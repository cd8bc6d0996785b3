package dev.dspj.adapter;

import static dev.dspj.adapter.AdapterFixtures.in;
import static dev.dspj.adapter.AdapterFixtures.out;
import static dev.dspj.adapter.AdapterFixtures.withCapabilities;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.codec.Codecs;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ModelCapabilities;
import dev.dspj.lm.ResponseFormat;
import dev.dspj.module.CallOptions;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.primitives.Usage;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.testing.ScriptedModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Chat adapter's fallback to the JSON adapter, through {@link Predict}: a Chat answer that does
 * not parse is retried once with the JSON adapter's prompt and response format, as DSPy's
 * {@code ChatAdapter(use_json_adapter_fallback=True)} does.
 */
class FallbackTest {

    private static final String GARBAGE = "Paris, I think. About 3 of them.";
    private static final String JSON_ANSWER = "{\"answer\": \"Paris\", \"count\": 3}";
    private static final Map<String, Object> INPUTS = Map.of("question", "Capital of France?");

    private static SignatureDescriptor qa() {
        return SignatureDescriptor.builder("QA")
                .instructions("Answer briefly.")
                .field(in("question", Codecs.STRING))
                .field(out("answer", Codecs.STRING))
                .field(out("count", Codecs.INT))
                .build();
    }

    private static Predict predict(ScriptedModel model, ModelCapabilities capabilities) {
        Predict predict = new Predict(qa());
        predict.setModel(withCapabilities(model, capabilities));
        predict.setDemos(List.of(Example.of("question", "Capital of Italy?", "answer", "Rome", "count", 1)));
        return predict;
    }

    @Test
    void theChatAdapterFallsBackToTheJsonAdapter() {
        assertTrue(ChatAdapter.INSTANCE.usesJsonFallback());
        assertSame(JsonAdapter.INSTANCE, ChatAdapter.INSTANCE.fallback().orElseThrow());
        assertFalse(ChatAdapter.withoutFallback().usesJsonFallback());
        assertEquals(Optional.empty(), ChatAdapter.withoutFallback().fallback());
        assertEquals("ChatAdapter", ChatAdapter.withoutFallback().name());
        assertEquals(Optional.empty(), JsonAdapter.INSTANCE.fallback());
        assertEquals(Optional.empty(), XmlAdapter.INSTANCE.fallback());
    }

    @Test
    void aChatParseFailureIsRetriedWithTheJsonPromptAndSchema() {
        ScriptedModel model = ScriptedModel.replying(GARBAGE, JSON_ANSWER);
        Predict predict = predict(model, ModelCapabilities.FULL);

        Prediction prediction = predict.forward(INPUTS);

        assertEquals(Map.of("answer", "Paris", "count", 3), prediction.values());
        assertEquals("JSONAdapter", prediction.completion().adapter());
        assertTrue(prediction.completion().fallbackUsed());
        assertEquals(JSON_ANSWER, prediction.completion().text());

        List<LmRequest> requests = model.requests();
        assertEquals(2, requests.size());
        assertEquals(
                ChatAdapter.INSTANCE.format(qa(), predict.demos(), INPUTS),
                requests.get(0).messages());
        assertEquals(Optional.empty(), requests.get(0).settings().responseFormat());
        assertEquals(
                JsonAdapter.INSTANCE.format(qa(), predict.demos(), INPUTS),
                requests.get(1).messages());
        ResponseFormat format = requests.get(1).settings().responseFormat().orElseThrow();
        assertEquals(
                ResponseFormat.jsonSchema(
                        JsonAdapter.SCHEMA_NAME,
                        JsonAdapter.INSTANCE.structuredOutputSchema(qa()).orElseThrow(),
                        true),
                format);
        assertTrue(requests.get(1).messages().get(0).content().contains("Outputs will be a JSON object"));
        assertEquals(
                "{\n  \"answer\": \"Rome\",\n  \"count\": 1\n}",
                requests.get(1).messages().get(2).content());
    }

    @Test
    void theRetryAsksForJsonModeOrNothingByCapability() {
        ScriptedModel jsonMode = ScriptedModel.replying(GARBAGE, JSON_ANSWER);
        predict(jsonMode, new ModelCapabilities(false, true, false)).forward(INPUTS);
        assertEquals(
                Optional.of(ResponseFormat.JSON_OBJECT),
                jsonMode.requests().get(1).settings().responseFormat());

        ScriptedModel plain = ScriptedModel.replying(GARBAGE, "```json\n" + JSON_ANSWER + "\n```");
        Prediction prediction = predict(plain, ModelCapabilities.TEXT_ONLY).forward(INPUTS);
        assertEquals(Optional.empty(), plain.requests().get(1).settings().responseFormat());
        assertEquals(
                JsonAdapter.INSTANCE.format(
                        qa(),
                        List.of(Example.of("question", "Capital of Italy?", "answer", "Rome", "count", 1)),
                        INPUTS),
                plain.requests().get(1).messages());
        assertEquals("JSONAdapter", prediction.completion().adapter());
    }

    @Test
    void theCallersSettingsStillWinOverTheAdapters() {
        ScriptedModel model = ScriptedModel.replying(GARBAGE, JSON_ANSWER);
        Predict predict = predict(model, ModelCapabilities.FULL);
        predict.setSettings(LmSettings.DEFAULTS.withTemperature(0.5).withResponseFormat(ResponseFormat.TEXT));

        predict.forward(INPUTS);

        LmSettings retry = model.requests().get(1).settings();
        assertEquals(Optional.of(0.5), retry.temperature());
        assertEquals(Optional.of(ResponseFormat.TEXT), retry.responseFormat());
    }

    @Test
    void aGoodChatAnswerNeedsOneCall() {
        ScriptedModel model = ScriptedModel.replying(ScriptedModel.chatAnswer("answer", "Paris", "count", 3));

        Prediction prediction = predict(model, ModelCapabilities.FULL).forward(INPUTS);

        assertEquals(1, model.requests().size());
        assertEquals("ChatAdapter", prediction.completion().adapter());
        assertFalse(prediction.completion().fallbackUsed());
    }

    @Test
    void usageCoversBothCalls() {
        ScriptedModel model = ScriptedModel.replying(GARBAGE, JSON_ANSWER);

        Prediction prediction = predict(model, ModelCapabilities.FULL).forward(INPUTS);

        Usage usage = prediction.completion().usage();
        long promptTokens = 0;
        for (LmRequest request : model.requests()) {
            long chars = 0;
            for (var message : request.messages()) {
                chars += message.content().length();
            }
            promptTokens += (chars + 3) / 4; // ScriptedModel's estimate
        }
        assertEquals(promptTokens, usage.promptTokens());
        assertEquals((GARBAGE.length() + 3) / 4 + (JSON_ANSWER.length() + 3) / 4, usage.completionTokens());
    }

    @Test
    void whenTheJsonAnswerFailsTooItsErrorIsRaised() {
        ScriptedModel model = ScriptedModel.replying(GARBAGE, "still no json");

        AdapterParseException e = assertThrows(
                AdapterParseException.class,
                () -> predict(model, ModelCapabilities.FULL).forward(INPUTS));

        assertEquals("JSONAdapter", e.adapterName());
        assertEquals("still no json", e.completion());
        assertEquals(2, model.requests().size());
    }

    @Test
    void withoutFallbackAParseFailureEndsTheCall() {
        ScriptedModel model = ScriptedModel.replying(GARBAGE);
        Predict predict = predict(model, ModelCapabilities.FULL);
        predict.setAdapter(ChatAdapter.withoutFallback());

        AdapterParseException e = assertThrows(AdapterParseException.class, () -> predict.forward(INPUTS));

        assertEquals("ChatAdapter", e.adapterName());
        assertEquals(GARBAGE, e.completion());
        assertEquals(1, model.requests().size());
    }

    @Test
    void theJsonAndXmlAdaptersDoNotRetry() {
        ScriptedModel json = ScriptedModel.replying(GARBAGE);
        Predict viaJson = predict(json, ModelCapabilities.FULL);
        viaJson.setAdapter(JsonAdapter.INSTANCE);
        assertEquals(
                "JSONAdapter",
                assertThrows(AdapterParseException.class, () -> viaJson.forward(INPUTS))
                        .adapterName());
        assertEquals(1, json.requests().size());
        assertEquals(
                ResponseFormat.Kind.JSON_SCHEMA,
                json.requests().get(0).settings().responseFormat().orElseThrow().kind());

        ScriptedModel xml = ScriptedModel.replying(GARBAGE);
        Predict viaXml = predict(xml, ModelCapabilities.FULL);
        viaXml.setAdapter(XmlAdapter.INSTANCE);
        assertEquals(
                "XMLAdapter",
                assertThrows(AdapterParseException.class, () -> viaXml.forward(INPUTS))
                        .adapterName());
        assertEquals(1, xml.requests().size());
    }

    @Test
    void theAsyncPathFallsBackToo() throws Exception {
        ScriptedModel model = ScriptedModel.replying(GARBAGE, JSON_ANSWER);

        Prediction prediction = predict(model, ModelCapabilities.FULL)
                .forwardAsync(INPUTS, CallOptions.NONE)
                .get(10, TimeUnit.SECONDS);

        assertEquals(Map.of("answer", "Paris", "count", 3), prediction.values());
        assertEquals("JSONAdapter", prediction.completion().adapter());
        assertTrue(prediction.completion().fallbackUsed());
        assertEquals(
                ResponseFormat.Kind.JSON_SCHEMA,
                model.requests()
                        .get(1)
                        .settings()
                        .responseFormat()
                        .orElseThrow()
                        .kind());
    }
}
