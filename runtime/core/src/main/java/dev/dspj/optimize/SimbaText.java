package dev.dspj.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.module.FeedbackText;
import dev.dspj.module.Module;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The text SIMBA writes beyond {@link FeedbackText}'s (which renders values as JSON and the module
 * definitions as DSPy does): a signature's values as a JSON object for the run record, and read
 * back from it, the program's code and truncated demo inputs.
 */
final class SimbaText {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SimbaText() {}

    /** What the rule model is shown as the program's code (DSPy shows the class's source, which Java lacks at run time). */
    static String programCode(Module program) {
        return "Java class " + program.getClass().getName() + " (its source code is not available at run time; "
                + "modules_defn describes each of its modules)";
    }

    /** Values of a signature's fields as a JSON object, each through its field's codec when it has one. */
    static ObjectNode valuesToJson(Map<String, Object> values, SignatureDescriptor signature) {
        ObjectNode object = JSON.objectNode();
        values.forEach((name, value) -> object.set(
                name, FeedbackText.toJson(value, signature.field(name).orElse(null))));
        return object;
    }

    /** A JSON object of a signature's fields read back as Java values, through the fields' codecs. */
    static Map<String, Object> valuesFromJson(JsonNode object, SignatureDescriptor signature) {
        Map<String, Object> values = new LinkedHashMap<>();
        object.properties()
                .forEach(entry -> values.put(
                        entry.getKey(),
                        fromJson(
                                entry.getValue(),
                                signature.field(entry.getKey()).orElse(null))));
        return values;
    }

    /** A JSON value read back: through the field's codec when it reads it, else as plain Java values. */
    static @Nullable Object fromJson(JsonNode node, @Nullable FieldDescriptor<?> field) {
        if (field != null && !node.isNull()) {
            try {
                return field.codec().fromJson(node);
            } catch (RuntimeException notOfTheFieldsType) {
                // kept as plain values below
            }
        }
        return plain(node);
    }

    private static @Nullable Object plain(@Nullable JsonNode node) {
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

    /** {@code str(v)[:n] + "\n\t\t... <TRUNCATED FOR BREVITY>"} when the text is longer than {@code n} code points. */
    static String truncate(String text, int maxCodePoints) {
        if (text.codePointCount(0, text.length()) <= maxCodePoints) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, maxCodePoints)) + Simba.TRUNCATION_MARK;
    }

    /** Where one sentence ends and the next begins. */
    private static final java.util.regex.Pattern SENTENCE_BREAK = java.util.regex.Pattern.compile("(?<=[.!?])\\s+");

    /**
     * The sentences of a rule that the instructions do not already contain, joined by spaces, so
     * the same advice is not stacked twice.
     *
     * @param instructions the predictor's instructions
     * @param advice the rule's text
     * @return the new sentences; empty when the instructions already say all of it
     */
    static String newSentences(String instructions, String advice) {
        StringBuilder fresh = new StringBuilder();
        for (String sentence : SENTENCE_BREAK.split(advice.strip(), -1)) {
            if (!sentence.isBlank() && !instructions.contains(sentence.strip())) {
                fresh.append(fresh.length() == 0 ? "" : " ").append(sentence.strip());
            }
        }
        return fresh.toString();
    }
}
