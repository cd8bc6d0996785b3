package dev.dspj.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.codec.PythonJson;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes an answer's values in the format the prompt asked for. */
final class AnswerRenderer {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AnswerRenderer() {}

    /**
     * The answer's text.
     *
     * @param format the format asked for
     * @param outputs the output fields, in order
     * @param values field name to value text; fields without a value are left out
     */
    static String render(AnswerFormat format, List<FieldSpec> outputs, Map<String, String> values) {
        return switch (format) {
            case CHAT -> chat(outputs, values);
            case JSON -> json(outputs, values);
            case XML -> xml(outputs, values);
            case TEXT -> text(outputs, values);
        };
    }

    private static String chat(List<FieldSpec> outputs, Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (FieldSpec field : outputs) {
            String value = values.get(field.name());
            if (value != null) {
                out.append("[[ ## ")
                        .append(field.name())
                        .append(" ## ]]\n")
                        .append(value)
                        .append("\n\n");
            }
        }
        return out.append("[[ ## completed ## ]]").toString();
    }

    private static String xml(List<FieldSpec> outputs, Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (FieldSpec field : outputs) {
            String value = values.get(field.name());
            if (value != null) {
                if (out.length() > 0) {
                    out.append("\n\n");
                }
                out.append('<')
                        .append(field.name())
                        .append(">\n")
                        .append(value)
                        .append("\n</")
                        .append(field.name())
                        .append('>');
            }
        }
        return out.toString();
    }

    private static String json(List<FieldSpec> outputs, Map<String, String> values) {
        ObjectNode object = NODES.objectNode();
        for (FieldSpec field : outputs) {
            String value = values.get(field.name());
            if (value != null) {
                object.set(field.name(), typed(field.kind(), value));
            }
        }
        return PythonJson.dumps(object);
    }

    private static String text(List<FieldSpec> outputs, Map<String, String> values) {
        for (FieldSpec field : outputs) {
            if (!field.isReasoning() && values.containsKey(field.name())) {
                return values.get(field.name());
            }
        }
        return values.isEmpty() ? "" : values.values().iterator().next();
    }

    /** A value as JSON of its field's kind: numbers and booleans unquoted, lists and objects as JSON. */
    static JsonNode typed(FieldKind kind, String value) {
        String text = value.strip();
        switch (kind) {
            case INT -> {
                try {
                    return NODES.numberNode(Long.parseLong(text));
                } catch (NumberFormatException notLong) {
                    return floating(text);
                }
            }
            case FLOAT -> {
                return floating(text);
            }
            case BOOL -> {
                String lower = text.toLowerCase(Locale.ROOT);
                if (lower.equals("true") || lower.equals("false")) {
                    return NODES.booleanNode(lower.equals("true"));
                }
                return NODES.textNode(value);
            }
            case LIST, DICT, OBJECT -> {
                try {
                    JsonNode node = JSON.readTree(text);
                    return node == null ? NODES.textNode(value) : node;
                } catch (JsonProcessingException notJson) {
                    return NODES.textNode(value);
                }
            }
            default -> {
                return NODES.textNode(value);
            }
        }
    }

    private static JsonNode floating(String text) {
        try {
            double number = Double.parseDouble(text);
            return Double.isFinite(number) ? NODES.numberNode(number) : NODES.textNode(text);
        } catch (NumberFormatException notNumber) {
            return NODES.textNode(text);
        }
    }
}
