package dev.dspj.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code $defs} section collected while a top-level JSON schema is written: one entry per
 * record or enum type the schema refers to.
 */
public final class SchemaDefinitions {

    private final Map<String, ObjectNode> definitions = new LinkedHashMap<>();

    /** Creates an empty collection. */
    public SchemaDefinitions() {}

    /**
     * Registers a named type once and returns a reference to it.
     *
     * @param name the type's name, its key under {@code $defs}
     * @param definition writes the type's schema; called only the first time
     * @return {@code {"$ref": "#/$defs/<name>"}}
     */
    public ObjectNode reference(String name, Supplier<ObjectNode> definition) {
        if (!definitions.containsKey(name)) {
            definitions.put(name, null);
            definitions.put(name, definition.get());
        }
        ObjectNode ref = Schemas.object();
        ref.put("$ref", "#/$defs/" + name);
        return ref;
    }

    /**
     * Returns the collected definitions in registration order.
     *
     * @return name to schema
     */
    public Map<String, ObjectNode> asMap() {
        return definitions;
    }
}
