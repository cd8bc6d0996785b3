package dev.dspj.module;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.codec.PythonJson;
import dev.dspj.codec.PythonText;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The text {@link Refine} shows its feedback model and SIMBA ({@code dev.dspj.optimize.Simba}) its
 * rule model, written as DSPy's {@code refine.py} and {@code simba_utils.py} write it:
 * {@code inspect_modules} for the module definitions, and {@code orjson.dumps(recursive_mask(v),
 * option=OPT_INDENT_2)} for inputs, trajectories and outputs. Public so that both share one
 * rendering; the text follows DSPy's and may change with it.
 */
public final class FeedbackText {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String SEPARATOR = "-".repeat(80);

    private FeedbackText() {}

    /**
     * DSPy's {@code inspect_modules}: each predictor's fields and instructions, between separators.
     *
     * @param predictors the program's predictors with their names
     * @return the text
     */
    public static String inspectModules(List<NamedPredictor> predictors) {
        List<String> output = new ArrayList<>();
        output.add(SEPARATOR);
        for (NamedPredictor named : predictors) {
            SignatureDescriptor signature = named.predictor().signature();
            output.add("Module " + named.name());
            output.add("\n\tInput Fields:");
            output.add(indentLines(fieldDescriptions(signature.inputFields())));
            output.add("\tOutput Fields:");
            output.add(indentLines(fieldDescriptions(signature.outputFields())));
            output.add("\tOriginal Instructions: " + indentLines(PythonText.dedent(signature.instructions())));
            output.add(SEPARATOR);
        }
        List<String> stripped = new ArrayList<>(output.size());
        for (String part : output) {
            stripped.add(stripNewlines(part));
        }
        return String.join("\n", stripped);
    }

    /** DSPy's {@code get_field_description_string}: {@code 1. `name` (type): description} lines. */
    static String fieldDescriptions(List<FieldDescriptor<?>> fields) {
        List<String> lines = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            FieldDescriptor<?> field = fields.get(i);
            String description = field.description().equals("${" + field.name() + "}") ? "" : field.description();
            lines.add((i + 1) + ". `" + field.name() + "` (" + field.typeName() + "): " + description);
        }
        return String.join("\n", lines).strip();
    }

    /** {@code ("\n" + "\t" * 2).join([""] + text.splitlines())}. */
    private static String indentLines(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : PythonText.splitLines(text)) {
            out.append("\n\t\t").append(line);
        }
        return out.toString();
    }

    private static String stripNewlines(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == '\n') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == '\n') {
            end--;
        }
        return text.substring(start, end);
    }

    /**
     * A value as JSON, as {@code recursive_mask} prepares it: a field's value through its codec
     * when one is given; otherwise strings, numbers, booleans, maps, collections, arrays,
     * optionals, enums and records by their structure; anything else as
     * {@code <non-serializable: Type>}.
     *
     * @param value the value, may be null
     * @param field the field the value belongs to, or null for none
     * @return the JSON
     */
    public static JsonNode toJson(@Nullable Object value, @Nullable FieldDescriptor<?> field) {
        if (field != null && value != null) {
            try {
                return encode(field, value);
            } catch (RuntimeException wrongType) {
                // a value of another type than declared: described by its structure below
            }
        }
        return toJson(value);
    }

    @SuppressWarnings("unchecked")
    private static <T> JsonNode encode(FieldDescriptor<T> field, Object value) {
        return field.codec().toJson((T) value);
    }

    /**
     * A value as JSON by its structure alone, as {@link #toJson(Object, FieldDescriptor)} without a
     * field.
     *
     * @param value the value, may be null
     * @return the JSON
     */
    public static JsonNode toJson(@Nullable Object value) {
        if (value == null) {
            return JSON.nullNode();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof CharSequence || value instanceof Character) {
            return JSON.textNode(value.toString());
        }
        if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return JSON.numberNode(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            return JSON.numberNode(((Number) value).doubleValue());
        }
        if (value instanceof BigDecimal d) {
            return JSON.numberNode(d);
        }
        if (value instanceof BigInteger i) {
            return JSON.numberNode(i);
        }
        if (value instanceof Optional<?> optional) {
            return toJson(optional.orElse(null));
        }
        if (value instanceof Enum<?> constant) {
            return JSON.textNode(constant.name());
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = JSON.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), toJson(v)));
            return object;
        }
        if (value instanceof Collection<?> collection) {
            ArrayNode array = JSON.arrayNode();
            collection.forEach(item -> array.add(toJson(item)));
            return array;
        }
        if (value instanceof Object[] items) {
            ArrayNode array = JSON.arrayNode();
            for (Object item : items) {
                array.add(toJson(item));
            }
            return array;
        }
        if (value instanceof Prediction prediction) {
            return toJson(prediction.values());
        }
        if (value.getClass().isRecord()) {
            try {
                ObjectNode object = JSON.objectNode();
                for (RecordComponent component : value.getClass().getRecordComponents()) {
                    object.set(
                            component.getName(), toJson(component.getAccessor().invoke(value)));
                }
                return object;
            } catch (ReflectiveOperationException | RuntimeException notAccessible) {
                // fall through to the placeholder
            }
        }
        return JSON.textNode("<non-serializable: " + value.getClass().getSimpleName() + ">");
    }

    /**
     * {@code orjson.dumps(value, option=OPT_INDENT_2)}: two-space indents, {@code ": "} after keys,
     * raw UTF-8.
     *
     * @param node the JSON
     * @return the text
     */
    public static String indentedJson(JsonNode node) {
        return PythonJson.dumpsIndented(node, false);
    }
}
