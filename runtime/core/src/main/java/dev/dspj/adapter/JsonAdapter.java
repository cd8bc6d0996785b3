package dev.dspj.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.dspj.codec.LenientJson;
import dev.dspj.codec.PythonJson;
import dev.dspj.codec.PythonText;
import dev.dspj.codec.SchemaDefinitions;
import dev.dspj.codec.Schemas;
import dev.dspj.codec.StrictSchema;
import dev.dspj.codec.ValueCodec;
import dev.dspj.codec.ValueParseException;
import dev.dspj.lm.LmSettings;
import dev.dspj.lm.ModelCapabilities;
import dev.dspj.lm.ResponseFormat;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * DSPy's JSON adapter ({@code dspy.JSONAdapter}), in its exact wire format: the model answers
 * with one JSON object holding every output field.
 *
 * <p>The system message is the Chat adapter's with another structure block: the inputs under
 * their {@code [[ ## name ## ]]} headers, then "Outputs will be a JSON object with the following
 * fields." and the output placeholders as an indented JSON object. Demo answers are the output
 * values as an indented JSON object (numbers stay numbers, lists stay lists); the main request
 * ends with "Respond with a JSON object in the following order of fields: ...".
 *
 * <p>Answers are read leniently: a code fence, chatty text around the object, single quotes and
 * Python literals are tolerated, keys that are not output fields are ignored, string values are
 * read as the Chat adapter reads a field's text and other values are checked against the field's
 * type.
 *
 * <p>{@link #requestSettings} asks for a strict JSON schema of the outputs when the model supports
 * structured outputs and every output has known properties, for any JSON object when it supports
 * only JSON mode, and for nothing otherwise. It is the {@link ChatAdapter}'s fallback and has
 * none of its own.
 */
public final class JsonAdapter extends FieldAdapter {

    /** The shared instance; the adapter holds no state. */
    public static final JsonAdapter INSTANCE = new JsonAdapter();

    /** The name DSPy gives the response-format schema of a program's outputs. */
    public static final String SCHEMA_NAME = "DSPyProgramOutputs";

    /**
     * Python's {@code json.dumps} default, which DSPy 3.0 and 3.1 keep for the JSON structure and
     * demo answers: non-ASCII characters are written as {@code \\uXXXX} escapes.
     */
    private static final boolean ENSURE_ASCII = true;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * Each signature's strict-schema settings, built once: a signature is immutable, and every call
     * of a predictor asks for the same one (weak identity keys, so signatures nobody holds, such as
     * an optimizer's discarded candidates, are dropped).
     */
    private static final Cache<SignatureDescriptor, Optional<LmSettings>> STRICT_SETTINGS =
            Caffeine.newBuilder().weakKeys().build();

    private JsonAdapter() {}

    @Override
    public String name() {
        return "JSONAdapter";
    }

    /**
     * None: the JSON adapter is the last resort, as in DSPy.
     *
     * @return empty
     */
    @Override
    public Optional<Adapter> fallback() {
        return Optional.empty();
    }

    /**
     * A strict JSON schema of the outputs when the model supports structured outputs and no output
     * is (or holds) an open-ended map; any JSON object when the model supports JSON mode; nothing
     * otherwise.
     *
     * @param signature the signature
     * @param capabilities what the model's API supports
     * @return the settings with the response format, if any
     */
    @Override
    public LmSettings requestSettings(SignatureDescriptor signature, ModelCapabilities capabilities) {
        if (capabilities.structuredOutputs()) {
            Optional<LmSettings> strict = STRICT_SETTINGS.get(signature, JsonAdapter::strictSettings);
            if (strict.isPresent()) {
                return strict.get();
            }
        }
        if (capabilities.jsonMode()) {
            return LmSettings.DEFAULTS.withResponseFormat(ResponseFormat.JSON_OBJECT);
        }
        return LmSettings.DEFAULTS;
    }

    private static Optional<LmSettings> strictSettings(SignatureDescriptor signature) {
        return INSTANCE.structuredOutputSchema(signature)
                .map(schema ->
                        LmSettings.DEFAULTS.withResponseFormat(ResponseFormat.jsonSchema(SCHEMA_NAME, schema, true)));
    }

    /**
     * The strict JSON schema of the signature's outputs, as DSPy builds it for structured outputs:
     * an object named {@value #SCHEMA_NAME} with every output field as a required property (titled
     * as pydantic titles them), named types under {@code $defs}, made strict by
     * {@link StrictSchema#of(ObjectNode)}.
     *
     * @param signature the signature
     * @return the schema, or empty when an output is or holds an open-ended map, which a strict
     *     schema cannot express (the JSON adapter then asks for JSON mode)
     */
    public Optional<ObjectNode> structuredOutputSchema(SignatureDescriptor signature) {
        SchemaDefinitions definitions = new SchemaDefinitions();
        ObjectNode schema = Schemas.ofType("object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        for (FieldDescriptor<?> field : signature.outputFields()) {
            ValueCodec<?> codec = field.codec();
            ObjectNode property = codec.schema(definitions);
            boolean reference = property.has("$ref")
                    || (codec.isOptional() && property.path("anyOf").path(0).has("$ref"));
            if (!reference) {
                property.put("title", Schemas.titleOf(field.name()));
            }
            properties.set(field.name(), property);
            required.add(field.name());
        }
        schema.put("additionalProperties", false);
        schema.put("title", SCHEMA_NAME);
        if (!definitions.asMap().isEmpty()) {
            ObjectNode defs = schema.putObject("$defs");
            definitions.asMap().forEach(defs::set);
        }
        if (!StrictSchema.isExpressible(schema)) {
            return Optional.empty();
        }
        return Optional.of(StrictSchema.of(schema));
    }

    @Override
    String fieldStructure(SignatureDescriptor signature) {
        List<String> parts = new ArrayList<>(5);
        parts.add(STRUCTURE_INTRO);
        parts.add("Inputs will have the following structure:");
        parts.add(ChatAdapter.structureBlock(signature.inputFields()));
        parts.add("Outputs will be a JSON object with the following fields.");
        ObjectNode outputs = NODES.objectNode();
        for (FieldDescriptor<?> field : signature.outputFields()) {
            outputs.put(field.name(), placeholder(field));
        }
        parts.add(PythonJson.dumpsIndented(outputs, ENSURE_ASCII));
        return PythonText.strip(String.join("\n\n", parts));
    }

    /**
     * {@inheritDoc}
     *
     * <p>As the Chat adapter's: each present input under its {@code [[ ## name ## ]]} header.
     */
    @Override
    public String userMessage(
            SignatureDescriptor signature, Map<String, Object> values, String prefix, boolean mainRequest) {
        return headedUserMessage(signature, values, prefix, mainRequest);
    }

    @Override
    public String outputRequirements(SignatureDescriptor signature) {
        StringBuilder out = new StringBuilder("Respond with a JSON object in the following order of fields: ");
        List<FieldDescriptor<?>> outputs = signature.outputFields();
        for (int i = 0; i < outputs.size(); i++) {
            FieldDescriptor<?> field = outputs.get(i);
            if (i > 0) {
                out.append(", then ");
            }
            out.append('`').append(field.name()).append('`');
            if (!field.codec().isText()) {
                out.append(" (must be formatted as a valid Python ")
                        .append(field.typeName())
                        .append(')');
            }
        }
        return out.append('.').toString();
    }

    /**
     * {@inheritDoc}
     *
     * <p>As a JSON object indented by two spaces, every output field a key in order, values in
     * their JSON form ({@code missing} as a string where a demo lacks the field).
     */
    @Override
    public String assistantMessage(SignatureDescriptor signature, Map<String, Object> values, String missing) {
        ObjectNode object = NODES.objectNode();
        for (FieldDescriptor<?> field : signature.outputFields()) {
            Object value = values.get(field.name());
            object.set(field.name(), value == null ? NODES.textNode(missing) : jsonValue(field, value));
        }
        return PythonJson.dumpsIndented(object, ENSURE_ASCII);
    }

    /** A value's JSON form by its field's codec; a value of another Java type as its text. */
    @SuppressWarnings("unchecked")
    private static <T> JsonNode jsonValue(FieldDescriptor<T> field, Object value) {
        try {
            return field.codec().toJson((T) value);
        } catch (ClassCastException wrongType) {
            return NODES.textNode(String.valueOf(value));
        }
    }

    @Override
    public Map<String, Object> parse(SignatureDescriptor signature, String completion) {
        Optional<JsonNode> object = findObject(completion);
        List<AdapterParseException.FieldProblem> problems = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        if (object.isEmpty()) {
            String expected = expectedKeys(signature);
            for (FieldDescriptor<?> field : signature.outputFields()) {
                if (field.codec().isOptional()) {
                    values.put(field.name(), field.codec().absentValue());
                } else {
                    problems.add(new AdapterParseException.FieldProblem(
                            field.name(),
                            "missing: the answer holds no JSON object; expected one with the keys " + expected,
                            null));
                }
            }
        } else {
            JsonNode fields = object.get();
            for (FieldDescriptor<?> field : signature.outputFields()) {
                ValueCodec<?> codec = field.codec();
                JsonNode node = fields.get(field.name());
                if (node == null) {
                    if (codec.isOptional()) {
                        values.put(field.name(), codec.absentValue());
                    } else {
                        problems.add(new AdapterParseException.FieldProblem(
                                field.name(),
                                "missing: the JSON object has no key \"" + field.name() + "\"; expected the keys "
                                        + expectedKeys(signature) + ", found " + foundKeys(fields),
                                null));
                    }
                    continue;
                }
                try {
                    values.put(field.name(), readValue(field, node));
                } catch (ValueParseException e) {
                    problems.add(new AdapterParseException.FieldProblem(
                            field.name(),
                            e.getMessage() + " (the field's type is " + field.typeName() + ")",
                            node.isTextual() ? node.textValue() : PythonJson.dumps(node)));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AdapterParseException(name(), signature.name(), problems, completion);
        }
        return values;
    }

    /**
     * DSPy's {@code parse_value} for one key of the answer: a string is read as the field's text
     * (as the Chat adapter reads it, so {@code "42"} is an int and {@code "[1, 2]"} a list); any
     * other JSON value must already be of the field's type. A text field takes any scalar as
     * Python's {@code str()} prints it.
     */
    private static Object readValue(FieldDescriptor<?> field, JsonNode node) {
        ValueCodec<?> codec = field.codec();
        if (node.isTextual()) {
            return codec.parseText(node.textValue());
        }
        if (codec.isText()) {
            if (node.isNull()) {
                throw new ValueParseException("expected a string, got null");
            }
            return PythonJson.formatForPrompt(node);
        }
        return codec.fromJson(node);
    }

    /**
     * Finds the answer's JSON object as DSPy does: the whole completion read leniently (code
     * fences, chatty text, single quotes and Python literals are tolerated); when that is not an
     * object, the first balanced {@code {...}} in it.
     */
    static Optional<JsonNode> findObject(String completion) {
        try {
            JsonNode whole = LenientJson.parse(completion);
            if (whole.isObject()) {
                return Optional.of(whole);
            }
        } catch (ValueParseException notJson) {
            // look for an object inside
        }
        for (String candidate : braceGroups(completion)) {
            try {
                JsonNode node = LenientJson.parse(candidate);
                if (node.isObject()) {
                    return Optional.of(node);
                }
            } catch (ValueParseException notJson) {
                // try the next group
            }
        }
        return Optional.empty();
    }

    /**
     * The balanced {@code {...}} groups of a text by where they open, outermost first, as DSPy's
     * recursive pattern {@code \{(?:[^{}]|(?R))*\}} finds them (braces in strings are counted).
     */
    private static List<String> braceGroups(String text) {
        Deque<Integer> open = new ArrayDeque<>();
        List<int[]> groups = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                open.push(i);
            } else if (c == '}' && !open.isEmpty()) {
                groups.add(new int[] {open.pop(), i + 1});
            }
        }
        groups.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<String> texts = new ArrayList<>(Math.min(groups.size(), 8));
        for (int[] group : groups) {
            if (texts.size() == 8) {
                break; // enough tries: a real answer's object is among the first few
            }
            texts.add(text.substring(group[0], group[1]));
        }
        return texts;
    }

    private static String expectedKeys(SignatureDescriptor signature) {
        return signature.outputFields().stream()
                .map(f -> "\"" + f.name() + "\"")
                .collect(Collectors.joining(", "));
    }

    private static String foundKeys(JsonNode object) {
        if (object.isEmpty()) {
            return "none";
        }
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(k -> keys.add("\"" + k + "\""));
        return String.join(", ", keys);
    }
}
