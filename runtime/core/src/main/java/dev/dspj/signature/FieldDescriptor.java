package dev.dspj.signature;

import dev.dspj.codec.PythonJson;
import dev.dspj.codec.Schemas;
import dev.dspj.codec.ValueCodec;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One field of a signature: its wire name, role, description, Java type and the codec that
 * reads, writes and describes its values. Immutable.
 *
 * @param <T> the Java type of the field's values
 */
public final class FieldDescriptor<T> {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String name;
    private final FieldRole role;
    private final String description;
    private final String javaType;
    private final ValueCodec<T> codec;
    private final String prefix;

    private FieldDescriptor(
            String name,
            FieldRole role,
            String description,
            String javaType,
            ValueCodec<T> codec,
            @Nullable String prefix) {
        this.name = Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("field name \"" + name
                    + "\" is not a valid field name: use letters, digits and underscores, not starting with a digit");
        }
        if (name.equals("completed")) {
            throw new IllegalArgumentException("field name \"completed\" is reserved: the Chat format uses "
                    + "[[ ## completed ## ]] to end an answer");
        }
        this.role = Objects.requireNonNull(role, "role");
        this.description = description == null ? "" : description;
        this.codec = Objects.requireNonNull(codec, "codec");
        this.javaType = javaType == null || javaType.isEmpty() ? codec.typeName() : javaType;
        this.prefix = prefix == null ? Prefixes.infer(name) : prefix;
    }

    /**
     * Creates an input field.
     *
     * @param name the wire name
     * @param codec the field's codec
     * @param description what the field holds; empty for none
     * @param javaType the declared Java type, for documentation
     * @param <T> the value type
     * @return the field
     */
    public static <T> FieldDescriptor<T> input(String name, ValueCodec<T> codec, String description, String javaType) {
        return new FieldDescriptor<>(name, FieldRole.INPUT, description, javaType, codec, null);
    }

    /**
     * Creates an output field.
     *
     * @param name the wire name
     * @param codec the field's codec
     * @param description what the field holds; empty for none
     * @param javaType the declared Java type, for documentation
     * @param <T> the value type
     * @return the field
     */
    public static <T> FieldDescriptor<T> output(String name, ValueCodec<T> codec, String description, String javaType) {
        return new FieldDescriptor<>(name, FieldRole.OUTPUT, description, javaType, codec, null);
    }

    /**
     * The field's name in prompts, answers and saved programs.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Whether the field is an input or an output.
     *
     * @return the role
     */
    public FieldRole role() {
        return role;
    }

    /**
     * Returns true for an input field.
     *
     * @return whether the role is {@link FieldRole#INPUT}
     */
    public boolean isInput() {
        return role == FieldRole.INPUT;
    }

    /**
     * What the field holds, as shown to the model; empty when none was given.
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    /**
     * The field's declared Java type, for example {@code java.util.List<java.lang.String>}.
     *
     * @return the type
     */
    public String javaType() {
        return javaType;
    }

    /**
     * The field's codec.
     *
     * @return the codec
     */
    public ValueCodec<T> codec() {
        return codec;
    }

    /**
     * The field's type name as DSPy shows it ({@code str}, {@code list[int]}...).
     *
     * @return the type name
     */
    public String typeName() {
        return codec.typeName();
    }

    /**
     * The JSON schema of the field's type, as DSPy shows it (pydantic's schema, keys sorted with
     * {@code type} first), for example {@code {"type": "array", "items": {"type": "string"}}}.
     *
     * @return the schema as JSON text
     */
    public String jsonSchema() {
        return PythonJson.dumps(Schemas.of(codec));
    }

    /**
     * The field's label in DSPy's saved state ({@code Question:} for {@code question}).
     *
     * @return the prefix
     */
    public String prefix() {
        return prefix;
    }

    /**
     * Returns a copy with another description (optimizers rewrite descriptions).
     *
     * @param newDescription the description
     * @return the copy
     */
    public FieldDescriptor<T> withDescription(String newDescription) {
        return new FieldDescriptor<>(name, role, newDescription, javaType, codec, prefix);
    }

    /**
     * Returns a copy with another prefix.
     *
     * @param newPrefix the prefix
     * @return the copy
     */
    public FieldDescriptor<T> withPrefix(String newPrefix) {
        return new FieldDescriptor<>(name, role, description, javaType, codec, newPrefix);
    }

    /**
     * Renders a value of this field for a prompt, as DSPy's {@code format_field_value} does.
     * Values of another Java type than declared (for example from an untyped dataset) are shown
     * with {@link String#valueOf(Object)}.
     *
     * @param value the value
     * @return the text for the prompt
     */
    @SuppressWarnings("unchecked")
    public String format(Object value) {
        try {
            return codec.format((T) value);
        } catch (ClassCastException wrongType) {
            return String.valueOf(value);
        }
    }

    /**
     * Reads an untyped value as this field's type: a value of the declared type is returned as it
     * is; text for a non-text field (as a dataset file gives it) is parsed by the codec.
     *
     * @param value the value, possibly null
     * @return the typed value, or null for null
     * @throws IllegalArgumentException when text does not parse as the field's type
     */
    @SuppressWarnings("unchecked")
    public @Nullable T coerce(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text && !codec.isText()) {
            try {
                return codec.parseText(text);
            } catch (dev.dspj.codec.ValueParseException e) {
                throw new IllegalArgumentException("field '" + name + "' (" + typeName() + "): " + e.getMessage(), e);
            }
        }
        return (T) value;
    }

    @Override
    public String toString() {
        return name + " (" + role.name().toLowerCase(java.util.Locale.ROOT) + ", " + typeName() + ")";
    }
}
