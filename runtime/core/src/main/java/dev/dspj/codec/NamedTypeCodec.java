package dev.dspj.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A codec for a type with a name of its own (a record or an enum), whose schema is written once
 * under {@code $defs} and referred to elsewhere.
 *
 * @param <T> the Java type
 */
public interface NamedTypeCodec<T> extends ValueCodec<T> {

    /**
     * Writes the type's own schema (not a reference to it).
     *
     * @param definitions where the types it refers to are registered
     * @return the schema
     */
    ObjectNode definition(SchemaDefinitions definitions);

    @Override
    default ObjectNode schema(SchemaDefinitions definitions) {
        return definitions.reference(typeName(), () -> definition(definitions));
    }
}
