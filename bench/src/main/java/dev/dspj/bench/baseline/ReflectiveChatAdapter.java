package dev.dspj.bench.baseline;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.lm.ChatMessage;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The baseline DSPJ is compared with: the same Chat prompt and answer parsing, done the way a
 * library without an annotation processor would do it. The signature is discovered at run time
 * by reflection ({@link RtSignature} on an interface, fields as record components with
 * {@link RtField}); values are written and read with a Jackson {@link ObjectMapper}; records are
 * read with their accessors and built with their canonical constructor, reflectively.
 *
 * <p>It produces the same text as DSPJ's {@code ChatAdapter} for the types the benchmark uses
 * (text, numbers, lists), which a unit test checks, so that the timings compare equal work. It
 * is not a general DSPy port: it skips DSPy's Python-exact float repr (Jackson writes Java's,
 * identical for ordinary values such as 0.95), lenient JSON repair and error reporting.
 */
public final class ReflectiveChatAdapter {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** json.dumps separators: ", " and ": ". */
    private static final ObjectWriter PYTHON_JSON = MAPPER.writer(new PythonSeparators());

    private static final Pattern HEADER = Pattern.compile("^\\s*\\[\\[ ## (\\w+) ## \\]\\](.*)$", Pattern.MULTILINE);
    private static final String INDENT = " ".repeat(8);

    private ReflectiveChatAdapter() {}

    /** A demo: an input record and an output record. */
    public record Demo(Record input, Record output) {}

    /** One field, as reflection found it. */
    record Field(String name, String description, Type type, JavaType javaType, Method accessor) {}

    /**
     * A signature as reflection finds it.
     *
     * @param instructions the task instructions
     * @param inputs the input fields in order
     * @param outputs the output fields in order
     * @param outputConstructor the canonical constructor of the output record
     */
    public record Meta(
            String instructions, List<Field> inputs, List<Field> outputs, Constructor<?> outputConstructor) {}

    /**
     * Reads a signature by reflection.
     *
     * @param spec an interface annotated with {@link RtSignature}
     * @return the signature
     */
    public static Meta describe(Class<?> spec) {
        RtSignature signature = spec.getAnnotation(RtSignature.class);
        if (signature == null) {
            throw new IllegalArgumentException(spec + " has no @RtSignature");
        }
        List<Field> inputs = fields(signature.inputs());
        List<Field> outputs = fields(signature.outputs());
        RecordComponent[] components = signature.outputs().getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        try {
            return new Meta(
                    signature.instructions(),
                    inputs,
                    outputs,
                    signature.outputs().getDeclaredConstructor(types));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Field> fields(Class<? extends Record> record) {
        RecordComponent[] components = record.getRecordComponents();
        List<Field> fields = new ArrayList<>(components.length);
        for (RecordComponent component : components) {
            RtField annotation = component.getAnnotation(RtField.class);
            Type type = component.getGenericType();
            fields.add(new Field(
                    component.getName(),
                    annotation == null ? "" : annotation.desc(),
                    type,
                    MAPPER.getTypeFactory().constructType(type),
                    component.getAccessor()));
        }
        return fields;
    }

    /**
     * Formats the Chat prompt: the system message, each demo as a user and an assistant message,
     * then the inputs.
     *
     * @param meta the signature
     * @param demos complete demos
     * @param input the input record
     * @return the messages
     */
    public static List<ChatMessage> format(Meta meta, List<Demo> demos, Record input) {
        List<ChatMessage> messages = new ArrayList<>(2 + 2 * demos.size());
        messages.add(ChatMessage.system(systemMessage(meta)));
        for (Demo demo : demos) {
            messages.add(ChatMessage.user(userMessage(meta, demo.input(), false)));
            messages.add(ChatMessage.assistant(assistantMessage(meta, demo.output())));
        }
        messages.add(ChatMessage.user(userMessage(meta, input, true)));
        return messages;
    }

    private static String systemMessage(Meta meta) {
        StringBuilder out = new StringBuilder(1024);
        out.append("Your input fields are:\n");
        describeFields(meta.inputs(), out);
        out.append("\nYour output fields are:\n");
        describeFields(meta.outputs(), out);
        out.append(
                "\nAll interactions will be structured in the following way, with the appropriate values filled in.");
        for (Field field : meta.inputs()) {
            out.append("\n\n")
                    .append(header(field.name()))
                    .append("\n{")
                    .append(field.name())
                    .append('}');
        }
        for (Field field : meta.outputs()) {
            out.append("\n\n")
                    .append(header(field.name()))
                    .append("\n{")
                    .append(field.name())
                    .append('}');
            String constraint = outputConstraint(field.type());
            if (constraint != null) {
                out.append(INDENT).append("# note: the value you produce ").append(constraint);
            }
        }
        out.append("\n\n[[ ## completed ## ]]\nIn adhering to this structure, your objective is: ");
        for (String line : meta.instructions().strip().split("\n")) {
            out.append('\n').append(INDENT).append(line.strip());
        }
        return out.toString();
    }

    private static void describeFields(List<Field> fields, StringBuilder out) {
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            if (i > 0) {
                out.append('\n');
            }
            out.append(i + 1)
                    .append(". `")
                    .append(field.name())
                    .append("` (")
                    .append(typeName(field.type()))
                    .append("): ")
                    .append(field.description());
        }
    }

    private static String userMessage(Meta meta, Record values, boolean mainRequest) {
        StringBuilder out = new StringBuilder(512);
        for (Field field : meta.inputs()) {
            Object value = read(field, values);
            if (value != null) {
                if (out.length() > 0) {
                    out.append("\n\n");
                }
                out.append(header(field.name())).append('\n').append(formatValue(value));
            }
        }
        if (mainRequest) {
            out.append("\n\nRespond with the corresponding output fields, starting with the field ");
            List<Field> outputs = meta.outputs();
            for (int i = 0; i < outputs.size(); i++) {
                Field field = outputs.get(i);
                if (i > 0) {
                    out.append(", then ");
                }
                out.append('`').append(header(field.name())).append('`');
                if (field.type() != String.class) {
                    out.append(" (must be formatted as a valid Python ")
                            .append(typeName(field.type()))
                            .append(')');
                }
            }
            out.append(", and then ending with the marker for `[[ ## completed ## ]]`.");
        }
        return out.toString().strip();
    }

    private static String assistantMessage(Meta meta, Record values) {
        StringBuilder out = new StringBuilder(256);
        for (Field field : meta.outputs()) {
            if (out.length() > 0) {
                out.append("\n\n");
            }
            out.append(header(field.name())).append('\n').append(formatValue(read(field, values)));
        }
        return out.toString().strip() + "\n\n[[ ## completed ## ]]\n";
    }

    private static Object read(Field field, Record record) {
        try {
            return field.accessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    /** DSPy's format_field_value: text as it is, booleans as Python prints them, the rest as JSON. */
    private static String formatValue(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Boolean flag) {
            return flag ? "True" : "False";
        }
        try {
            return PYTHON_JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** DSPy's type names, from the reflected type. */
    static String typeName(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                return "list[" + typeName(arguments[0]) + "]";
            }
            if (Map.class.isAssignableFrom(raw)) {
                return "dict[" + typeName(arguments[0]) + ", " + typeName(arguments[1]) + "]";
            }
            throw new IllegalArgumentException("unsupported type " + type);
        }
        Class<?> cls = (Class<?>) type;
        if (cls == String.class) {
            return "str";
        }
        if (cls == int.class || cls == Integer.class || cls == long.class || cls == Long.class) {
            return "int";
        }
        if (cls == double.class || cls == Double.class || cls == float.class || cls == Float.class) {
            return "float";
        }
        if (cls == boolean.class || cls == Boolean.class) {
            return "bool";
        }
        return cls.getSimpleName();
    }

    private static String outputConstraint(Type type) {
        return switch (typeName(type)) {
            case "str" -> null;
            case "int" -> "must be a single int value";
            case "float" -> "must be a single float value";
            case "bool" -> "must be True or False";
            default -> "must adhere to the JSON schema: " + formatValue(schema(type));
        };
    }

    /** The JSON schema of a type, keys in DSPy's order (type first, the rest sorted). */
    private static ObjectNode schema(Type type) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        if (type instanceof ParameterizedType parameterized
                && List.class.isAssignableFrom((Class<?>) parameterized.getRawType())) {
            schema.put("type", "array");
            schema.set("items", schema(parameterized.getActualTypeArguments()[0]));
            return schema;
        }
        String name = typeName(type);
        schema.put(
                "type",
                switch (name) {
                    case "str" -> "string";
                    case "int" -> "integer";
                    case "float" -> "number";
                    case "bool" -> "boolean";
                    default -> throw new IllegalArgumentException("unsupported type " + type);
                });
        return schema;
    }

    /**
     * Parses a completion: splits it at the field headers, reads each output field's text with
     * Jackson as the component's declared type, and builds the output record reflectively.
     *
     * @param meta the signature
     * @param completion the model's answer
     * @param <O> the output record type
     * @return the output record
     */
    // the baseline mirrors a reflective library's API, where the caller names the record type it expects
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
    public static <O> O parse(Meta meta, String completion) {
        Map<String, String> sections = sections(completion);
        Object[] values = new Object[meta.outputs().size()];
        for (int i = 0; i < values.length; i++) {
            Field field = meta.outputs().get(i);
            String text = sections.get(field.name());
            if (text == null) {
                throw new IllegalArgumentException("the answer has no " + header(field.name()) + " section");
            }
            try {
                values[i] = field.type() == String.class ? text : MAPPER.readValue(text, field.javaType());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("field " + field.name() + ": " + e.getOriginalMessage(), e);
            }
        }
        try {
            return (O) meta.outputConstructor().newInstance(values);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Splits a completion at its {@code [[ ## name ## ]]} header lines; the first section of a name counts. */
    static Map<String, String> sections(String completion) {
        Map<String, String> sections = new HashMap<>();
        Matcher matcher = HEADER.matcher(completion);
        String name = null;
        int bodyStart = 0;
        while (matcher.find()) {
            if (name != null) {
                sections.putIfAbsent(
                        name, completion.substring(bodyStart, matcher.start()).strip());
            }
            name = matcher.group(1);
            bodyStart = matcher.start(2);
        }
        if (name != null) {
            sections.putIfAbsent(name, completion.substring(bodyStart).strip());
        }
        return sections;
    }

    private static String header(String name) {
        return "[[ ## " + name + " ## ]]";
    }

    /** Python's json.dumps separators for Jackson. */
    private static final class PythonSeparators extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator generator) throws IOException {
            generator.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator generator) throws IOException {
            generator.writeRaw(", ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator generator) throws IOException {
            generator.writeRaw(", ");
        }
    }
}
