package dev.dspj.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.codec.Codecs;
import dev.dspj.codec.Schemas;
import dev.dspj.codec.StrictSchema;
import org.junit.jupiter.api.Test;

/**
 * {@link StrictSchema}: DSPy's {@code enforce_required} plus the OpenAI SDK's
 * {@code to_strict_json_schema}, applied to the schemas DSPJ's codecs write.
 */
class StrictSchemaTest {

    private static final JsonMapper MAPPER = new JsonMapper();

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) MAPPER.readTree(text);
    }

    @Test
    void makesEveryObjectClosedWithAllPropertiesRequired() throws Exception {
        ObjectNode customer = Schemas.of(AdapterFixtures.CUSTOMER);
        ObjectNode original = customer.deepCopy();

        ObjectNode strict = StrictSchema.of(customer);

        JsonNode expected = json("""
                {"type": "object",
                 "$defs": {
                   "Address": {"type": "object",
                     "properties": {"street": {"type": "string", "title": "Street"},
                                    "zip_code": {"type": "integer", "title": "Zip Code"}},
                     "required": ["street", "zip_code"], "title": "Address", "additionalProperties": false},
                   "Color": {"type": "string", "enum": ["RED", "GREEN"], "title": "Color"}},
                 "properties": {
                   "address": {"$ref": "#/$defs/Address"},
                   "billing": {"anyOf": [{"$ref": "#/$defs/Address"}, {"type": "null"}]},
                   "favorite_color": {"$ref": "#/$defs/Color"},
                   "name": {"type": "string", "title": "Name"},
                   "nickname": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Nickname"}},
                 "required": ["address", "billing", "favorite_color", "name", "nickname"],
                 "title": "Customer",
                 "additionalProperties": false}""");
        assertEquals(expected, strict);
        assertEquals(original, customer, "the argument is left unchanged");
        assertTrue(StrictSchema.isExpressible(customer));
    }

    @Test
    void recursesThroughArrayItemsAndUnionBranches() throws Exception {
        ObjectNode strict = StrictSchema.of(json("""
                {"type": "object", "properties": {
                   "rows": {"type": "array", "items": {"type": "object", "properties": {"a": {"type": "integer"}}}},
                   "either": {"anyOf": [{"type": "object", "properties": {"b": {"type": "string"}},
                                         "additionalProperties": true}, {"type": "null"}], "default": null}}}"""));

        assertEquals(json("""
                {"type": "object", "properties": {
                   "rows": {"type": "array", "items": {"type": "object", "properties": {"a": {"type": "integer"}},
                            "required": ["a"], "additionalProperties": false}},
                   "either": {"anyOf": [{"type": "object", "properties": {"b": {"type": "string"}},
                                         "additionalProperties": false, "required": ["b"]}, {"type": "null"}]}},
                 "required": ["rows", "either"], "additionalProperties": false}"""), strict);
    }

    @Test
    void inlinesAReferenceThatHasSiblingKeys() throws Exception {
        ObjectNode strict = StrictSchema.of(json("""
                {"type": "object",
                 "properties": {"a": {"$ref": "#/$defs/A", "description": "the a"}, "b": {"$ref": "#/$defs/A"}},
                 "$defs": {"A": {"type": "object", "properties": {"x": {"type": "integer"}}, "title": "A"}}}"""));

        assertEquals(json("""
                {"type": "object", "properties": {"x": {"type": "integer"}}, "title": "A", "description": "the a",
                 "required": ["x"], "additionalProperties": false}"""), strict.get("properties").get("a"));
        assertEquals(json("{\"$ref\": \"#/$defs/A\"}"), strict.get("properties").get("b"), "bare references are kept");
    }

    @Test
    void mergesASingleAllOfAndDropsDefaultsAndValidationOnlyKeywords() throws Exception {
        ObjectNode strict = StrictSchema.of(json(
                """
                {"type": "object", "properties": {
                   "wrapped": {"allOf": [{"type": "object", "properties": {"y": {"type": "string"}}}], "description": "d"},
                   "price": Schemas.placeholder,
                   "ids": {"type": "array", "items": {"type": "integer"}, "uniqueItems": true, "default": []}}}""".replace("Schemas.placeholder", Schemas.of(Codecs.DECIMAL).toString())));

        assertEquals(json("""
                {"type": "object", "properties": {"y": {"type": "string"}}, "description": "d",
                 "required": ["y"], "additionalProperties": false}"""), strict.get("properties").get("wrapped"));
        assertEquals(
                json("{\"anyOf\": [{\"type\": \"number\"}, {\"type\": \"string\"}]}"),
                strict.get("properties").get("price"));
        assertEquals(
                json("{\"type\": \"array\", \"items\": {\"type\": \"integer\"}}"),
                strict.get("properties").get("ids"));
    }

    @Test
    void aRecordWithoutComponentsIsAnEmptyClosedObject() throws Exception {
        assertEquals(
                json("{\"type\": \"object\", \"properties\": {}, \"required\": [], \"additionalProperties\": false}"),
                StrictSchema.of(json("{\"type\": \"object\", \"properties\": {}}")));
    }

    @Test
    void rejectsOpenEndedMapsNamingWhere() throws Exception {
        ObjectNode topLevel = json("""
                {"type": "object", "properties": {"meta": %s}}""".formatted(Schemas.of(Codecs.map(Codecs.INT))));
        ObjectNode nested =
                json("""
                {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/$defs/Tagged"}}},
                 "$defs": {"Tagged": %s}}""".formatted(Schemas.of(AdapterFixtures.TAGGED).without("$defs")));

        IllegalArgumentException top = assertThrows(IllegalArgumentException.class, () -> StrictSchema.of(topLevel));
        assertEquals(
                "at #/properties/meta: an open-ended object (a map, additionalProperties {\"type\": \"integer\"}) "
                        + "cannot be expressed in a strict schema, which needs every property named in advance",
                top.getMessage());
        IllegalArgumentException inner = assertThrows(IllegalArgumentException.class, () -> StrictSchema.of(nested));
        assertTrue(
                inner.getMessage().startsWith("at #/$defs/Tagged/properties/counts: an open-ended object"),
                inner.getMessage());
        assertFalse(StrictSchema.isExpressible(topLevel));
        assertFalse(StrictSchema.isExpressible(nested));
    }

    @Test
    void rejectsANonObjectRootAndDanglingReferences() throws Exception {
        IllegalArgumentException root = assertThrows(
                IllegalArgumentException.class,
                () -> StrictSchema.of(json("{\"type\": \"array\", \"items\": {\"type\": \"string\"}}")));
        assertTrue(root.getMessage().startsWith("a strict schema's root must be an object type"), root.getMessage());

        IllegalArgumentException dangling = assertThrows(
                IllegalArgumentException.class,
                () -> StrictSchema.of(
                        json(
                                "{\"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"#/$defs/Nope\", \"title\": \"A\"}}}")));
        assertEquals("at #/properties/a: $ref #/$defs/Nope refers to nothing in the schema", dangling.getMessage());
    }

    @Test
    void overridesAdditionalPropertiesTrueOnObjectsWithProperties() throws Exception {
        ObjectNode strict = StrictSchema.of(
                json(
                        "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}, \"additionalProperties\": true}"));

        assertEquals(false, strict.get("additionalProperties").booleanValue());
    }
}
