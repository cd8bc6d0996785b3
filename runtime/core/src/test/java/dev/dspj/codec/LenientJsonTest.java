package dev.dspj.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Reading the almost-JSON models write. */
class LenientJsonTest {

    private static String compact(String text) {
        return LenientJson.parse(text).toString();
    }

    @Test
    void plainJson() {
        assertEquals("{\"a\":1,\"b\":[true,null]}", compact("{\"a\": 1, \"b\": [true, null]}"));
        assertEquals("\"text\"", compact("\"text\""));
        assertEquals("42", compact(" 42 "));
    }

    @Test
    void codeFences() {
        assertEquals("[1,2]", compact("```json\n[1, 2]\n```"));
        assertEquals("[1,2]", compact("```\n[1, 2]\n```"));
        assertEquals(
                "{\"a\":1}", compact("Here is the JSON:\n```json\n{\"a\": 1}\n```\nLet me know if you need more."));
        assertEquals("[1]", compact("```json\n[1]"));
    }

    @Test
    void pythonLiterals() {
        assertEquals("[\"a\",\"b\"]", compact("['a', 'b']"));
        assertEquals("{\"ok\":true,\"bad\":false,\"none\":null}", compact("{'ok': True, 'bad': False, 'none': None}"));
        assertEquals("[\"True story\",\"None of it\"]", compact("['True story', \"None of it\"]"));
        assertEquals("{\"Nonetheless\":1}", compact("{Nonetheless: 1}"));
    }

    @Test
    void chattyTextAroundTheValue() {
        assertEquals("{\"answer\":\"x\"}", compact("Sure! {\"answer\": \"x\"} Hope this helps."));
        assertEquals("[[1],[2]]", compact("The list is [[1], [2]], as requested."));
        assertEquals("{\"s\":\"a } b\"}", compact("result: {\"s\": \"a } b\"} end"));
        assertEquals("{\"s\":\"it's\"}", compact("result: {\"s\": \"it's\"}, done"));
    }

    @Test
    void relaxedSyntax() {
        assertEquals("[1,2]", compact("[1, 2,]"));
        assertEquals("{\"a\":1}", compact("{a: 1}"));
        assertEquals("{\"a\":1}", compact("{\"a\": 1 // the answer\n}"));
    }

    @Test
    void parseObjectRequiresAnObject() {
        assertTrue(LenientJson.parseObject("ok: {\"a\": 1}").isObject());
        ValueParseException e = assertThrows(ValueParseException.class, () -> LenientJson.parseObject("[1, 2]"));
        assertEquals("expected a JSON object, got \"[1, 2]\"", e.getMessage());
    }

    @Test
    void noJsonAtAll() {
        ValueParseException e = assertThrows(ValueParseException.class, () -> LenientJson.parse("no json here"));
        assertTrue(e.getMessage().startsWith("expected JSON, got \"no json here\" ("), e.getMessage());
        assertThrows(ValueParseException.class, () -> LenientJson.parse(""));
        assertThrows(ValueParseException.class, () -> LenientJson.parse("{\"unclosed\": [1, 2"));
    }

    @Test
    void longTextIsShortenedInErrors() {
        String text = "word ".repeat(100);
        ValueParseException e = assertThrows(ValueParseException.class, () -> LenientJson.parse(text));
        assertTrue(e.getMessage().contains("...\""), e.getMessage());
        assertTrue(e.getMessage().length() < 400, e.getMessage());
    }

    @Test
    void extractBalancedRespectsStringsAndEscapes() {
        assertEquals("{\"a\": \"}\\\"{\"}", LenientJson.extractBalanced("x {\"a\": \"}\\\"{\"} y"));
        assertEquals(null, LenientJson.extractBalanced("no brackets"));
        assertEquals(null, LenientJson.extractBalanced("[unclosed"));
    }

    @Test
    void pythonToJsonOnlyOutsideStrings() {
        assertEquals(
                "[true, \"True\", null, 'None', false]",
                LenientJson.pythonToJson("[True, \"True\", None, 'None', False]"));
        assertEquals("[Truely, NoneSuch]", LenientJson.pythonToJson("[Truely, NoneSuch]"));
        JsonNode node = LenientJson.parse("[None]");
        assertTrue(node.get(0).isNull());
    }
}
