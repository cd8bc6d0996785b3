package dev.dspj.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.codec.ValueCodec;
import dev.dspj.codec.ValueParseException;
import dev.dspj.tool.ToolArgument;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DSPy's {@code convert_input_schema_to_tool_args}: an MCP tool's input schema as typed arguments. */
class McpArgumentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @SuppressWarnings("unchecked") // a JSON object reads as a map
    private static List<ToolArgument<?>> arguments(String schema) throws Exception {
        return McpTools.arguments(JSON.readValue(schema, Map.class));
    }

    @SuppressWarnings("unchecked") // every MCP argument's codec reads Objects
    private static ValueCodec<Object> codec(ToolArgument<?> argument) {
        return (ValueCodec<Object>) argument.codec();
    }

    @Test
    void eachJsonTypeBecomesDspysTypeAndRefsAreInlined() throws Exception {
        List<ToolArgument<?>> arguments = arguments("{\"type\": \"object\", \"properties\": {"
                + "\"ratio\": {\"type\": \"number\"},"
                + "\"flag\": {\"type\": \"boolean\", \"description\": \"on or off\"},"
                + "\"point\": {\"$ref\": \"#/$defs/Point\", \"description\": \"where\"},"
                + "\"tags\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},"
                + "\"anything\": {}},"
                + "\"required\": [\"ratio\", \"point\"],"
                + "\"$defs\": {\"Point\": {\"type\": \"object\", \"properties\": {\"x\": {\"type\": \"integer\"}}}}}");
        assertEquals(
                List.of("float", "bool", "dict", "list", "Any"),
                arguments.stream().map(a -> a.codec().typeName()).toList());
        assertEquals(
                List.of(true, false, true, false, false),
                arguments.stream().map(ToolArgument::required).toList());
        assertEquals("on or off", arguments.get(1).description());
        assertEquals("where (Required)", arguments.get(2).description());
        assertEquals("No description provided.", arguments.get(4).description());
        JsonNode point = arguments.get(2).schema();
        assertEquals("integer", point.at("/properties/x/type").asText(), point.toString());
        assertFalse(point.has("$ref"));

        assertEquals(0.5, codec(arguments.get(0)).fromJson(JSON.readTree("0.5")));
        assertEquals(true, codec(arguments.get(1)).parseText("true"));
        assertEquals(JSON.readTree("{\"x\": 1}"), codec(arguments.get(2)).parseText("{\"x\": 1}"));
        assertEquals(JSON.readTree("[\"a\"]"), codec(arguments.get(3)).fromJson(JSON.readTree("[\"a\"]")));
        assertEquals(JSON.readTree("7"), codec(arguments.get(4)).fromJson(JSON.readTree("7")));
        assertEquals(JSON.readTree("0.5"), codec(arguments.get(0)).toJson(0.5));
        assertTrue(codec(arguments.get(3)).isOptional());
        assertSame(McpArgumentCodec.ABSENT, codec(arguments.get(3)).absentValue());
    }

    @Test
    void aValueOfTheWrongShapeIsRefused() throws Exception {
        List<ToolArgument<?>> arguments = arguments(
                "{\"properties\": {"
                        + "\"tags\": {\"type\": \"array\"}, \"point\": {\"type\": \"object\"}, \"n\": {\"type\": \"integer\"}}}");
        assertThrows(ValueParseException.class, () -> codec(arguments.get(0)).fromJson(JSON.readTree("{}")));
        assertThrows(ValueParseException.class, () -> codec(arguments.get(1)).fromJson(JSON.readTree("[]")));
        assertThrows(ValueParseException.class, () -> codec(arguments.get(2)).fromJson(JSON.readTree("\"x\"")));
        assertEquals(List.of(), McpTools.arguments(null));
        assertEquals(List.of(), arguments("{\"type\": \"object\"}"));
    }

    @Test
    void aRecursiveRefStaysFinite() throws Exception {
        List<ToolArgument<?>> arguments = arguments("{\"properties\": {\"tree\": {\"$ref\": \"#/definitions/Node\"}},"
                + "\"definitions\": {\"Node\": {\"type\": \"object\", \"properties\": {"
                + "\"children\": {\"type\": \"array\", \"items\": {\"$ref\": \"#/definitions/Node\"}}}}}}");
        JsonNode tree = arguments.get(0).schema();
        assertEquals(
                "#/definitions/Node", tree.at("/properties/children/items/$ref").asText(), tree.toString());
    }
}
