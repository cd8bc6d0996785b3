package dev.dspj.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Python's {@code repr(float)}, {@code json.dumps(..., ensure_ascii=False)} and {@code str()} of values. */
class PythonJsonTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @ParameterizedTest(name = "repr({0}) == {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0.1 | 0.1",
                "1.0 | 1.0",
                "1e16 | 1e+16",
                "1e-5 | 1e-05",
                "0.0001 | 0.0001",
                "123456789.0 | 123456789.0",
                "-2.5 | -2.5",
                "100.0 | 100.0",
                "0.001 | 0.001",
                "2e-7 | 2e-07",
                "1.5e-10 | 1.5e-10",
                "12345.678 | 12345.678",
                "1e15 | 1000000000000000.0",
                "1e22 | 1e+22",
                "1e23 | 1e+23",
                "2e23 | 2e+23",
                "8.41e21 | 8.41e+21",
                "2.82879384806159e17 | 2.82879384806159e+17",
                "4.8726570057e288 | 4.8726570057e+288",
                "123456789012345678.0 | 1.2345678901234568e+17",
                "9007199254740993.0 | 9007199254740992.0",
                "0.30000000000000004 | 0.30000000000000004",
                "0.6666666666666666 | 0.6666666666666666",
                "1.7976931348623157e308 | 1.7976931348623157e+308",
                "4.9e-324 | 5e-324",
                "-0.0 | -0.0",
                "0.0 | 0.0",
            })
    void floatReprMatchesPython(double value, String expected) {
        assertEquals(expected, PythonJson.floatRepr(value));
    }

    @Test
    void floatReprOfSpecialValues() {
        assertEquals("nan", PythonJson.floatRepr(Double.NaN));
        assertEquals("inf", PythonJson.floatRepr(Double.POSITIVE_INFINITY));
        assertEquals("-inf", PythonJson.floatRepr(Double.NEGATIVE_INFINITY));
    }

    @Test
    void floatReprReadsBackAsTheSameDouble() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 1_500; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                continue;
            }
            String repr = PythonJson.floatRepr(value);
            assertEquals(value, Double.parseDouble(repr), repr);
        }
        for (int i = 0; i < 3_000; i++) {
            // prices, scores, ratios: short decimals must come back as written
            String written = random.nextInt(100_000) + "." + random.nextInt(1_000);
            double value = Double.parseDouble(written);
            String repr = PythonJson.floatRepr(value);
            assertEquals(0, new BigDecimal(written).compareTo(new BigDecimal(repr)), written + " -> " + repr);
            assertTrue(repr.contains("."), repr);
        }
    }

    @Test
    void dumpsUsesPythonSeparatorsAndKeepsNonAscii() throws Exception {
        JsonNode tree = new ObjectMapper()
                .readTree(
                        "{\"a\": [1, 2.5, true, null, \"é\\n\\\"q\\\"\\u0001\\u007f\\u2028\\\\\"], \"b\": {}, \"c\": []}");
        assertEquals(
                "{\"a\": [1, 2.5, true, null, \"é\\n\\\"q\\\"\\u0001\u007f\u2028\\\\\"], \"b\": {}, \"c\": []}",
                PythonJson.dumps(tree));
    }

    @Test
    void dumpsEscapesControlCharacters() {
        ArrayNode array = NODES.arrayNode().add("\t\r\b\f\u001f");
        assertEquals("[\"\\t\\r\\b\\f\\u001f\"]", PythonJson.dumps(array));
    }

    @Test
    void dumpsNumbersAsPythonWritesThem() {
        ArrayNode array = NODES.arrayNode()
                .add(1e16)
                .add(0.1)
                .add(3.0)
                .add(-7)
                .add(12345678901234L)
                .add(Double.NaN)
                .add(Double.POSITIVE_INFINITY)
                .add(Double.NEGATIVE_INFINITY)
                .add(new BigDecimal("1.50"));
        assertEquals("[1e+16, 0.1, 3.0, -7, 12345678901234, NaN, Infinity, -Infinity, 1.50]", PythonJson.dumps(array));
    }

    @Test
    void dumpsKeepsInsertionOrder() {
        ObjectNode object = NODES.objectNode();
        object.put("zeta", 1);
        object.put("alpha", "x");
        object.putNull("mid");
        assertEquals("{\"zeta\": 1, \"alpha\": \"x\", \"mid\": null}", PythonJson.dumps(object));
    }

    @Test
    void formatForPromptIsStrOfTheValue() {
        assertEquals("plain \"text\"", PythonJson.formatForPrompt(NODES.textNode("plain \"text\"")));
        assertEquals("True", PythonJson.formatForPrompt(NODES.booleanNode(true)));
        assertEquals("False", PythonJson.formatForPrompt(NODES.booleanNode(false)));
        assertEquals("None", PythonJson.formatForPrompt(NullNode.getInstance()));
        assertEquals("None", PythonJson.formatForPrompt(null));
        assertEquals("42", PythonJson.formatForPrompt(NODES.numberNode(42)));
        assertEquals("2.0", PythonJson.formatForPrompt(NODES.numberNode(2.0)));
        assertEquals("1e-05", PythonJson.formatForPrompt(NODES.numberNode(1e-5)));
        assertEquals(
                "[\"a\", 1]",
                PythonJson.formatForPrompt(NODES.arrayNode().add("a").add(1)));
        assertEquals(
                "{\"k\": [true]}",
                PythonJson.formatForPrompt(
                        NODES.objectNode().set("k", NODES.arrayNode().add(true))));
    }
}
