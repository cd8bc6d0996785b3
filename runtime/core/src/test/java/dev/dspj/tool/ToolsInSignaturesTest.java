package dev.dspj.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.dspj.adapter.AdapterParseException;
import dev.dspj.adapter.ChatAdapter;
import dev.dspj.adapter.JsonAdapter;
import dev.dspj.codec.Codecs;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Prediction;
import dev.dspj.primitives.Usage;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.testing.ScriptedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tools as a signature's input and tool calls as its output, in text and by native function calling. */
class ToolsInSignaturesTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final ToolArgument<String> CITY = ToolArgument.of("city", Codecs.STRING, "the city");
    private static final ToolArgument<java.util.Optional<Integer>> DAYS =
            ToolArgument.of("days", Codecs.optional(Codecs.INT), null);
    private static final Tool WEATHER = Tool.builder("weather")
            .description("Today's weather.\nIn one line.")
            .arguments(CITY, DAYS)
            .function(
                    Codecs.STRING,
                    args -> "sunny in " + args.get(CITY) + " for "
                            + args.get(DAYS).orElse(1));

    private static final SignatureDescriptor PLAN = SignatureDescriptor.builder("Plan")
            .instructions("Call the tools the question needs.")
            .field(FieldDescriptor.input("question", Codecs.STRING, "", "java.lang.String"))
            .field(FieldDescriptor.input("tools", Codecs.list(Tool.CODEC), "", "java.util.List<dev.dspj.tool.Tool>"))
            .field(FieldDescriptor.output("calls", ToolCalls.CODEC, "", "dev.dspj.tool.ToolCalls"))
            .build();

    private static final SignatureDescriptor THINK_AND_PLAN = SignatureDescriptor.builder("ThinkAndPlan")
            .instructions("Call the tools the question needs.")
            .field(FieldDescriptor.input("question", Codecs.STRING, "", "java.lang.String"))
            .field(FieldDescriptor.input("tools", Codecs.list(Tool.CODEC), "", "java.util.List<dev.dspj.tool.Tool>"))
            .field(FieldDescriptor.output("thought", Codecs.STRING, "", "java.lang.String"))
            .field(FieldDescriptor.output("calls", ToolCalls.CODEC, "", "dev.dspj.tool.ToolCalls"))
            .build();

    @Test
    void aToolShowsItselfAsDspyDoesAndChecksItsArguments() throws Exception {
        assertEquals(
                "weather, whose description is <desc>Today's weather.  In one line.</desc>. It takes arguments "
                        + "{'city': {'type': 'string', 'description': 'the city'}, 'days': {'anyOf': [{'type': "
                        + "'integer'}, {'type': 'null'}], 'default': None}}.",
                WEATHER.toString());
        assertEquals(List.of("city"), MAPPER.convertValue(WEATHER.parameters().get("required"), List.class));
        assertEquals(
                "sunny in Oslo for 3",
                WEATHER.invoke(MAPPER.readTree("{\"city\": \"Oslo\", \"days\": 3}"))
                        .get()
                        .text());
        assertEquals(
                "sunny in Oslo for 1",
                WEATHER.invoke(MAPPER.readTree("{\"city\": \"Oslo\"}")).get().text());
        ToolException missing = assertInstanceOf(
                ToolException.class,
                assertThrows(
                                java.util.concurrent.ExecutionException.class,
                                () -> WEATHER.invoke(MAPPER.readTree("{}")).get())
                        .getCause());
        assertTrue(missing.isArgumentError());
        assertEquals("Arg city is required but was not given.", missing.getMessage());
        IllegalArgumentException badName =
                assertThrows(IllegalArgumentException.class, () -> Tool.builder("no spaces"));
        assertTrue(badName.getMessage().contains("\"no spaces\""), badName.getMessage());
    }

    @Test
    void asTextTheToolsAreAJsonArrayOfTheirDescriptionsAndCallsAreReadLeniently() {
        ScriptedModel model = ScriptedModel.replying(ScriptedModel.chatAnswer(
                "calls",
                "{\"tool_calls\": [{\"name\": \"weather\", \"args\": {\"city\": \"Oslo\"}}, "
                        + "{\"function\": {\"name\": \"weather\", \"arguments\": \"{\\\"city\\\": \\\"Rome\\\"}\"}, "
                        + "\"id\": \"c2\"}]}"));
        Predict predict = new Predict(PLAN);
        predict.setModel(model);
        Prediction prediction =
                predict.forward(Map.of("question", "Weather in Oslo and Rome?", "tools", List.of(WEATHER)));
        ToolCalls calls = (ToolCalls) prediction.values().get("calls");
        assertEquals(2, calls.calls().size());
        assertEquals("Rome", calls.calls().get(1).args().path("city").asText());
        assertEquals("c2", calls.calls().get(1).callId().orElseThrow());
        String user = model.lastRequest().messages().get(1).content();
        assertTrue(user.contains("[[ ## tools ## ]]\n[\"weather, whose description is <desc>"), user);
        assertTrue(model.lastRequest().settings().tools().isEmpty(), "text mode sends no tools");
        assertEquals(
                "sunny in Rome for 1",
                calls.calls().get(1).execute(List.of(WEATHER)).join().text());
        assertEquals(
                "Tool function 'nope' not found. Available tools: [weather]",
                assertThrows(
                                java.util.concurrent.CompletionException.class,
                                () -> ToolCall.of("nope")
                                        .execute(List.of(WEATHER))
                                        .join())
                        .getCause()
                        .getMessage());
    }

    /** A model answering with native tool calls, recording its requests. */
    private static final class FunctionCallingModel implements LanguageModel {
        final List<LmRequest> requests = new ArrayList<>();
        final List<dev.dspj.lm.ToolCall> calls;
        final String text;

        FunctionCallingModel(String text, dev.dspj.lm.ToolCall... calls) {
            this.text = text;
            this.calls = List.of(calls);
        }

        @Override
        public String modelName() {
            return "fc";
        }

        @Override
        public LmResponse complete(LmRequest request) {
            requests.add(request);
            return new LmResponse(List.of(text), Usage.NONE, "fc", "tool_calls", false, calls, null);
        }
    }

    @Test
    void nativelyTheToolsLeaveThePromptForTheRequestAndCallsComeFromTheResponse() {
        for (var adapter : List.of(ChatAdapter.INSTANCE, JsonAdapter.INSTANCE)) {
            FunctionCallingModel model =
                    new FunctionCallingModel("", new dev.dspj.lm.ToolCall("call_9", "weather", "{\"city\": \"Oslo\"}"));
            Predict predict = new Predict(THINK_AND_PLAN);
            predict.setModel(model);
            predict.setAdapter(adapter.withNativeFunctionCalling());
            Prediction prediction = predict.forward(Map.of("question", "Weather in Oslo?", "tools", List.of(WEATHER)));
            ToolCalls calls = (ToolCalls) prediction.values().get("calls");
            assertEquals(
                    List.of(new ToolCall(
                            "call_9", "weather", calls.calls().get(0).args())),
                    calls.calls());
            assertEquals("Oslo", calls.calls().get(0).args().path("city").asText());
            LmRequest request = model.requests.get(0);
            assertEquals(
                    WEATHER.toFunctionCall(),
                    request.settings().tools().orElseThrow().functions().get(0));
            String prompt = request.messages().toString();
            assertFalse(prompt.contains("[[ ## tools ## ]]"), adapter + ": " + prompt);
            assertFalse(prompt.contains("`calls`"), adapter + ": " + prompt);
            assertTrue(prompt.contains("`thought`"), adapter + ": " + prompt);
        }
        // calls as the only output stay in the prompt, and are still read from the native calls
        FunctionCallingModel only =
                new FunctionCallingModel("", new dev.dspj.lm.ToolCall("call_1", "weather", "{\"city\": \"Rome\"}"));
        Predict plan = new Predict(PLAN);
        plan.setModel(only);
        plan.setAdapter(ChatAdapter.INSTANCE.withNativeFunctionCalling());
        ToolCalls rome = (ToolCalls) plan.forward(Map.of("question", "q", "tools", List.of(WEATHER)))
                .values()
                .get("calls");
        assertEquals("Rome", rome.calls().get(0).args().path("city").asText());
        assertFalse(only.requests.get(0).messages().toString().contains("[[ ## tools ## ]]"));
        FunctionCallingModel silent = new FunctionCallingModel("");
        Predict predict = new Predict(PLAN);
        predict.setModel(silent);
        predict.setAdapter(ChatAdapter.INSTANCE.withNativeFunctionCalling());
        AdapterParseException empty = assertThrows(
                AdapterParseException.class, () -> predict.forward(Map.of("question", "q", "tools", List.of(WEATHER))));
        assertTrue(empty.getMessage().contains("The LM returned an empty or null response."), empty.getMessage());
    }
}
