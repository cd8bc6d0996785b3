package dev.dspj.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The fast path reads plain JSON exactly as Jackson does, and leaves everything else to Jackson. */
class PlainJsonTest {

    private static final JsonMapper JACKSON = JsonMapper.builder().build();

    private static void sameAsJackson(String text) throws JsonProcessingException {
        JsonNode fast = PlainJson.read(text);
        assertNotNull(fast, text);
        JsonNode jackson = JACKSON.readTree(text);
        assertEquals(jackson, fast, text);
        sameTypes(jackson, fast, text);
        assertEquals(jackson, LenientJson.parse(text), text);
    }

    private static void sameTypes(JsonNode expected, JsonNode actual, String text) {
        assertEquals(expected.getClass(), actual.getClass(), text);
        Iterator<JsonNode> left = expected.elements();
        Iterator<JsonNode> right = actual.elements();
        while (left.hasNext()) {
            sameTypes(left.next(), right.next(), text);
        }
    }

    @Test
    void readsWhatModelsUsuallyWrite() throws JsonProcessingException {
        for (String text : List.of(
                "{\"name\": \"Ada Varrow\"}",
                "{}",
                "[]",
                "{ \"a\" : 1 ,\n\t\"b\" : [ true , false , null , -7 , 0 ] , \"c\" : { \"d\" : \"\" } }",
                "{\"small\": 2147483647, \"big\": 2147483648, \"low\": -2147483648, \"lower\": -2147483649}",
                "{\"long\": 999999999999999999, \"zero\": -0}",
                "\"text\"",
                "42",
                "true",
                "null",
                "{\"unicode\": \"Zürich – 東京 😀\"}",
                "{\"answer\": \"Paris\", \"confidence\": 0.9}",
                "[1.5, -0.0, 0.1, 1e3, 1E+3, 2.5e-3, -7.25E10, 123456789012345678.123456789012345678, 1e308, 4.9e-324]")) {
            sameAsJackson(text);
        }
    }

    @Test
    void leavesEverythingElseToJackson() {
        for (String text : List.of(
                "",
                "{\"a\": \"line\\nbreak\"}",
                "{\"a\": 1.}",
                "{\"a\": .5}",
                "{\"a\": 1.e3}",
                "{\"a\": 1e}",
                "{\"a\": 1e+}",
                "{\"a\": 1.5.3}",
                "{\"a\": 1e1234}",
                "{\"a\": 1.5x}",
                "{\"a\": 01.5}",
                "{\"a\": 1234567890123456789}",
                "{\"a\": 01}",
                "{\"a\": +1}",
                "{'a': 1}",
                "{a: 1}",
                "{\"a\": 1,}",
                "[1, 2,]",
                "{\"a\": 1, \"a\": 2}",
                "{\"a\": 1} and more",
                "{\"a\": True}",
                "{\"a\": truer}",
                "{\"a\": NaN}",
                "{\"a\": \"tab\there\"}",
                "{\"a\": 1 /* note */}",
                "{\"a\": 1",
                "[1 2]",
                "\"unterminated",
                "-",
                "[".repeat(100) + "]".repeat(100))) {
            assertNull(PlainJson.read(text), text);
        }
    }

    @Provide
    Arbitrary<String> jsonTexts() {
        return json(3);
    }

    private static Arbitrary<String> json(int depth) {
        Arbitrary<String> strings = Arbitraries.strings()
                .withCharRange(' ', '~')
                .withChars('é', '\n', '\t', '"', '\\', '東')
                .ofMaxLength(8)
                .map(s -> JACKSON.getNodeFactory().textNode(s).toString());
        Arbitrary<String> numbers = Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("0", "-0", "1e5", "0.5", "12345678901234567890"));
        Arbitrary<String> scalars =
                Arbitraries.oneOf(strings, numbers, Arbitraries.of("true", "false", "null", "True", "None"));
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<String> blank = Arbitraries.of("", " ", "\n", " \t ", "\r\n");
        Arbitrary<String> arrays = json(depth - 1)
                .list()
                .ofMaxSize(3)
                .flatMap(items -> blank.map(space -> "[" + space + String.join("," + space, items) + "]"));
        Arbitrary<String> objects = json(depth - 1)
                .list()
                .ofMaxSize(3)
                .flatMap(values -> strings.list()
                        .ofSize(values.size())
                        .flatMap(keys -> blank.map(space -> {
                            StringBuilder out = new StringBuilder("{");
                            for (int i = 0; i < values.size(); i++) {
                                out.append(i == 0 ? "" : ",")
                                        .append(space)
                                        .append(keys.get(i))
                                        .append(':')
                                        .append(space)
                                        .append(values.get(i));
                            }
                            return out.append('}').toString();
                        })));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, scalars),
                net.jqwik.api.Tuple.of(2, arrays),
                net.jqwik.api.Tuple.of(3, objects));
    }

    @Property(tries = 1000)
    void whatItReadsJacksonReadsAlike(@ForAll("jsonTexts") String text) throws JsonProcessingException {
        JsonNode fast = PlainJson.read(text);
        if (fast != null) {
            sameAsJackson(text);
        }
    }
}
