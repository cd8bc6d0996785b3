package dev.dspj.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * Reads, writes and describes values of one field type, with no reflection.
 *
 * <p>The annotation processor composes codecs for each field's declared type at compile time
 * ({@code Codecs.list(Codecs.STRING)} for {@code List<String>}); adapters use them to render
 * values into prompts, to describe types to the model (DSPy type names and pydantic-style JSON
 * schemas) and to parse the model's answer back into typed values.
 *
 * @param <T> the Java type of the values
 */
public interface ValueCodec<T> {

    /**
     * The type's name as DSPy shows it in prompts: {@code str}, {@code int}, {@code float},
     * {@code bool}, {@code list[str]}, {@code dict[str, int]}, or a record's or enum's simple name.
     *
     * @return the type name
     */
    String typeName();

    /**
     * Writes this type's JSON schema, in the shape pydantic generates, registering named types
     * (records, enums) in {@code definitions} and referring to them with {@code $ref}.
     *
     * @param definitions the {@code $defs} being collected for the top-level schema
     * @return the schema of this type
     */
    ObjectNode schema(SchemaDefinitions definitions);

    /**
     * Parses the text a model wrote for a field (the text between two Chat-format field headers,
     * already trimmed). Scalars are read tolerantly (quotes, markdown emphasis, trailing
     * punctuation); structured values are read as JSON, tolerating code fences and Python
     * literals.
     *
     * @param text the field's text
     * @return the value, never null
     * @throws ValueParseException when the text is not a value of this type
     */
    T parseText(String text);

    /**
     * Reads a value from a JSON tree (the JSON adapter's answer, or an element of a structured
     * value).
     *
     * @param node the JSON node, possibly a {@code null} node
     * @return the value, never null
     * @throws ValueParseException when the node is not a value of this type
     */
    T fromJson(JsonNode node);

    /**
     * Writes a value as a JSON tree, as pydantic's JSON mode would.
     *
     * @param value the value
     * @return its JSON form
     */
    JsonNode toJson(T value);

    /**
     * Renders a value for a prompt the way DSPy's {@code format_field_value} does: strings as
     * they are, numbers and booleans as Python prints them, lists, maps and records as
     * {@code json.dumps} output.
     *
     * @param value the value
     * @return the text shown to the model
     */
    default String format(T value) {
        return PythonJson.formatForPrompt(toJson(value));
    }

    /**
     * The constraint an output field of this type adds to the prompt's structure block after
     * {@code # note: the value you produce}, or {@code null} for plain text.
     *
     * @return for example {@code must be a single int value}
     */
    default @Nullable String outputConstraint() {
        return "must adhere to the JSON schema: " + PythonJson.dumps(Schemas.of(this));
    }

    /**
     * Whether values are free text ({@code String}), which DSPy shows with no type hints.
     *
     * @return true for text
     */
    default boolean isText() {
        return false;
    }

    /**
     * Whether a field of this type may be absent from an answer ({@code Optional}).
     *
     * @return true when absence is a valid value
     */
    default boolean isOptional() {
        return false;
    }

    /**
     * The value that stands for "absent" when {@link #isOptional()}.
     *
     * @return the absent value
     * @throws IllegalStateException for a type that has no absent value
     */
    default T absentValue() {
        throw new IllegalStateException(typeName() + " has no absent value");
    }
}
