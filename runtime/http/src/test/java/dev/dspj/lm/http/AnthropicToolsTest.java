package dev.dspj.lm.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dspj.codec.Codecs;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.FunctionTools;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ToolCall;
import dev.dspj.tool.Tool;
import dev.dspj.tool.ToolArgument;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tools in Anthropic's shape: name, description, input_schema, and its tool_choice words; and
 * {@code tool_use} blocks read back, streamed as {@code input_json_delta} fragments or not.
 */
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

    private static final String START = "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":"
            + "\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5\","
            + "\"stop_reason\":null,\"usage\":{\"input_tokens\":30,\"output_tokens\":1}}}";

    private static String textStart(int index) {
        return "{\"type\":\"content_block_start\",\"index\":" + index
                + ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}";
    }

    private static String text(int index, String piece) {
        return "{\"type\":\"content_block_delta\",\"index\":" + index
                + ",\"delta\":{\"type\":\"text_delta\",\"text\":\"" + piece + "\"}}";
    }

    private static String toolStart(int index, String id, String name, String input) {
        return "{\"type\":\"content_block_start\",\"index\":" + index
                + ",\"content_block\":{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + name
                + "\",\"input\":" + input + "}}";
    }

    /** An {@code input_json_delta}; the fragment is written as Java text and escaped here. */
    private static String json(int index, String fragment) {
        return "{\"type\":\"content_block_delta\",\"index\":" + index
                + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":"
                + ProviderProtocol.JSON.getNodeFactory().textNode(fragment) + "}}";
    }

    private static String stop(int index) {
        return "{\"type\":\"content_block_stop\",\"index\":" + index + "}";
    }

    private static final String TOOL_USE_END =
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
                    + "\"usage\":{\"output_tokens\":42}}";
    private static final String MESSAGE_STOP = "{\"type\":\"message_stop\"}";

    /** Feeds the events (their data; the event name is the data's type) and returns the text deltas. */
    private static List<String> feed(ProviderProtocol.StreamParser parser, String... events) {
        List<String> deltas = new ArrayList<>();
        for (String data : events) {
            String type = data.substring("{\"type\":\"".length(), data.indexOf('"', "{\"type\":\"".length()));
            parser.onEvent(type, data).forEach(delta -> deltas.add(delta.text()));
        }
        return deltas;
    }

    @Test
    void streamedToolUseBlocksAreJoinedPerIndexAndReadAsThePlainPathReadsThem() throws Exception {
        ProviderProtocol.StreamParser parser = new AnthropicProtocol().streamParser("claude");
        List<String> deltas = feed(
                parser,
                START,
                textStart(0),
                text(0, "Let me check"),
                text(0, " both."),
                stop(0),
                "{\"type\":\"ping\"}",
                toolStart(1, "toolu_1", "weather", "{}"),
                json(1, ""),
                json(1, "{\"ci"),
                json(1, "ty\": \"Os"),
                json(1, "lo\", \"da"),
                json(1, "ys\": 3"),
                json(1, "}"),
                stop(1),
                textStart(2),
                text(2, " And the time:"),
                stop(2),
                toolStart(3, "toolu_2", "clock", "{}"),
                stop(3),
                toolStart(4, "toolu_3", "weather", "{}"),
                // split inside a \\u escape and inside a surrogate pair's escapes
                json(4, "{\"city\": \"Z\\u00"),
                json(4, "fcrich \\ud83c"),
                json(4, "\\udf27\"}"),
                stop(4),
                TOOL_USE_END,
                MESSAGE_STOP);
        assertEquals(List.of("Let me check", " both.", " And the time:"), deltas);
        assertTrue(parser.finished());
        LmResponse streamed = parser.response();
        List<ToolCall> expected = List.of(
                new ToolCall("toolu_1", "weather", "{\"city\":\"Oslo\",\"days\":3}"),
                new ToolCall("toolu_2", "clock", "{}"),
                new ToolCall("toolu_3", "weather", "{\"city\":\"Z\u00fcrich \ud83c\udf27\"}"));
        assertEquals(expected, streamed.toolCalls());
        assertEquals("Let me check both. And the time:", streamed.text());
        assertEquals("tool_calls", streamed.finishReason());
        assertEquals(30, streamed.usage().promptTokens());
        assertEquals(42, streamed.usage().completionTokens());
        assertEquals("claude-sonnet-4-5", streamed.model());

        // the same message unstreamed gives the same response
        LmResponse plain = new AnthropicProtocol()
                .parseResponse(
                        ProviderProtocol.JSON.readTree("{\"model\":\"claude-sonnet-4-5\",\"content\":["
                                + "{\"type\":\"text\",\"text\":\"Let me check both.\"},"
                                + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"weather\","
                                + "\"input\":{\"city\": \"Oslo\", \"days\": 3}},"
                                + "{\"type\":\"text\",\"text\":\" And the time:\"},"
                                + "{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"clock\",\"input\":{}},"
                                + "{\"type\":\"tool_use\",\"id\":\"toolu_3\",\"name\":\"weather\","
                                + "\"input\":{\"city\":\"Z\\u00fcrich \\ud83c\\udf27\"}}],"
                                + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":30,\"output_tokens\":42}}"),
                        "claude");
        assertEquals(plain, streamed);
    }

    @Test
    void fragmentsOfOpenBlocksAreKeptApartByIndexAndAnInputGivenAtTheStartIsKept() {
        ProviderProtocol.StreamParser parser = new AnthropicProtocol().streamParser("claude");
        feed(
                parser,
                START,
                toolStart(2, "toolu_b", "clock", "{}"),
                toolStart(1, "toolu_a", "weather", "{}"),
                json(2, "{\"zone\":"),
                json(1, "{\"city\":"),
                json(2, " \"UTC\"}"),
                json(1, " \"Oslo\"}"),
                toolStart(3, "toolu_c", "weather", "{\"city\": \"Rome\"}"),
                stop(1),
                stop(2),
                stop(3),
                TOOL_USE_END,
                MESSAGE_STOP);
        assertEquals(
                List.of(
                        new ToolCall("toolu_a", "weather", "{\"city\":\"Oslo\"}"),
                        new ToolCall("toolu_b", "clock", "{\"zone\":\"UTC\"}"),
                        new ToolCall("toolu_c", "weather", "{\"city\":\"Rome\"}")),
                parser.response().toolCalls());
        assertEquals("", parser.response().text());
    }

    @Test
    void aStreamedInputThatIsNotAJsonObjectFailsNamingTheToolAndTheText() {
        for (String[] bad : new String[][] {
            {"{\"city\": \"Oslo\"", ",}"}, {"{\"city\": \"Oslo\"}", "}"}, {"[\"Os", "lo\"]"}, {"{\"city\": ", "\"Oslo"}
        }) {
            ProviderProtocol.StreamParser parser = new AnthropicProtocol().streamParser("claude");
            feed(parser, START, toolStart(0, "toolu_x", "weather", "{}"), json(0, bad[0]), json(0, bad[1]));
            IllegalArgumentException failure =
                    assertThrows(IllegalArgumentException.class, () -> feed(parser, stop(0)));
            String message = failure.getMessage();
            assertTrue(message.contains("\"weather\""), message);
            assertTrue(message.contains("toolu_x"), message);
            assertTrue(message.contains(": " + bad[0] + bad[1]), message);
        }
        // a stream cut off before the block stopped fails when the response is read
        ProviderProtocol.StreamParser cut = new AnthropicProtocol().streamParser("claude");
        feed(cut, START, toolStart(0, "toolu_y", "clock", "{}"), json(0, "{\"zone"));
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, cut::response);
        assertTrue(failure.getMessage().contains("\"clock\""), failure.getMessage());
        assertTrue(failure.getMessage().contains("{\"zone"), failure.getMessage());
        // a fragment for a block that never started
        ProviderProtocol.StreamParser orphan = new AnthropicProtocol().streamParser("claude");
        assertThrows(IllegalArgumentException.class, () -> feed(orphan, START, json(5, "{}")));
    }
}
