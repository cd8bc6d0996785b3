package dev.dspj.lm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The shape a model is asked to answer in: free text, any JSON object ("JSON mode"), or JSON that
 * follows a schema (structured outputs). Immutable.
 */
public final class ResponseFormat {

    /** Free text (the provider's default). */
    public static final ResponseFormat TEXT = new ResponseFormat(Kind.TEXT, null, null, false);
    /** Any JSON object. */
    public static final ResponseFormat JSON_OBJECT = new ResponseFormat(Kind.JSON_OBJECT, null, null, false);

    /** The kinds of response format. */
    public enum Kind {
        /** Free text. */
        TEXT,
        /** Any JSON object. */
        JSON_OBJECT,
        /** JSON following a schema. */
        JSON_SCHEMA
    }

    private final Kind kind;
    private final @Nullable String name;
    private final @Nullable ObjectNode schema;
    private final boolean strict;

    private ResponseFormat(Kind kind, @Nullable String name, @Nullable ObjectNode schema, boolean strict) {
        this.kind = kind;
        this.name = name;
        this.schema = schema;
        this.strict = strict;
    }

    /**
     * JSON that follows a schema.
     *
     * @param name the schema's name (OpenAI requires one), letters, digits, {@code _} and {@code -}
     * @param schema the JSON schema
     * @param strict whether the provider must follow the schema exactly
     * @return the format
     */
    public static ResponseFormat jsonSchema(String name, ObjectNode schema, boolean strict) {
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException(
                    "JSON schema name must be 1-64 letters, digits, '_' or '-', got " + name);
        }
        return new ResponseFormat(
                Kind.JSON_SCHEMA, name, Objects.requireNonNull(schema, "schema").deepCopy(), strict);
    }

    /**
     * The kind.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The schema's name, for {@link Kind#JSON_SCHEMA}.
     *
     * @return the name
     */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /**
     * The schema, for {@link Kind#JSON_SCHEMA} (a copy: formats are immutable).
     *
     * @return the schema
     */
    public Optional<ObjectNode> schema() {
        return Optional.ofNullable(schema).map(ObjectNode::deepCopy);
    }

    /**
     * Whether the schema must be followed exactly.
     *
     * @return the flag
     */
    public boolean strict() {
        return strict;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseFormat other
                && kind == other.kind
                && Objects.equals(name, other.name)
                && Objects.equals(schema, other.schema)
                && strict == other.strict;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, name, schema, strict);
    }

    @Override
    public String toString() {
        return kind == Kind.JSON_SCHEMA
                ? "json_schema(" + name + (strict ? ", strict" : "") + ")"
                : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
