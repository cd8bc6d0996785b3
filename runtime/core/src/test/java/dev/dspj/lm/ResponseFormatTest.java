package dev.dspj.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Response formats and how settings holding one describe and compare themselves. */
class ResponseFormatTest {

    private static ObjectNode schema(String property) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
        schema.putObject("properties").putObject(property).put("type", "string");
        return schema;
    }

    @Test
    void schemaNamesAreWhatOpenAiAccepts() {
        assertEquals(
                "JSON schema name must be 1-64 letters, digits, '_' or '-', got has space",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ResponseFormat.jsonSchema("has space", schema("a"), true))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> ResponseFormat.jsonSchema(null, schema("a"), true));
        assertThrows(
                IllegalArgumentException.class, () -> ResponseFormat.jsonSchema("x".repeat(65), schema("a"), true));
        assertEquals(
                "x".repeat(64),
                ResponseFormat.jsonSchema("x".repeat(64), schema("a"), true)
                        .name()
                        .orElseThrow());
    }

    @Test
    void formatsAreEqualByKindNameSchemaAndStrictness() {
        ResponseFormat answer = ResponseFormat.jsonSchema("Answer", schema("a"), true);
        assertEquals(answer, ResponseFormat.jsonSchema("Answer", schema("a"), true));
        assertEquals(
                answer.hashCode(),
                ResponseFormat.jsonSchema("Answer", schema("a"), true).hashCode());
        assertNotEquals(answer, ResponseFormat.jsonSchema("Answer", schema("b"), true));
        assertNotEquals(answer, ResponseFormat.jsonSchema("Answer", schema("a"), false));
        assertNotEquals(answer, ResponseFormat.jsonSchema("Other", schema("a"), true));
        assertNotEquals(ResponseFormat.TEXT, ResponseFormat.JSON_OBJECT);
        assertNotEquals(answer, "json_schema(Answer, strict)");
    }

    @Test
    void theSchemaIsCopiedInAndOut() {
        ObjectNode original = schema("a");
        ResponseFormat format = ResponseFormat.jsonSchema("Answer", original, false);
        original.put("title", "changed after");
        format.schema().orElseThrow().put("title", "changed by a reader");
        assertEquals(schema("a"), format.schema().orElseThrow());
        assertTrue(ResponseFormat.TEXT.schema().isEmpty());
    }

    @Test
    void formatsAndSettingsDescribeThemselves() {
        assertEquals(
                "json_schema(Answer, strict)",
                ResponseFormat.jsonSchema("Answer", schema("a"), true).toString());
        assertEquals(
                "json_schema(Answer)",
                ResponseFormat.jsonSchema("Answer", schema("a"), false).toString());
        assertEquals("json_object", ResponseFormat.JSON_OBJECT.toString());
        assertEquals(
                "LmSettings{temperature=0.0 maxTokens=10 topP=0.5 stop=[END] n=2 seed=3 responseFormat=json_object "
                        + "cache=false rolloutId=4}",
                LmSettings.DEFAULTS
                        .withTemperature(0)
                        .withMaxTokens(10)
                        .withTopP(0.5)
                        .withStop(List.of("END"))
                        .withN(2)
                        .withSeed(3)
                        .withResponseFormat(ResponseFormat.JSON_OBJECT)
                        .withCache(false)
                        .withRolloutId(4)
                        .toString());
        assertEquals("LmSettings{}", LmSettings.DEFAULTS.toString());
    }

    @Test
    void settingsDifferingInAnyPartAreNotEqual() {
        LmSettings base = LmSettings.DEFAULTS.withTemperature(0.5);
        assertNotEquals(base, base.withTopP(0.9));
        assertNotEquals(base, base.withMaxTokens(5));
        assertNotEquals(base, base.withResponseFormat(ResponseFormat.JSON_OBJECT));
        assertNotEquals(base, base.withCache(true));
        assertNotEquals(base, base.withRolloutId(1));
        assertNotEquals(base, base.withStop(List.of("x")));
        assertEquals(
                "rolloutId must not be negative, got -1",
                assertThrows(IllegalArgumentException.class, () -> base.withRolloutId(-1))
                        .getMessage());
    }
}
