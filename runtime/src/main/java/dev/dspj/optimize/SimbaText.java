package dev.dspj.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.codec.PythonJson;
import dev.dspj.codec.PythonText;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The text SIMBA writes: values as JSON (for the run record and for the rule model, as DSPy's
 * {@code orjson.dumps(recursive_mask(v), option=OPT_INDENT_2)}), values read back from that JSON,
 * and DSPy's {@code inspect_modules}.
 */
final class SimbaText {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String SEPARATOR = "-".repeat(80);

    private SimbaText() {
    }

    /** What the rule model is shown as the program's code (DSPy shows the class's source, which Java lacks at run time). */
    static String programCode(Module program) {
        return "Java class " + program.getClass().getName() + " (its source code is not available at run time; "
                + "modules_defn describes each of its modules)";
    }

    /** DSPy's {@code inspect_modules}: each predictor's fields and instructions, between separators. */
    static String inspectModules(List<NamedPredictor> predictors) {
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
    private static String fieldDescriptions(List<FieldDescriptor<?>> fields) {
        List<String> lines = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            FieldDescriptor<?> field = fields.get(i);
            String description = field.description().equals("${" + field.name() + "}") ? "" : field.description();
            lines.add((i + 1) + ". `" + field.name() + "` (" + field.typeName() + "): " + description);
        }
        return String.join("\n", lines).strip();
    }

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

    /** Values of a signature's fields as a JSON object, each through its field's codec when it has one. */
    static ObjectNode valuesToJson(Map<String, Object> values, SignatureDescriptor signature) {
        ObjectNode object = JSON.objectNode();
        values.forEach((name, value) -> object.set(name, toJson(value, signature.field(name).orElse(null))));
        return object;
    }

    /** A JSON object of a signature's fields read back as Java values, through the fields' codecs. */
    static Map<String, Object> valuesFromJson(JsonNode object, SignatureDescriptor signature) {
        Map<String, Object> values = new LinkedHashMap<>();
        object.properties().forEach(entry -> values.put(entry.getKey(),
                fromJson(entry.getValue(), signature.field(entry.getKey()).orElse(null))));
        return values;
    }

    /**
     * A value as JSON: a field's value through the field's codec; otherwise strings, numbers,
     * booleans, maps, collections, optionals, enums and records by their structure, anything else
     * as {@code <non-serializable: Type>} (DSPy's {@code recursive_mask}).
     */
    static JsonNode toJson(Object value, FieldDescriptor<?> field) {
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

    static JsonNode toJson(Object value) {
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
        if (value instanceof Prediction prediction) {
            return toJson(prediction.values());
        }
        if (value.getClass().isRecord()) {
            try {
                ObjectNode object = JSON.objectNode();
                for (RecordComponent component : value.getClass().getRecordComponents()) {
                    object.set(component.getName(), toJson(component.getAccessor().invoke(value)));
                }
                return object;
            } catch (ReflectiveOperationException | RuntimeException notAccessible) {
                // falls through to the placeholder
            }
        }
        return JSON.textNode("<non-serializable: " + value.getClass().getSimpleName() + ">");
    }

    /** A JSON value read back: through the field's codec when it reads it, else as plain Java values. */
    static Object fromJson(JsonNode node, FieldDescriptor<?> field) {
        if (field != null && !node.isNull()) {
            try {
                return field.codec().fromJson(node);
            } catch (RuntimeException notOfTheFieldsType) {
                // kept as plain values below
            }
        }
        return plain(node);
    }

    private static Object plain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.forEach(item -> items.add(plain(item)));
            return items;
        }
        Map<String, Object> object = new LinkedHashMap<>();
        node.properties().forEach(entry -> object.put(entry.getKey(), plain(entry.getValue())));
        return object;
    }

    /** {@code orjson.dumps(value, option=OPT_INDENT_2)}: two-space indents, {@code ": "} after keys, raw UTF-8. */
    static String indentedJson(JsonNode node) {
        return PythonJson.dumpsIndented(node, false);
    }

    /** {@code str(v)[:n] + "\n\t\t... <TRUNCATED FOR BREVITY>"} when the text is longer than {@code n} code points. */
    static String truncate(String text, int maxCodePoints) {
        if (text.codePointCount(0, text.length()) <= maxCodePoints) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, maxCodePoints)) + Simba.TRUNCATION_MARK;
    }
}
