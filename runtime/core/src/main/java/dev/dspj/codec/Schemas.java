package dev.dspj.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Top-level JSON schemas of codecs, in the form DSPy puts in prompts: pydantic's schema with the
 * keys of every object sorted, {@code type} first.
 */
public final class Schemas {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Schemas() {}

    /**
     * Returns the complete schema of a type: a named type (record, enum) inline, anything it
     * refers to under {@code $defs}, keys sorted with {@code type} first.
     *
     * @param codec the type
     * @return the schema
     */
    public static ObjectNode of(ValueCodec<?> codec) {
        SchemaDefinitions definitions = new SchemaDefinitions();
        ObjectNode schema =
                codec instanceof NamedTypeCodec<?> named ? named.definition(definitions) : codec.schema(definitions);
        if (!definitions.asMap().isEmpty()) {
            ObjectNode defs = schema.putObject("$defs");
            for (Map.Entry<String, ObjectNode> entry : definitions.asMap().entrySet()) {
                defs.set(entry.getKey(), entry.getValue());
            }
        }
        return (ObjectNode) sortTypeFirst(schema);
    }

    /**
     * Returns a type's schema with every {@code $ref} replaced by the definition it points to and no
     * {@code $defs}, as DSPy writes a tool's arguments (a recursive type keeps its {@code $ref} at
     * the second visit, so the schema stays finite).
     *
     * @param codec the type
     * @return the schema, keys sorted with {@code type} first
     */
    public static ObjectNode inlined(ValueCodec<?> codec) {
        ObjectNode schema = of(codec);
        JsonNode defs = schema.remove("$defs");
        Map<String, JsonNode> definitions = new java.util.HashMap<>();
        if (defs != null) {
            defs.properties().forEach(entry -> definitions.put("#/$defs/" + entry.getKey(), entry.getValue()));
        }
        return (ObjectNode) sortTypeFirst(inlineReferences(schema, definitions));
    }

    /**
     * A copy of a schema with every {@code $ref} found in {@code definitions} replaced by what it
     * points to, the referring object's other keys kept; a recursive type keeps its {@code $ref} at
     * the second visit, so the result stays finite.
     *
     * @param schema the schema
     * @param definitions each definition by its reference, for example {@code #/$defs/Point}
     * @return the copy, keys in their order
     */
    public static JsonNode inlineReferences(JsonNode schema, Map<String, JsonNode> definitions) {
        return inline(schema, definitions, new java.util.HashSet<>());
    }

    private static JsonNode inline(JsonNode node, Map<String, JsonNode> definitions, java.util.Set<String> open) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null
                    && ref.isTextual()
                    && definitions.containsKey(ref.textValue())
                    && open.add(ref.textValue())) {
                JsonNode resolved = inline(definitions.get(ref.textValue()), definitions, open);
                open.remove(ref.textValue());
                ObjectNode merged = resolved.isObject() ? ((ObjectNode) resolved).deepCopy() : NODES.objectNode();
                node.properties().forEach(entry -> {
                    if (!entry.getKey().equals("$ref")) {
                        merged.set(entry.getKey(), entry.getValue());
                    }
                });
                return merged;
            }
            ObjectNode copy = NODES.objectNode();
            node.properties().forEach(entry -> copy.set(entry.getKey(), inline(entry.getValue(), definitions, open)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(element -> copy.add(inline(element, definitions, open)));
            return copy;
        }
        return node;
    }

    /**
     * Sorts the keys of every object in a tree alphabetically with {@code type} first, as DSPy's
     * {@code move_type_to_front} does for readability.
     *
     * @param node the tree
     * @return a sorted copy
     */
    public static JsonNode sortTypeFirst(JsonNode node) {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            keys.sort((a, b) -> {
                boolean aType = a.equals("type");
                boolean bType = b.equals("type");
                if (aType != bType) {
                    return aType ? -1 : 1;
                }
                return a.compareTo(b);
            });
            ObjectNode sorted = NODES.objectNode();
            for (String key : keys) {
                sorted.set(key, sortTypeFirst(node.get(key)));
            }
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode sorted = NODES.arrayNode();
            for (JsonNode element : node) {
                sorted.add(sortTypeFirst(element));
            }
            return sorted;
        }
        return node;
    }

    /**
     * Returns {@code {"type": <type>}}.
     *
     * @param type a JSON schema type name
     * @return the schema
     */
    public static ObjectNode ofType(String type) {
        ObjectNode schema = object();
        schema.put("type", type);
        return schema;
    }

    /**
     * Returns a new empty object node.
     *
     * @return the node
     */
    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /**
     * Python's {@code str.title()} of a field name with underscores turned into spaces, which is
     * how pydantic titles a model's properties ({@code zip_code} becomes {@code Zip Code}).
     *
     * @param name the field name
     * @return the title
     */
    public static String titleOf(String name) {
        StringBuilder title = new StringBuilder(name.length());
        boolean previousCased = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean cased = Character.isLetter(c);
            title.append(cased ? (previousCased ? Character.toLowerCase(c) : Character.toUpperCase(c)) : c);
            previousCased = cased;
        }
        return title.toString().replace('_', ' ').strip();
    }
}
