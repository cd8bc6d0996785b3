package dev.dspj.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dspj.lm.ResponseFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads what a prompt asks for, the way a model would: the output fields and their types from the
 * system message's field list, allowed values from the structure's notes or the JSON schema, and
 * the answer format.
 */
final class PromptReader {

    private static final String OUTPUTS_HEADING = "Your output fields are:";
    private static final List<String> OUTPUTS_END = List.of(
            "All interactions will be structured",
            "Inputs will have the following structure",
            "In adhering to this structure");
    private static final Pattern FIELD_LINE = Pattern.compile("^\\s*\\d+\\.\\s+`(\\w+)`\\s+\\((.+?)\\)(?::.*)?$");
    private static final Pattern NOTE = Pattern.compile("\\{(\\w+)\\}\\s*# note: the value you produce ([^\\n]*)");
    private static final Pattern ONE_OF = Pattern.compile("one of: (.*)$");
    private static final Pattern QUOTED = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'|\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final String CHAT_REMINDER_START = "Respond with the corresponding output fields";
    private static final Pattern CHAT_REMINDER = Pattern.compile("`\\[\\[ ## (\\w+) ## \\]\\]`");

    private PromptReader() {}

    /**
     * The output fields the prompt asks for, in order: from the system message's numbered list,
     * else the JSON schema's properties, else the Chat reminder in the user message.
     */
    static List<FieldSpec> outputFields(String system, String lastUser, @Nullable JsonNode schema) {
        Map<String, String> notes = notes(system);
        Map<String, List<String>> schemaChoices = schemaChoices(schema);
        List<FieldSpec> fields = new ArrayList<>();
        for (Map.Entry<String, String> declared : declaredOutputs(system).entrySet()) {
            fields.add(spec(declared.getKey(), declared.getValue(), notes, schemaChoices));
        }
        if (fields.isEmpty() && schema != null && schema.path("properties").isObject()) {
            schema.path("properties")
                    .properties()
                    .forEach(p ->
                            fields.add(spec(p.getKey(), schemaTypeName(schema, p.getValue()), notes, schemaChoices)));
        }
        int reminderStart = lastUser.lastIndexOf(CHAT_REMINDER_START);
        if (fields.isEmpty() && reminderStart >= 0) {
            Matcher reminder = CHAT_REMINDER.matcher(lastUser.substring(reminderStart));
            while (reminder.find()) {
                if (!reminder.group(1).equals("completed")) {
                    fields.add(spec(reminder.group(1), "str", notes, schemaChoices));
                }
            }
        }
        return fields;
    }

    /** The answer format: the response format wins, then the user message's reminder, then the system's structure. */
    static AnswerFormat format(String system, String lastUser, ResponseFormat.Kind kind, List<FieldSpec> outputs) {
        if (kind == ResponseFormat.Kind.JSON_OBJECT || kind == ResponseFormat.Kind.JSON_SCHEMA) {
            return AnswerFormat.JSON;
        }
        if (lastUser.contains("wrapped in XML tags")) {
            return AnswerFormat.XML;
        }
        if (lastUser.contains("Respond with a JSON object")) {
            return AnswerFormat.JSON;
        }
        if (system.contains("[[ ## completed ## ]]")
                || lastUser.contains("[[ ## completed ## ]]")
                || !outputs.isEmpty()) {
            return AnswerFormat.CHAT;
        }
        return AnswerFormat.TEXT;
    }

    /** How many of the hint phrases the text holds, case-insensitively. */
    static int hintsFound(String system, List<String> hints) {
        String lower = system.toLowerCase(Locale.ROOT);
        int found = 0;
        for (String hint : hints) {
            if (lower.contains(hint.toLowerCase(Locale.ROOT))) {
                found++;
            }
        }
        return found;
    }

    private static FieldSpec spec(
            String name, String typeName, Map<String, String> notes, Map<String, List<String>> schemaChoices) {
        String note = notes.getOrDefault(name, "");
        List<String> choices = choices(typeName, note);
        if (choices.isEmpty()) {
            choices = schemaChoices.getOrDefault(name, List.of());
        }
        return new FieldSpec(name, typeName, FieldKind.of(typeName, choices, note), choices);
    }

    /** Field name to type name, from the numbered list after "Your output fields are:". */
    private static Map<String, String> declaredOutputs(String system) {
        Map<String, String> outputs = new LinkedHashMap<>();
        int start = system.indexOf(OUTPUTS_HEADING);
        if (start < 0) {
            return outputs;
        }
        int end = system.length();
        for (String marker : OUTPUTS_END) {
            int at = system.indexOf(marker, start);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        for (String line :
                system.substring(start + OUTPUTS_HEADING.length(), end).split("\n")) {
            Matcher field = FIELD_LINE.matcher(line);
            if (field.matches()) {
                outputs.putIfAbsent(field.group(1), field.group(2).strip());
            }
        }
        return outputs;
    }

    /** Field name to the constraint of its "# note: the value you produce ..." line. */
    private static Map<String, String> notes(String system) {
        Map<String, String> notes = new HashMap<>();
        Matcher note = NOTE.matcher(system);
        while (note.find()) {
            String text = note.group(2).strip();
            while (text.endsWith("\"") || text.endsWith(",")) {
                text = text.substring(0, text.length() - 1).strip();
            }
            notes.putIfAbsent(note.group(1), text);
        }
        return notes;
    }

    /** Allowed values from a {@code Literal[...]} type name or a "one of: a; b" note. */
    private static List<String> choices(String typeName, String note) {
        List<String> values = new ArrayList<>();
        String type = FieldKind.unwrapOptional(typeName.strip());
        if (type.startsWith("Literal[")) {
            Matcher quoted = QUOTED.matcher(type);
            while (quoted.find()) {
                values.add(quoted.group(1) != null ? quoted.group(1) : quoted.group(2));
            }
            if (!values.isEmpty()) {
                return values;
            }
        }
        Matcher oneOf = ONE_OF.matcher(note);
        if (oneOf.find()) {
            for (String value : oneOf.group(1).split(";")) {
                String cleaned = value.strip();
                if (cleaned.length() >= 2
                        && ((cleaned.startsWith("'") && cleaned.endsWith("'"))
                                || (cleaned.startsWith("\"") && cleaned.endsWith("\"")))) {
                    cleaned = cleaned.substring(1, cleaned.length() - 1);
                }
                if (!cleaned.isEmpty()) {
                    values.add(cleaned);
                }
            }
        }
        return values;
    }

    /** Allowed values of each schema property with an {@code enum}, following local {@code $ref}s. */
    private static Map<String, List<String>> schemaChoices(@Nullable JsonNode schema) {
        Map<String, List<String>> choices = new HashMap<>();
        if (schema == null) {
            return choices;
        }
        schema.path("properties").properties().forEach(p -> {
            JsonNode property = resolve(schema, p.getValue());
            if (property.path("enum").isArray()) {
                List<String> values = new ArrayList<>();
                property.path("enum").forEach(v -> values.add(v.asText()));
                choices.put(p.getKey(), values);
            }
        });
        return choices;
    }

    /** A DSPy-style type name for a schema property. */
    private static String schemaTypeName(JsonNode schema, JsonNode property) {
        JsonNode resolved = resolve(schema, property);
        String type = resolved.path("type").asText("");
        return switch (type) {
            case "integer" -> "int";
            case "number" -> "float";
            case "boolean" -> "bool";
            case "array" -> "list";
            case "object" -> "dict";
            default -> "str";
        };
    }

    private static JsonNode resolve(JsonNode schema, JsonNode property) {
        String ref = property.path("$ref").asText("");
        if (ref.startsWith("#/")) {
            JsonNode target = schema.at(ref.substring(1));
            if (!target.isMissingNode()) {
                return target;
            }
        }
        JsonNode anyOf = property.path("anyOf");
        if (anyOf.isArray()) {
            for (JsonNode option : anyOf) {
                if (!"null".equals(option.path("type").asText())) {
                    return resolve(schema, option);
                }
            }
        }
        return property;
    }
}
