package dev.dspj.lm.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dspj.codec.Codecs;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.FunctionTools;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmSettings;
import dev.dspj.tool.Tool;
import dev.dspj.tool.ToolArgument;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tools in Anthropic's shape: name, description, input_schema, and its tool_choice words. */
class AnthropicToolsTest {

    private static final ToolArgument<String> CITY = ToolArgument.of("city", Codecs.STRING, null);
    private static final Tool WEATHER = Tool.builder("weather")
            .description("Today's weather.")
            .arguments(CITY)
            .function(Codecs.STRING, args -> "sunny");

    private static JsonNode body(FunctionTools tools) {
        return new AnthropicProtocol()
                .requestBody(
                        "claude",
                        new LmRequest(List.of(ChatMessage.user("Oslo?")), LmSettings.DEFAULTS.withTools(tools)),
                        false);
    }

    @Test
    void toolsAreWrittenAsAnthropicReadsThem() {
        JsonNode body = body(FunctionTools.of(List.of(WEATHER)));
        assertEquals(
                "[{\"name\":\"weather\",\"description\":\"Today's weather.\",\"input_schema\":{\"type\":\"object\","
                        + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}]",
                body.path("tools").toString());
        assertEquals(false, body.has("tool_choice"));
        assertEquals(
                "any",
                body(FunctionTools.of(List.of(WEATHER)).withChoice("required"))
                        .path("tool_choice")
                        .path("type")
                        .asText());
        JsonNode named =
                body(FunctionTools.of(List.of(WEATHER)).withChoice("weather")).path("tool_choice");
        assertEquals("{\"type\":\"tool\",\"name\":\"weather\"}", named.toString());
        JsonNode serial = body(FunctionTools.of(List.of(WEATHER)).withParallelToolCalls(false))
                .path("tool_choice");
        assertEquals("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}", serial.toString());
    }
}
