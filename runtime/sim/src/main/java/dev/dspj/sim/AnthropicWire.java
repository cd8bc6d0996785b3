package dev.dspj.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.codec.LenientJson;
import dev.dspj.codec.ValueParseException;

/** The JSON the simulated server writes in Anthropic's Messages shapes. */
final class AnthropicWire {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AnthropicWire() {}

    static ObjectNode message(String id, String model, SimChoice choice, long inputTokens, long outputTokens) {
        ObjectNode body = messageHeader(id, model);
        ArrayNode content = body.putArray("content");
        if (choice.toolCalls().isEmpty() || !choice.text().isEmpty()) {
            content.addObject().put("type", "text").put("text", choice.text());
        }
        for (SimToolCall call : choice.toolCalls()) {
            content.addObject()
                    .put("type", "tool_use")
                    .put("id", toolUseId(call))
                    .put("name", call.name())
                    .set("input", input(call));
        }
        body.put("stop_reason", choice.anthropicStopReason());
        if (choice.stopSequence() == null) {
            body.putNull("stop_sequence");
        } else {
            body.put("stop_sequence", choice.stopSequence());
        }
        body.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", outputTokens);
        return body;
    }

    static ObjectNode messageStart(String id, String model, long inputTokens) {
        ObjectNode message = messageHeader(id, model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", 1);
        ObjectNode event = NODES.objectNode().put("type", "message_start");
        event.set("message", message);
        return event;
    }

    static ObjectNode contentBlockStart() {
        ObjectNode event = NODES.objectNode().put("type", "content_block_start").put("index", 0);
        event.putObject("content_block").put("type", "text").put("text", "");
        return event;
    }

    /** The start of a {@code tool_use} block: its id and name, an empty input (the input follows as JSON deltas). */
    static ObjectNode toolUseStart(int index, SimToolCall call) {
        ObjectNode event = NODES.objectNode().put("type", "content_block_start").put("index", index);
        event.putObject("content_block")
                .put("type", "tool_use")
                .put("id", toolUseId(call))
                .put("name", call.name())
                .putObject("input");
        return event;
    }

    /** A fragment of a {@code tool_use} block's input JSON. */
    static ObjectNode inputJsonDelta(int index, String partialJson) {
        ObjectNode event = NODES.objectNode().put("type", "content_block_delta").put("index", index);
        event.putObject("delta").put("type", "input_json_delta").put("partial_json", partialJson);
        return event;
    }

    static ObjectNode contentBlockStop(int index) {
        return NODES.objectNode().put("type", "content_block_stop").put("index", index);
    }

    /** Anthropic's id of a call: {@code toolu_} and the call's hex. */
    static String toolUseId(SimToolCall call) {
        return "toolu_" + call.id().substring(call.id().indexOf('_') + 1);
    }

    private static JsonNode input(SimToolCall call) {
        try {
            return LenientJson.parseObject(call.arguments());
        } catch (ValueParseException notJson) {
            return NODES.objectNode();
        }
    }

    static ObjectNode ping() {
        return NODES.objectNode().put("type", "ping");
    }

    static ObjectNode textDelta(String text) {
        ObjectNode event = NODES.objectNode().put("type", "content_block_delta").put("index", 0);
        event.putObject("delta").put("type", "text_delta").put("text", text);
        return event;
    }

    static ObjectNode contentBlockStop() {
        return NODES.objectNode().put("type", "content_block_stop").put("index", 0);
    }

    static ObjectNode messageDelta(SimChoice choice, long outputTokens) {
        ObjectNode event = NODES.objectNode().put("type", "message_delta");
        ObjectNode delta = event.putObject("delta").put("stop_reason", choice.anthropicStopReason());
        if (choice.stopSequence() == null) {
            delta.putNull("stop_sequence");
        } else {
            delta.put("stop_sequence", choice.stopSequence());
        }
        event.putObject("usage").put("output_tokens", outputTokens);
        return event;
    }

    static ObjectNode messageStop() {
        return NODES.objectNode().put("type", "message_stop");
    }

    static ObjectNode error(ApiError error) {
        ObjectNode body = NODES.objectNode().put("type", "error");
        body.putObject("error").put("type", type(error)).put("message", error.message());
        return body;
    }

    private static String type(ApiError error) {
        return switch (error.kind()) {
            case AUTHENTICATION -> "authentication_error";
            case NOT_FOUND -> "not_found_error";
            case RATE_LIMIT -> "rate_limit_error";
            case SERVER_ERROR -> error.status() == 529 || error.status() == 503 ? "overloaded_error" : "api_error";
            default -> "invalid_request_error";
        };
    }

    private static ObjectNode messageHeader(String id, String model) {
        return NODES.objectNode()
                .put("id", id)
                .put("type", "message")
                .put("role", "assistant")
                .put("model", model);
    }
}
