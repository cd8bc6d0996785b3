package dev.dspj.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dspj.lm.ChatMessage;
import dev.dspj.lm.ResponseFormat;
import dev.dspj.lm.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Reads and validates an Anthropic Messages request body, rejecting what Anthropic rejects with its wording. */
final class AnthropicRequests {

    private static final Set<String> KNOWN = Set.of(
            "model",
            "messages",
            "max_tokens",
            "system",
            "temperature",
            "top_p",
            "top_k",
            "stop_sequences",
            "stream",
            "metadata",
            "tools",
            "tool_choice",
            "thinking",
            "service_tier",
            "container",
            "mcp_servers");

    private AnthropicRequests() {}

    static AnthropicCall parse(JsonNode root, @Nullable Integer rolloutId) {
        if (!root.isObject()) {
            throw new BadRequest("The request body must be a JSON object.", null, null);
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KNOWN.contains(name)) {
                throw new BadRequest(name + ": Extra inputs are not permitted", name, null);
            }
        }
        JsonNode model = root.get("model");
        if (model == null || model.isNull()) {
            throw new BadRequest("model: Field required", "model", null);
        }
        if (!model.isTextual() || model.textValue().isBlank()) {
            throw new BadRequest("model: Input should be a valid string", "model", null);
        }
        JsonNode maxTokens = root.get("max_tokens");
        if (maxTokens == null || maxTokens.isNull()) {
            throw new BadRequest("max_tokens: Field required", "max_tokens", null);
        }
        if (!maxTokens.isIntegralNumber() || !maxTokens.canConvertToInt() || maxTokens.intValue() < 1) {
            throw new BadRequest(
                    "max_tokens: Input should be an integer greater than or equal to 1", "max_tokens", null);
        }
        List<ChatMessage> messages = new ArrayList<>();
        String system = system(root.get("system"));
        if (!system.isEmpty()) {
            messages.add(ChatMessage.system(system));
        }
        messages.addAll(turns(root.get("messages")));
        Double temperature = bounded(root, "temperature", 1.0);
        bounded(root, "top_p", 1.0);
        if (root.has("top_k")
                && !(root.get("top_k").isIntegralNumber() && root.get("top_k").intValue() >= 0)) {
            throw new BadRequest("top_k: Input should be an integer greater than or equal to 0", "top_k", null);
        }
        List<String> stop = new ArrayList<>();
        JsonNode sequences = root.get("stop_sequences");
        if (sequences != null && !sequences.isNull()) {
            if (!sequences.isArray()) {
                throw new BadRequest("stop_sequences: Input should be a valid list", "stop_sequences", null);
            }
            for (JsonNode sequence : sequences) {
                if (!sequence.isTextual()) {
                    throw new BadRequest("stop_sequences: Input should be a list of strings", "stop_sequences", null);
                }
                stop.add(sequence.textValue());
            }
        }
        boolean stream = false;
        if (root.has("stream") && !root.get("stream").isNull()) {
            if (!root.get("stream").isBoolean()) {
                throw new BadRequest("stream: Input should be a valid boolean", "stream", null);
            }
            stream = root.get("stream").booleanValue();
        }
        SimRequest request = new SimRequest(
                model.textValue(),
                messages,
                temperature,
                maxTokens.intValue(),
                1,
                null,
                rolloutId,
                ResponseFormat.Kind.TEXT,
                null,
                stop,
                tools(root.get("tools")),
                toolTurns(root.get("messages")));
        return new AnthropicCall(request, stream);
    }

    private static String system(JsonNode system) {
        if (system == null || system.isNull()) {
            return "";
        }
        if (system.isTextual()) {
            return system.textValue();
        }
        if (system.isArray()) {
            return blocks(system, "system");
        }
        throw new BadRequest("system: Input should be a valid string or a list of text blocks", "system", null);
    }

    private static List<ChatMessage> turns(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new BadRequest("messages: Field required", "messages", null);
        }
        if (!node.isArray()) {
            throw new BadRequest("messages: Input should be a valid list", "messages", null);
        }
        if (node.isEmpty()) {
            throw new BadRequest("messages: at least one message is required", "messages", null);
        }
        List<ChatMessage> turns = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode message = node.get(i);
            String at = "messages." + i;
            String role = message.path("role").asText("");
            Role mapped = switch (role) {
                case "user" -> Role.USER;
                case "assistant" -> Role.ASSISTANT;
                default ->
                    throw new BadRequest(at + ".role: Input should be 'user' or 'assistant'", at + ".role", null);
            };
            JsonNode content = message.get("content");
            String text;
            if (content != null && content.isTextual()) {
                text = content.textValue();
            } else if (content != null && content.isArray()) {
                text = blocks(content, at + ".content");
            } else {
                throw new BadRequest(
                        at + ".content: Input should be a valid string or a list of content blocks",
                        at + ".content",
                        null);
            }
            if (text.isEmpty() && content.isArray() && onlyToolResults(content)) {
                // the results of earlier calls, read as the trajectory (toolTurns): the question stays the last user
                // turn
                continue;
            }
            turns.add(new ChatMessage(mapped, text));
        }
        return turns;
    }

    private static boolean onlyToolResults(JsonNode blocks) {
        for (JsonNode block : blocks) {
            if (!block.path("type").asText("").equals("tool_result")) {
                return false;
            }
        }
        return !blocks.isEmpty();
    }

    /** The tools offered: {@code [{"name", "description", "input_schema": {"properties": ...}}]}. */
    private static List<ListedTool> tools(@Nullable JsonNode node) {
        List<ListedTool> tools = new ArrayList<>();
        if (node == null || node.isNull()) {
            return tools;
        }
        if (!node.isArray()) {
            throw new BadRequest("tools: Input should be a valid list", "tools", null);
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode tool = node.get(i);
            if (!tool.path("name").isTextual()) {
                throw new BadRequest("tools." + i + ".name: Field required", "tools." + i + ".name", null);
            }
            List<String> arguments = new ArrayList<>();
            tool.path("input_schema").path("properties").fieldNames().forEachRemaining(arguments::add);
            tools.add(new ListedTool(
                    tool.path("name").textValue(), tool.path("description").asText(""), arguments));
        }
        return tools;
    }

    /** The assistant turns' {@code tool_use} blocks, each with the content of the {@code tool_result} answering it. */
    private static List<TrajectoryStep> toolTurns(JsonNode messages) {
        List<JsonNode> calls = new ArrayList<>();
        Map<String, String> results = new HashMap<>();
        for (JsonNode message : messages) {
            for (JsonNode block : message.path("content")) {
                String type = block.path("type").asText("");
                if (type.equals("tool_use")) {
                    calls.add(block);
                } else if (type.equals("tool_result")) {
                    JsonNode content = block.path("content");
                    results.putIfAbsent(
                            block.path("tool_use_id").asText(""),
                            content.isTextual()
                                    ? content.textValue()
                                    : content.isArray() ? blocks(content, "tool_result.content") : "");
                }
            }
        }
        List<TrajectoryStep> turns = new ArrayList<>();
        for (JsonNode call : calls) {
            JsonNode input = call.path("input");
            turns.add(new TrajectoryStep(
                    call.path("name").asText(""),
                    input.isObject() ? input.toString() : "{}",
                    results.get(call.path("id").asText(""))));
        }
        return turns;
    }

    /** The text of content blocks: text blocks joined, other blocks (images, tool results...) left out. */
    private static String blocks(JsonNode blocks, String at) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode block = blocks.get(i);
            if (!block.isObject() || !block.path("type").isTextual()) {
                throw new BadRequest(
                        at + "." + i + ": Input should be a content block with a type", at + "." + i, null);
            }
            if (block.path("type").textValue().equals("text")) {
                if (!block.path("text").isTextual()) {
                    throw new BadRequest(at + "." + i + ".text: Field required", at + "." + i + ".text", null);
                }
                if (text.length() > 0) {
                    text.append('\n');
                }
                text.append(block.path("text").textValue());
            }
        }
        return text.toString();
    }

    private static @Nullable Double bounded(JsonNode root, String name, double max) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw new BadRequest(name + ": Input should be a valid number", name, null);
        }
        double value = node.doubleValue();
        if (value < 0) {
            throw new BadRequest(name + ": Input should be greater than or equal to 0", name, null);
        }
        if (value > max) {
            throw new BadRequest(name + ": range: 0.." + PythonNumbers.repr(max), name, null);
        }
        return value;
    }
}
