package dev.dspj.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dspj.codec.LenientJson;
import dev.dspj.codec.PythonJson;
import dev.dspj.codec.SchemaDefinitions;
import dev.dspj.codec.ValueCodec;
import dev.dspj.codec.ValueParseException;
import java.util.List;

/**
 * The types of ReAct's step fields. Both read whatever the model wrote rather than fail: an unknown
 * tool name or arguments that are not a JSON object go back to the model as an observation, so a
 * step's parse never ends the run.
 */
final class ReActCodecs {

    private ReActCodecs() {}

    /** {@code next_tool_name}: DSPy's {@code Literal} of the tool names, read as any name. */
    static final class ToolName implements ValueCodec<String> {
        private final List<String> names;

        ToolName(List<String> names) {
            this.names = List.copyOf(names);
        }

        @Override
        public String typeName() {
            StringBuilder type = new StringBuilder("Literal[");
            for (int i = 0; i < names.size(); i++) {
                type.append(i == 0 ? "" : ", ")
                        .append('\'')
                        .append(names.get(i))
                        .append('\'');
            }
            return type.append(']').toString();
        }

        @Override
        public ObjectNode schema(SchemaDefinitions definitions) {
            ObjectNode schema = JsonNodeFactory.instance.objectNode();
            schema.put("type", "string");
            names.forEach(schema.putArray("enum")::add);
            return schema;
        }

        @Override
        public String parseText(String text) {
            String name = text.strip();
            while (name.length() > 1
                    && "\"'`*".indexOf(name.charAt(0)) >= 0
                    && name.charAt(name.length() - 1) == name.charAt(0)) {
                name = name.substring(1, name.length() - 1).strip();
            }
            if (name.isEmpty()) {
                throw new ValueParseException("expected a tool name, one of " + names + ", got nothing");
            }
            return name;
        }

        @Override
        public String fromJson(JsonNode node) {
            if (node == null || !node.isValueNode() || node.isNull()) {
                throw new ValueParseException("expected a tool name, one of " + names + ", got " + node);
            }
            return parseText(node.asText());
        }

        @Override
        public JsonNode toJson(String value) {
            return TextNode.valueOf(value);
        }

        @Override
        public String format(String value) {
            return value;
        }

        @Override
        public String outputConstraint() {
            return "must exactly match (no extra characters) one of: " + String.join("; ", names);
        }
    }

    /**
     * {@code next_tool_args}: DSPy's {@code dict[str, Any]}; a JSON object, or the raw text as a
     * string node when it is not one.
     */
    static final class ToolArgs implements ValueCodec<JsonNode> {
        @Override
        public String typeName() {
            return "dict[str, Any]";
        }

        @Override
        public ObjectNode schema(SchemaDefinitions definitions) {
            ObjectNode schema = JsonNodeFactory.instance.objectNode();
            schema.put("type", "object");
            schema.put("additionalProperties", true);
            return schema;
        }

        @Override
        public JsonNode parseText(String text) {
            try {
                JsonNode parsed = LenientJson.parse(text);
                return parsed.isObject() ? parsed : TextNode.valueOf(text);
            } catch (ValueParseException e) {
                return TextNode.valueOf(text);
            }
        }

        @Override
        public JsonNode fromJson(JsonNode node) {
            return node == null ? JsonNodeFactory.instance.objectNode() : node;
        }

        @Override
        public JsonNode toJson(JsonNode value) {
            return value;
        }

        @Override
        public String format(JsonNode value) {
            return value.isTextual() ? value.textValue() : PythonJson.dumps(value);
        }
    }
}
