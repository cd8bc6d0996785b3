package dev.dspj.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Base of the codecs for single values (text, numbers, booleans): a value is read from a field's
 * text directly and from JSON from a scalar node.
 *
 * @param <T> the Java type
 */
abstract class ScalarCodec<T> implements ValueCodec<T> {

    private final String typeName;
    private final String schemaType;

    ScalarCodec(String typeName, String schemaType) {
        this.typeName = typeName;
        this.schemaType = schemaType;
    }

    @Override
    public String typeName() {
        return typeName;
    }

    @Override
    public ObjectNode schema(SchemaDefinitions definitions) {
        return Schemas.ofType(schemaType);
    }

    @Override
    public T fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new ValueParseException("expected " + article() + ", got null");
        }
        if (node.isContainerNode()) {
            throw new ValueParseException(
                    "expected " + article() + ", got " + ValueParseException.quote(node.toString()));
        }
        return fromScalar(node);
    }

    /** Reads a non-null scalar node. */
    abstract T fromScalar(JsonNode node);

    /** "an int", "a float"... for error messages. */
    String article() {
        return "a " + typeName;
    }

    @Override
    public String toString() {
        return typeName;
    }
}
