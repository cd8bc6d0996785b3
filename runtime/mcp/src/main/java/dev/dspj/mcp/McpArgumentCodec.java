package dev.dspj.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.codec.Codecs;
import dev.dspj.codec.LenientJson;
import dev.dspj.codec.SchemaDefinitions;
import dev.dspj.codec.ValueCodec;
import dev.dspj.codec.ValueParseException;
import org.jspecify.annotations.Nullable;

/**
 * One argument of an MCP server's tool, typed as DSPy types it from the JSON schema's {@code type}:
 * {@code string}, {@code integer}, {@code number} and {@code boolean} are read as {@code str},
 * {@code int}, {@code float} and {@code bool}; {@code array}, {@code object} and anything else are
 * passed through as JSON ({@code list}, {@code dict}, {@code Any}). Its schema is the server's, kept
 * as given (with {@code $ref}s inlined). An argument the server does not require is optional: left
 * out, it is {@link #ABSENT} and is not sent.
 */
final class McpArgumentCodec implements ValueCodec<Object> {

    /** What an optional argument that was not given reads as; never sent to the server. */
    static final JsonNode ABSENT = MissingNode.getInstance();

    private final ObjectNode schema;
    private final @Nullable ValueCodec<?> scalar;
    private final String typeName;
    private final @Nullable String container;
    private final boolean optional;

    McpArgumentCodec(ObjectNode schema, boolean optional) {
        this.schema = schema;
        this.optional = optional;
        JsonNode type = schema.get("type");
        String name = type != null && type.isTextual() ? type.textValue() : "";
        switch (name) {
            case "string":
                scalar = Codecs.STRING;
                typeName = "str";
                container = null;
                break;
            case "integer":
                scalar = Codecs.LONG;
                typeName = "int";
                container = null;
                break;
            case "number":
                scalar = Codecs.DOUBLE;
                typeName = "float";
                container = null;
                break;
            case "boolean":
                scalar = Codecs.BOOLEAN;
                typeName = "bool";
                container = null;
                break;
            case "array":
                scalar = null;
                typeName = "list";
                container = "array";
                break;
            case "object":
                scalar = null;
                typeName = "dict";
                container = "object";
                break;
            default:
                scalar = null;
                typeName = "Any";
                container = null;
        }
    }

    @Override
    public String typeName() {
        return typeName;
    }

    @Override
    public ObjectNode schema(SchemaDefinitions definitions) {
        return schema.deepCopy();
    }

    @Override
    public Object parseText(String text) {
        if (scalar != null) {
            return scalar.parseText(text);
        }
        return fromJson(LenientJson.parse(text));
    }

    @Override
    public Object fromJson(JsonNode node) {
        if (scalar != null) {
            return scalar.fromJson(node);
        }
        if ("array".equals(container) && !node.isArray()) {
            throw new ValueParseException("expected a JSON array, got " + ValueParseException.quote(node.toString()));
        }
        if ("object".equals(container) && !node.isObject()) {
            throw new ValueParseException("expected a JSON object, got " + ValueParseException.quote(node.toString()));
        }
        return node.deepCopy();
    }

    @Override
    @SuppressWarnings("unchecked") // the value was read by this scalar codec
    public JsonNode toJson(Object value) {
        if (value instanceof JsonNode node) {
            return node;
        }
        if (scalar != null) {
            return ((ValueCodec<Object>) scalar).toJson(value);
        }
        return McpJson.tree(value);
    }

    @Override
    public boolean isText() {
        return scalar == Codecs.STRING;
    }

    @Override
    public boolean isOptional() {
        return optional;
    }

    @Override
    public Object absentValue() {
        return ABSENT;
    }
}
