package dev.dspj.lm.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ResponseFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI protocol's one-pass body writer and reader give what its tree-building ones give
 * (the integration tests check the providers' documented bodies; these check the module alone).
 */
class OpenAiBodiesTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private final OpenAiProtocol openAi = new OpenAiProtocol("openai", "/chat/completions", false);

    @Test
    void requestBytesAreTheTreeWrittenOut() throws Exception {
        LmSettings settings = LmSettings.DEFAULTS
                .withTemperature(0.25)
                .withMaxTokens(32)
                .withTopP(0.5)
                .withStop(List.of("END"))
                .withN(2)
                .withSeed(11L)
                .withResponseFormat(ResponseFormat.jsonSchema(
                        "Answer", MAPPER.createObjectNode().put("type", "object"), true));
        LmRequest request =
                new LmRequest(List.of(ChatMessage.system("Be \"brief\"."), ChatMessage.user("Héllo\n")), settings);
        for (boolean stream : new boolean[] {false, true}) {
            assertEquals(
                    new String(
                            MAPPER.writeValueAsBytes(openAi.requestBody("m", request, stream)), StandardCharsets.UTF_8),
                    new String(openAi.requestBytes("m", request, stream), StandardCharsets.UTF_8));
        }
    }

    @Test
    void responseBytesReadAsTheTreeReadsThem() throws Exception {
        List<String> bodies = List.of(
                "{\"id\":\"x\",\"model\":\"gpt-4o-mini-2024\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                        + "\"assistant\",\"content\":\"[[ ## answer ## ]]\\nParis\",\"refusal\":null,"
                        + "\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":"
                        + "{\"prompt_tokens\":14,\"completion_tokens\":9,\"prompt_tokens_details\":{\"cached_tokens\":0}}}",
                "{\"choices\":[{\"message\":{\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"lookup\",\"arguments\":\"{\\\"q\\\":1}\"}}]},"
                        + "\"finish_reason\":\"tool_calls\"}]}",
                "{\"choices\":[{\"message\":{\"content\":\"\",\"refusal\":\"I cannot.\"}},"
                        + "{\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"two\"}]}}],\"model\":7}");
        for (String body : bodies) {
            LmResponse fromTree = openAi.parseResponse(MAPPER.readTree(body), "asked");
            LmResponse fromBytes = openAi.parseResponse(body.getBytes(StandardCharsets.UTF_8), "asked");
            assertEquals(fromTree, fromBytes, body);
        }
        assertTrue(openAi.parseResponse(bodies.get(1).getBytes(StandardCharsets.UTF_8), "asked")
                .toolCalls()
                .get(0)
                .name()
                .equals("lookup"));
    }

    @Test
    void toolsAreSentAsFunctionsTheSameByBothWriters() throws Exception {
        dev.dspj.tool.ToolArgument<String> city =
                dev.dspj.tool.ToolArgument.of("city", dev.dspj.codec.Codecs.STRING, "the city");
        dev.dspj.tool.Tool weather = dev.dspj.tool.Tool.builder("weather")
                .description("Today's weather.")
                .arguments(city)
                .function(dev.dspj.codec.Codecs.STRING, args -> "sunny");
        for (dev.dspj.lm.FunctionTools tools : List.of(
                dev.dspj.lm.FunctionTools.of(List.of(weather)),
                dev.dspj.lm.FunctionTools.of(List.of(weather)).withParallelToolCalls(false),
                dev.dspj.lm.FunctionTools.of(List.of(weather)).withChoice("weather"))) {
            LmRequest request = new LmRequest(List.of(ChatMessage.user("Oslo?")), LmSettings.DEFAULTS.withTools(tools));
            String bytes = new String(openAi.requestBytes("m", request, false), StandardCharsets.UTF_8);
            assertEquals(
                    new String(
                            MAPPER.writeValueAsBytes(openAi.requestBody("m", request, false)), StandardCharsets.UTF_8),
                    bytes);
            com.fasterxml.jackson.databind.JsonNode body = MAPPER.readTree(bytes);
            assertEquals(
                    "weather",
                    body.path("tools").path(0).path("function").path("name").asText());
            assertEquals(
                    "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"the city\"}},"
                            + "\"required\":[\"city\"]}",
                    body.path("tools")
                            .path(0)
                            .path("function")
                            .path("parameters")
                            .toString());
        }
        LmRequest named = new LmRequest(
                List.of(ChatMessage.user("Oslo?")),
                LmSettings.DEFAULTS.withTools(
                        dev.dspj.lm.FunctionTools.of(List.of(weather)).withChoice("weather")));
        assertEquals(
                "{\"type\":\"function\",\"function\":{\"name\":\"weather\"}}",
                openAi.requestBody("m", named, false).path("tool_choice").toString());
        LmRequest parallel = new LmRequest(
                List.of(ChatMessage.user("Oslo?")),
                LmSettings.DEFAULTS.withTools(
                        dev.dspj.lm.FunctionTools.of(List.of(weather)).withParallelToolCalls(true)));
        assertEquals(
                "auto",
                openAi.requestBody("m", parallel, false).path("tool_choice").asText());
        assertEquals(
                true,
                openAi.requestBody("m", parallel, false)
                        .path("parallel_tool_calls")
                        .asBoolean());
    }

    @Test
    void streamedToolCallsAreJoinedFromTheirFragments() {
        ProviderProtocol.StreamParser parser = openAi.streamParser("m");
        parser.onEvent(
                "",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                        + "\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"ci\"}}]}}]}");
        parser.onEvent(
                "",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                        + "\"function\":{\"arguments\":\"ty\\\": \\\"Oslo\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}]}");
        parser.onEvent("", "[DONE]");
        LmResponse response = parser.response();
        assertEquals("tool_calls", response.finishReason());
        assertEquals(1, response.toolCalls().size());
        assertEquals("call_1", response.toolCalls().get(0).id());
        assertEquals("weather", response.toolCalls().get(0).name());
        assertEquals("{\"city\": \"Oslo\"}", response.toolCalls().get(0).argumentsJson());
    }

    @Test
    void bodiesThatAreNotCompletionsAreRefused() {
        for (String body : List.of("[]", "{\"choices\":[]}", "{\"choices\":3}", "{}", "{\"choices\":[")) {
            assertThrows(Exception.class, () -> openAi.parseResponse(body.getBytes(StandardCharsets.UTF_8), "m"), body);
        }
    }
}
