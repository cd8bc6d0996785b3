package dev.dspj.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a pydantic-style JSON schema into one that providers' strict structured-output modes
 * accept (OpenAI's {@code response_format: {"type": "json_schema", "strict": true}}): what DSPy's
 * JSON adapter ({@code enforce_required}) and the OpenAI SDK ({@code to_strict_json_schema}) do
 * to the schema between them.
 *
 * <ul>
 *   <li>every object lists all its properties as {@code required} and has
 *       {@code "additionalProperties": false}, recursively through properties, array items,
 *       {@code anyOf}/{@code allOf} branches and {@code $defs};</li>
 *   <li>optional values stay nullable ({@code anyOf} with {@code {"type": "null"}}) but lose their
 *       {@code default};</li>
 *   <li>a {@code $ref} with sibling keys is replaced by the schema it refers to (strict mode
 *       allows only bare references); bare references and {@code $defs} are kept;</li>
 *   <li>a single-branch {@code allOf} is merged into its parent;</li>
 *   <li>the validation-only keywords {@code pattern} and {@code uniqueItems}, which strict
 *       providers reject or restrict and which DSPJ checks again when it parses the answer, are
 *       dropped.</li>
 * </ul>
 *
 * <p>An open-ended object (a {@code Map<String, T>}, whose keys are not known in advance) cannot
 * be expressed: {@link #of(ObjectNode)} rejects it, and callers fall back to plain JSON mode as
 * DSPy does.
 */
public final class StrictSchema {

    /** Keywords dropped from strict schemas: validation DSPJ repeats on parsing, not structure. */
    private static final Set<String> DROPPED_KEYWORDS = Set.of("pattern", "uniqueItems");

    private static final int MAX_INLINE_DEPTH = 32;

    private StrictSchema() {}

    /**
     * Returns a strict copy of a schema; the argument is not changed.
     *
     * @param schema a JSON schema whose root is an object type
     * @return the strict schema
     * @throws IllegalArgumentException when the schema holds an open-ended object (a map), an
     *     unresolvable {@code $ref}, or its root is not an object, naming where
     */
    public static ObjectNode of(ObjectNode schema) {
        ObjectNode root = schema.deepCopy();
        if (!isObjectType(root)) {
            throw new IllegalArgumentException(
                    "a strict schema's root must be an object type, got " + PythonJson.dumps(schema));
        }
        return strict(root, "#", root, 0);
    }

    /**
     * Whether {@link #of(ObjectNode)} can make a schema strict, that is whether it describes only
     * objects with known properties.
     *
     * @param schema the schema
     * @return false when it holds an open-ended object (a map) or is otherwise not expressible
     */
    public static boolean isExpressible(ObjectNode schema) {
        try {
            of(schema);
            return true;
        } catch (IllegalArgumentException notStrict) {
            return false;
        }
    }

    private static ObjectNode strict(ObjectNode schema, String path, ObjectNode root, int depth) {
        for (String key : new String[] {"$defs", "definitions"}) {
            JsonNode defs = schema.get(key);
            if (defs != null && defs.isObject()) {
                ObjectNode definitions = (ObjectNode) defs;
                for (String name : fieldNames(definitions)) {
                    JsonNode definition = definitions.get(name);
                    if (definition.isObject()) {
                        definitions.set(
                                name, strict((ObjectNode) definition, path + "/" + key + "/" + name, root, depth));
                    }
                }
            }
        }

        JsonNode ref = schema.get("$ref");
        if (ref != null && schema.size() > 1) {
            if (depth >= MAX_INLINE_DEPTH) {
                throw new IllegalArgumentException("at " + path + ": $ref " + ref.asText() + " is inlined more than "
                        + MAX_INLINE_DEPTH + " levels deep (a recursive type with annotations)");
            }
            ObjectNode merged = resolve(root, ref.asText(), path).deepCopy();
            for (Map.Entry<String, JsonNode> entry : schema.properties()) {
                if (!entry.getKey().equals("$ref")) {
                    merged.set(entry.getKey(), entry.getValue()); // the referring schema's keys win
                }
            }
            return strict(merged, path, root, depth + 1);
        }

        if (isObjectType(schema)) {
            JsonNode properties = schema.get("properties");
            if (properties == null || !properties.isObject()) {
                throw new IllegalArgumentException("at " + path + ": an open-ended object (a map, "
                        + describeAdditional(schema) + ") cannot be expressed in a strict schema, which needs every "
                        + "property named in advance");
            }
            ObjectNode props = (ObjectNode) properties;
            ArrayNode required = schema.arrayNode();
            for (String name : fieldNames(props)) {
                required.add(name);
                JsonNode property = props.get(name);
                if (property.isObject()) {
                    props.set(name, strict((ObjectNode) property, path + "/properties/" + name, root, depth));
                }
            }
            schema.set("required", required);
            schema.put("additionalProperties", false);
        }

        JsonNode items = schema.get("items");
        if (items != null && items.isObject()) {
            schema.set("items", strict((ObjectNode) items, path + "/items", root, depth));
        }

        JsonNode anyOf = schema.get("anyOf");
        if (anyOf != null && anyOf.isArray()) {
            ArrayNode branches = (ArrayNode) anyOf;
            for (int i = 0; i < branches.size(); i++) {
                if (branches.get(i).isObject()) {
                    branches.set(i, strict((ObjectNode) branches.get(i), path + "/anyOf/" + i, root, depth));
                }
            }
        }

        JsonNode allOf = schema.get("allOf");
        if (allOf != null && allOf.isArray()) {
            ArrayNode parts = (ArrayNode) allOf;
            if (parts.size() == 1 && parts.get(0).isObject()) {
                schema.remove("allOf");
                ObjectNode only = strict((ObjectNode) parts.get(0), path + "/allOf/0", root, depth);
                schema.setAll(only);
            } else {
                for (int i = 0; i < parts.size(); i++) {
                    if (parts.get(i).isObject()) {
                        parts.set(i, strict((ObjectNode) parts.get(i), path + "/allOf/" + i, root, depth));
                    }
                }
            }
        }

        schema.remove("default");
        schema.remove(DROPPED_KEYWORDS);
        return schema;
    }

    private static boolean isObjectType(ObjectNode schema) {
        JsonNode type = schema.get("type");
        return (type != null && type.isTextual() && type.textValue().equals("object")) || schema.has("properties");
    }

    private static String describeAdditional(ObjectNode schema) {
        JsonNode additional = schema.get("additionalProperties");
        if (additional == null) {
            return "no properties declared";
        }
        return "additionalProperties " + PythonJson.dumps(additional);
    }

    private static ObjectNode resolve(ObjectNode root, String ref, String path) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("at " + path + ": unsupported $ref " + ref + " (expected #/$defs/Name)");
        }
        JsonNode target = root;
        for (String segment : ref.substring(2).split("/", -1)) {
            target = target.get(segment.replace("~1", "/").replace("~0", "~"));
            if (target == null) {
                throw new IllegalArgumentException("at " + path + ": $ref " + ref + " refers to nothing in the schema");
            }
        }
        if (!target.isObject()) {
            throw new IllegalArgumentException("at " + path + ": $ref " + ref + " does not refer to a schema object");
        }
        return (ObjectNode) target;
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> names = new ArrayList<>(node.size());
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
