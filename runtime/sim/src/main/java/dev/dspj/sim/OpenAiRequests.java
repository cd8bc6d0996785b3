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

/** Reads and validates an OpenAI Chat Completions request body, rejecting what OpenAI rejects with its wording. */
final class OpenAiRequests {

    private static final Set<String> KNOWN = Set.of(
            "model",
            "messages",
            "temperature",
            "top_p",
            "n",
            "stream",
            "stream_options",
            "stop",
            "max_tokens",
            "max_completion_tokens",
            "presence_penalty",
            "frequency_penalty",
            "logit_bias",
            "logprobs",
            "top_logprobs",
            "user",
            "seed",
            "response_format",
            "tools",
            "tool_choice",
            "parallel_tool_calls",
            "service_tier",
            "store",
            "metadata",
            "reasoning_effort",
            "modalities",
            "prediction",
            "audio",
            "web_search_options",
            "verbosity",
            "prompt_cache_key",
            "safety_identifier",
            "functions",
            "function_call");

    private OpenAiRequests() {}

    static OpenAiCall parse(JsonNode root, @Nullable Integer rolloutId) {
        if (!root.isObject()) {
            throw new BadRequest("The request body must be a JSON object.", null, "invalid_type");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KNOWN.contains(name)) {
                throw new BadRequest("Unrecognized request argument supplied: " + name, name, "unknown_parameter");
            }
        }
        JsonNode model = root.path("model");
        if (!model.isTextual() || model.textValue().isBlank()) {
            throw new BadRequest("you must provide a model parameter", "model", null);
        }
        List<ChatMessage> messages = messages(root.get("messages"));
        Double temperature = number(root, "temperature", 0, 2);
        number(root, "top_p", 0, 1);
        Integer n = integer(root, "n", 1, 128);
        Integer maxTokens = integer(root, "max_completion_tokens", 1, Integer.MAX_VALUE);
        if (maxTokens == null) {
            maxTokens = integer(root, "max_tokens", 1, Integer.MAX_VALUE);
        }
        Long seed = null;
        if (present(root, "seed")) {
            if (!root.get("seed").canConvertToLong() || !root.get("seed").isIntegralNumber()) {
                throw new BadRequest(
                        "Invalid type for 'seed': expected an integer, but got " + typeOf(root.get("seed"))
                                + " instead.",
                        "seed",
                        "invalid_type");
            }
            seed = root.get("seed").longValue();
        }
        List<String> stop = stop(root.get("stop"));
        JsonNode format = root.get("response_format");
        ResponseFormat.Kind kind = ResponseFormat.Kind.TEXT;
        JsonNode schema = null;
        if (format != null && !format.isNull()) {
            kind = formatKind(format);
            if (kind == ResponseFormat.Kind.JSON_SCHEMA) {
                schema = format.get("json_schema").get("schema");
            }
        }
        boolean stream = bool(root, "stream");
        boolean includeUsage = false;
        if (present(root, "stream_options")) {
            if (!stream) {
                throw new BadRequest(
                        "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
                        "stream_options",
                        null);
            }
            JsonNode options = root.get("stream_options");
            if (!options.isObject()) {
                throw new BadRequest(
                        "Invalid type for 'stream_options': expected an object, but got " + typeOf(options)
                                + " instead.",
                        "stream_options",
                        "invalid_type");
            }
            includeUsage = bool(options, "include_usage");
        }
        SimRequest request = new SimRequest(
                model.textValue(),
                messages,
                temperature,
                maxTokens,
                n == null ? 1 : n,
                seed,
                rolloutId,
                kind,
                schema,
                stop,
                tools(root.get("tools")),
                toolTurns(root.get("messages")));
        return new OpenAiCall(request, stream, includeUsage);
    }

    /** The functions of {@code tools}: {@code [{"type": "function", "function": {name, description, parameters}}]}. */
    private static List<ListedTool> tools(@Nullable JsonNode node) {
        List<ListedTool> tools = new ArrayList<>();
        if (node == null || node.isNull()) {
            return tools;
        }
        if (!node.isArray()) {
            throw new BadRequest(
                    "Invalid type for 'tools': expected an array of objects, but got " + typeOf(node) + " instead.",
                    "tools",
                    "invalid_type");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode function = node.get(i).path("function");
            if (!node.get(i).path("type").asText("").equals("function")
                    || !function.path("name").isTextual()) {
                throw new BadRequest(
                        "Missing required parameter: 'tools[" + i + "].function.name'.",
                        "tools[" + i + "].function.name",
                        "missing_required_parameter");
            }
            List<String> arguments = new ArrayList<>();
            function.path("parameters").path("properties").fieldNames().forEachRemaining(arguments::add);
            tools.add(new ListedTool(
                    function.path("name").textValue(),
                    function.path("description").asText(""),
                    arguments));
        }
        return tools;
    }

    /** The assistant turns' {@code tool_calls}, each with the content of the {@code tool} message answering it. */
    private static List<TrajectoryStep> toolTurns(JsonNode messages) {
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> arguments = new ArrayList<>();
        Map<String, String> results = new HashMap<>();
        for (JsonNode message : messages) {
            String role = message.path("role").asText("");
            if (role.equals("assistant") && message.path("tool_calls").isArray()) {
                for (JsonNode call : message.path("tool_calls")) {
                    JsonNode function = call.path("function");
                    JsonNode args = function.path("arguments");
                    ids.add(call.path("id").asText(""));
                    names.add(function.path("name").asText(""));
                    arguments.add(args.isTextual() ? args.textValue() : args.isMissingNode() ? "{}" : args.toString());
                }
            } else if (role.equals("tool")) {
                JsonNode content = message.get("content");
                results.putIfAbsent(
                        message.path("tool_call_id").asText(""),
                        content == null || content.isNull() ? "" : content(content, "tool.content", true));
            }
        }
        List<TrajectoryStep> turns = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            turns.add(new TrajectoryStep(names.get(i), arguments.get(i), results.get(ids.get(i))));
        }
        return turns;
    }

    private static List<ChatMessage> messages(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new BadRequest("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
        }
        if (!node.isArray()) {
            throw new BadRequest(
                    "Invalid type for 'messages': expected an array, but got " + typeOf(node) + " instead.",
                    "messages",
                    "invalid_type");
        }
        if (node.isEmpty()) {
            throw new BadRequest(
                    "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an "
                            + "empty array instead.",
                    "messages",
                    "empty_array");
        }
        List<ChatMessage> messages = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode message = node.get(i);
            String at = "messages[" + i + "]";
            if (!message.isObject()) {
                throw new BadRequest(
                        "Invalid type for '" + at + "': expected an object, but got " + typeOf(message) + " instead.",
                        at,
                        "invalid_type");
            }
            String role = message.path("role").asText("");
            Role mapped = switch (role) {
                case "system", "developer" -> Role.SYSTEM;
                case "user" -> Role.USER;
                case "assistant" -> Role.ASSISTANT;
                case "tool", "function" -> null;
                default ->
                    throw new BadRequest(
                            "Invalid value: '" + role + "'. Supported values are: 'system', "
                                    + "'assistant', 'user', 'function', 'tool', and 'developer'.",
                            at + ".role",
                            "invalid_value");
            };
            String content = content(message.get("content"), at + ".content", mapped == Role.ASSISTANT);
            if (mapped != null) {
                messages.add(new ChatMessage(mapped, content));
            }
        }
        return messages;
    }

    /** A message's text: a string, an array of parts (text parts joined), or null where OpenAI allows it. */
    private static String content(JsonNode content, String at, boolean nullable) {
        if (content == null || content.isNull()) {
            if (nullable) {
                return "";
            }
            throw new BadRequest("Missing required parameter: '" + at + "'.", at, "missing_required_parameter");
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (!content.isArray()) {
            throw new BadRequest(
                    "Invalid type for '" + at + "': expected one of a string or array of objects, but got "
                            + typeOf(content) + " instead.",
                    at,
                    "invalid_type");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            if (!part.isObject() || !part.path("type").isTextual()) {
                throw new BadRequest(
                        "Invalid '" + at + "[" + i + "]': expected an object with a 'type'.",
                        at + "[" + i + "]",
                        "invalid_type");
            }
            if (part.path("type").textValue().equals("text")) {
                if (!part.path("text").isTextual()) {
                    throw new BadRequest(
                            "Missing required parameter: '" + at + "[" + i + "].text'.",
                            at + "[" + i + "].text",
                            "missing_required_parameter");
                }
                if (text.length() > 0) {
                    text.append('\n');
                }
                text.append(part.path("text").textValue());
            }
        }
        return text.toString();
    }

    private static ResponseFormat.Kind formatKind(JsonNode format) {
        if (!format.isObject()) {
            throw new BadRequest(
                    "Invalid type for 'response_format': expected an object, but got " + typeOf(format) + " instead.",
                    "response_format",
                    "invalid_type");
        }
        String type = format.path("type").asText("");
        switch (type) {
            case "text" -> {
                return ResponseFormat.Kind.TEXT;
            }
            case "json_object" -> {
                return ResponseFormat.Kind.JSON_OBJECT;
            }
            case "json_schema" -> {
                JsonNode schema = format.get("json_schema");
                if (schema == null || !schema.isObject()) {
                    throw new BadRequest(
                            "Missing required parameter: 'response_format.json_schema'.",
                            "response_format.json_schema",
                            "missing_required_parameter");
                }
                if (!schema.path("name").isTextual()
                        || !schema.path("name").textValue().matches("[A-Za-z0-9_-]{1,64}")) {
                    throw new BadRequest(
                            "Missing required parameter: 'response_format.json_schema.name'.",
                            "response_format.json_schema.name",
                            "missing_required_parameter");
                }
                if (schema.has("schema") && !schema.get("schema").isObject()) {
                    throw new BadRequest(
                            "Invalid type for 'response_format.json_schema.schema': expected an object.",
                            "response_format.json_schema.schema",
                            "invalid_type");
                }
                return ResponseFormat.Kind.JSON_SCHEMA;
            }
            default ->
                throw new BadRequest(
                        "Invalid value: '" + type + "'. Supported values are: 'json_object', "
                                + "'json_schema', and 'text'.",
                        "response_format.type",
                        "invalid_value");
        }
    }

    private static List<String> stop(JsonNode node) {
        List<String> stop = new ArrayList<>();
        if (node == null || node.isNull()) {
            return stop;
        }
        if (node.isTextual()) {
            stop.add(node.textValue());
            return stop;
        }
        if (!node.isArray() || node.size() > 4) {
            throw new BadRequest(
                    "Invalid 'stop': expected a string or an array of at most 4 strings.", "stop", "invalid_value");
        }
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw new BadRequest(
                        "Invalid type for 'stop': expected strings, but got " + typeOf(item) + " instead.",
                        "stop",
                        "invalid_type");
            }
            stop.add(item.textValue());
        }
        return stop;
    }

    private static boolean present(JsonNode root, String name) {
        return root.has(name) && !root.get(name).isNull();
    }

    private static @Nullable Double number(JsonNode root, String name, double min, double max) {
        if (!present(root, name)) {
            return null;
        }
        JsonNode node = root.get(name);
        if (!node.isNumber()) {
            throw new BadRequest(
                    "Invalid type for '" + name + "': expected a decimal, but got " + typeOf(node) + " instead.",
                    name,
                    "invalid_type");
        }
        double value = node.doubleValue();
        if (value < min) {
            throw new BadRequest(
                    "Invalid '" + name + "': decimal below minimum value. Expected a value >= "
                            + PythonNumbers.repr(min) + ", but got " + node.asText() + " instead.",
                    name,
                    "decimal_below_min_value");
        }
        if (value > max) {
            throw new BadRequest(
                    "Invalid '" + name + "': decimal above maximum value. Expected a value <= "
                            + PythonNumbers.repr(max) + ", but got " + node.asText() + " instead.",
                    name,
                    "decimal_above_max_value");
        }
        return value;
    }

    private static @Nullable Integer integer(JsonNode root, String name, int min, int max) {
        if (!present(root, name)) {
            return null;
        }
        JsonNode node = root.get(name);
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new BadRequest(
                    "Invalid type for '" + name + "': expected an integer, but got " + typeOf(node) + " instead.",
                    name,
                    "invalid_type");
        }
        int value = node.intValue();
        if (value < min) {
            throw new BadRequest(
                    "Invalid '" + name + "': integer below minimum value. Expected a value >= " + min + ", but got "
                            + value + " instead.",
                    name,
                    "integer_below_min_value");
        }
        if (value > max) {
            throw new BadRequest(
                    "Invalid '" + name + "': integer above maximum value. Expected a value <= " + max + ", but got "
                            + value + " instead.",
                    name,
                    "integer_above_max_value");
        }
        return value;
    }

    private static boolean bool(JsonNode root, String name) {
        if (!present(root, name)) {
            return false;
        }
        JsonNode node = root.get(name);
        if (!node.isBoolean()) {
            throw new BadRequest(
                    "Invalid type for '" + name + "': expected a boolean, but got " + typeOf(node) + " instead.",
                    name,
                    "invalid_type");
        }
        return node.booleanValue();
    }

    static String typeOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> node.isIntegralNumber() ? "an integer" : "a decimal";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> "an unsupported value";
        };
    }
}
