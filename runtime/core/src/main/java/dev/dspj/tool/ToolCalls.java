package dev.dspj.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.codec.LenientJson;
import dev.dspj.codec.SchemaDefinitions;
import dev.dspj.codec.ValueCodec;
import dev.dspj.codec.ValueParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The calls a model answered with, as DSPy's {@code dspy.ToolCalls}: a signature's output field of
 * this type is read from {@code {"tool_calls": [{"name": ..., "args": {...}}]}} in any adapter, or
 * from the provider's native function calls.
 *
 * @param calls the calls, in the model's order
 */
public record ToolCalls(List<ToolCall> calls) {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The field type: DSPy's schema and description; lenient reading of the shapes models write. */
    public static final ValueCodec<ToolCalls> CODEC = new Codec();

    /**
     * Copies the calls.
     *
     * @throws NullPointerException when the list or a call is null
     */
    public ToolCalls {
        calls = List.copyOf(calls);
    }

    /**
     * The calls.
     *
     * @param calls the calls
     * @return the value
     */
    public static ToolCalls of(ToolCall... calls) {
        return new ToolCalls(List.of(calls));
    }

    /**
     * The calls as a model writes them: {@code {"tool_calls": [{"name": ..., "args": {...}}]}}
     * (ids left out, as DSPy's {@code format()} does).
     *
     * @return a new object
     */
    public ObjectNode toJson() {
        ObjectNode json = NODES.objectNode();
        ArrayNode list = json.putArray("tool_calls");
        for (ToolCall call : calls) {
            ObjectNode item = list.addObject();
            item.put("name", call.name());
            item.set("args", call.args());
        }
        return json;
    }

    /**
     * Reads calls leniently, as DSPy does: a {@code {"tool_calls": [...]}} object, a bare list, or
     * one call; each call as {@code {name, args}}, {@code {name, arguments}} or OpenAI's
     * {@code {id, function: {name, arguments}}}, arguments as an object or a JSON string.
     *
     * @param node what the model wrote
     * @return the calls
     * @throws ValueParseException naming what is not a call
     */
    public static ToolCalls fromJson(JsonNode node) {
        JsonNode list = node;
        if (node.isObject() && node.has("tool_calls")) {
            list = node.get("tool_calls");
        }
        List<ToolCall> calls = new ArrayList<>();
        if (list.isArray()) {
            for (int i = 0; i < list.size(); i++) {
                try {
                    calls.add(call(list.get(i)));
                } catch (ValueParseException e) {
                    throw e.within("[" + i + "]");
                }
            }
        } else if (list.isObject()) {
            calls.add(call(list));
        } else {
            throw new ValueParseException("expected {\"tool_calls\": [{\"name\": ..., \"args\": {...}}]}, got " + node);
        }
        return new ToolCalls(calls);
    }

    private static ToolCall call(JsonNode node) {
        if (!node.isObject()) {
            throw new ValueParseException("a tool call must be an object with \"name\" and \"args\", got " + node);
        }
        JsonNode function = node.get("function");
        JsonNode source = function != null && function.isObject() ? function : node;
        JsonNode name = source.get("name");
        if (name == null || !name.isTextual() || name.textValue().isBlank()) {
            throw new ValueParseException("a tool call needs a \"name\", got " + node);
        }
        JsonNode args = source.has("args") ? source.get("args") : source.get("arguments");
        ObjectNode object = NODES.objectNode();
        if (args != null && args.isTextual()) {
            try {
                args = LenientJson.parse(args.textValue());
            } catch (ValueParseException e) {
                args = null;
            }
        }
        if (args != null && args.isObject()) {
            object = (ObjectNode) args;
        }
        @Nullable String id = text(node.get("id"));
        if (id == null) {
            id = text(node.get("call_id"));
        }
        return new ToolCall(id, name.textValue(), object);
    }

    private static @Nullable String text(@Nullable JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    private static final class Codec implements ValueCodec<ToolCalls> {
        @Override
        public String typeName() {
            return "ToolCalls";
        }

        @Override
        public ObjectNode schema(SchemaDefinitions definitions) {
            ObjectNode schema = NODES.objectNode();
            schema.put("type", "object");
            ObjectNode properties = schema.putObject("properties");
            ObjectNode toolCalls = properties.putObject("tool_calls");
            toolCalls.put("type", "array");
            ObjectNode item = toolCalls.putObject("items");
            item.put("type", "object");
            ObjectNode itemProperties = item.putObject("properties");
            itemProperties.putObject("name").put("type", "string").put("description", "The name of the tool to call");
            itemProperties
                    .putObject("args")
                    .put("type", "object")
                    .put("description", "The arguments to pass to the tool");
            item.putArray("required").add("name").add("args");
            schema.putArray("required").add("tool_calls");
            return schema;
        }

        @Override
        public ToolCalls parseText(String text) {
            return ToolCalls.fromJson(LenientJson.parse(text));
        }

        @Override
        public ToolCalls fromJson(JsonNode node) {
            return ToolCalls.fromJson(Objects.requireNonNull(node, "node"));
        }

        @Override
        public JsonNode toJson(ToolCalls value) {
            return value.toJson();
        }
    }
}
