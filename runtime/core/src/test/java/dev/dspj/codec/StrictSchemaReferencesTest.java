package dev.dspj.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** {@link StrictSchema} on references, {@code allOf} and older {@code definitions}, and what it refuses there. */
class StrictSchemaReferencesTest {

    private static final JsonMapper MAPPER = new JsonMapper();

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) MAPPER.readTree(text);
    }

    private static String refused(String schema) throws Exception {
        ObjectNode parsed = json(schema);
        return assertThrows(IllegalArgumentException.class, () -> StrictSchema.of(parsed))
                .getMessage();
    }

    @Test
    void onlyLocalReferencesToSchemaObjectsCanBeInlined() throws Exception {
        assertEquals(
                "at #/properties/a: unsupported $ref https://example.com/a.json (expected #/$defs/Name)",
                refused("{\"type\": \"object\", \"properties\": {\"a\": "
                        + "{\"$ref\": \"https://example.com/a.json\", \"title\": \"A\"}}}"));
        assertEquals(
                "at #/properties/a: $ref #/$defs/Flag does not refer to a schema object",
                refused(
                        "{\"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"#/$defs/Flag\", \"title\": \"A\"}},"
                                + " \"$defs\": {\"Flag\": true}}"));
    }

    @Test
    void aRecursiveTypeWithAnnotationsCannotBeInlinedForever() throws Exception {
        String node = "{\"type\": \"object\", \"properties\": {\"next\": "
                + "{\"$ref\": \"#/$defs/Node\", \"description\": \"the next node\"}}}";
        String message = refused("{\"type\": \"object\", \"properties\": {\"head\": {\"$ref\": \"#/$defs/Node\"}}, "
                + "\"$defs\": {\"Node\": " + node + "}}");
        // the path shows each level inlined
        assertEquals(
                "at #/$defs/Node" + "/properties/next".repeat(33)
                        + ": $ref #/$defs/Node is inlined more than 32 levels "
                        + "deep (a recursive type with annotations)",
                message);
    }

    @Test
    void aPlainRecursiveReferenceStaysAReference() throws Exception {
        ObjectNode strict = StrictSchema.of(json("{\"type\": \"object\", \"properties\": {\"next\": "
                + "{\"$ref\": \"#/definitions/Node\"}}, \"definitions\": {\"Node\": {\"type\": \"object\", "
                + "\"properties\": {\"next\": {\"$ref\": \"#/definitions/Node\"}}}}}"));
        assertEquals(
                "{\"$ref\":\"#/definitions/Node\"}",
                strict.get("properties").get("next").toString());
        assertEquals(
                "{\"type\":\"object\",\"properties\":{\"next\":{\"$ref\":\"#/definitions/Node\"}},"
                        + "\"required\":[\"next\"],\"additionalProperties\":false}",
                strict.get("definitions").get("Node").toString(),
                "older 'definitions' are made strict too");
    }

    @Test
    void referencesWithEscapedNamesResolve() throws Exception {
        ObjectNode strict = StrictSchema.of(json("{\"type\": \"object\", \"properties\": {\"a\": "
                + "{\"$ref\": \"#/$defs/x~1y~0z\", \"title\": \"A\"}}, \"$defs\": {\"x/y~z\": {\"type\": \"object\", "
                + "\"properties\": {\"v\": {\"type\": \"integer\"}}}}}"));
        assertEquals(
                "{\"type\":\"object\",\"properties\":{\"v\":{\"type\":\"integer\"}},\"required\":[\"v\"],"
                        + "\"additionalProperties\":false,\"title\":\"A\"}",
                strict.get("properties").get("a").toString());
    }

    @Test
    void everyPartOfAnAllOfIsMadeStrict() throws Exception {
        ObjectNode strict = StrictSchema.of(json("{\"type\": \"object\", \"properties\": {\"a\": {\"allOf\": ["
                + "{\"type\": \"object\", \"properties\": {\"x\": {\"type\": \"string\"}}},"
                + "{\"type\": \"object\", \"properties\": {\"y\": {\"type\": \"string\", \"pattern\": \"^y\"}}}]}}}"));
        assertEquals(
                "{\"allOf\":[{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\"}},\"required\":[\"x\"],"
                        + "\"additionalProperties\":false},{\"type\":\"object\",\"properties\":{\"y\":{\"type\":"
                        + "\"string\"}},\"required\":[\"y\"],\"additionalProperties\":false}]}",
                strict.get("properties").get("a").toString());
    }

    @Test
    void anObjectWithoutPropertiesSaysSo() throws Exception {
        assertEquals(
                "at #/properties/meta: an open-ended object (a map, no properties declared) cannot be expressed in a "
                        + "strict schema, which needs every property named in advance",
                refused("{\"type\": \"object\", \"properties\": {\"meta\": {\"type\": \"object\"}}}"));
    }
}
