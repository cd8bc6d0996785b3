package dev.dspj.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The field parsers read the same values whatever pieces the answer arrives in: every answer below
 * is cut at random places many times, and the joined pieces of each field must be its value, with
 * exactly one last piece per field and nothing of a marker leaking into a value.
 */
class FieldParserTest {

    private static final String CHAT = "[[ ## reasoning ## ]]\n  Valorenia's capital [is] Talson; see [1].  \n\n"
            + "[[ ## answer ## ]]\nTalson\n\n[[ ## completed ## ]]\n";
    private static final String JSON = "```json\n{\"reasoning\": \"It says \\\"Talson\\\"\\n\\u00e9 [[ ## x ## ]]\", "
            + "\"answer\": \"Talson\", \"score\": 0.75, \"tags\": [\"a,b\", {\"k\": \"}\"}]}\n```";
    private static final String XML =
            "<reasoning>\nTalson is <b>the</b> capital\n</reasoning>\n<answer>\nTalson\n</answer>";

    @Test
    void chatFieldsWhateverThePieces() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("reasoning", "Valorenia's capital [is] Talson; see [1].");
        expected.put("answer", "Talson");
        expected.put("completed", "");
        assertEveryCut(CHAT, MarkerFieldParser::chat, expected);
    }

    @Test
    void jsonFieldsWhateverThePieces() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("reasoning", "It says \"Talson\"\n\u00e9 [[ ## x ## ]]");
        expected.put("answer", "Talson");
        expected.put("score", "0.75");
        expected.put("tags", "[\"a,b\", {\"k\": \"}\"}]");
        assertEveryCut(JSON, JsonFieldParser::new, expected);
    }

    @Test
    void xmlFieldsWhateverThePieces() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("reasoning", "Talson is <b>the</b> capital");
        expected.put("answer", "Talson");
        assertEveryCut(XML, MarkerFieldParser::xml, expected);
    }

    @Test
    void aFieldStillOpenAtTheEndEndsThere() {
        FieldParser parser = MarkerFieldParser.chat();
        List<FieldParser.Piece> pieces = new ArrayList<>(parser.feed("[[ ## answer ## ]]\nTal"));
        pieces.addAll(parser.feed("son  "));
        pieces.addAll(parser.finish());
        assertEquals("Talson", join(pieces).get("answer"));
        assertTrue(pieces.get(pieces.size() - 1).last());
    }

    @Test
    void textIsReleasedAsSoonAsItCannotBeAMarker() {
        FieldParser parser = MarkerFieldParser.chat();
        assertEquals(List.of(), parser.feed("[[ ## answer ## ]]\n"));
        assertEquals(List.of(new FieldParser.Piece("answer", "The", false)), parser.feed("The ["));
        assertEquals(List.of(new FieldParser.Piece("answer", " [x]", false)), parser.feed("x]"));
        assertEquals(List.of(new FieldParser.Piece("answer", "", true)), parser.feed(" \n[[ ## completed ## ]]"));
    }

    @Test
    void adaptersAreKnownByName() {
        assertTrue(FieldParser.forAdapter("ChatAdapter").isPresent());
        assertTrue(FieldParser.forAdapter("JSONAdapter").isPresent());
        assertTrue(FieldParser.forAdapter("XMLAdapter").isPresent());
        assertTrue(FieldParser.forAdapter("TwoStepAdapter").isEmpty());
    }

    private static void assertEveryCut(
            String text, java.util.function.Supplier<FieldParser> parsers, Map<String, String> expected) {
        Random random = new Random(7);
        for (int round = 0; round < 400; round++) {
            FieldParser parser = parsers.get();
            List<FieldParser.Piece> pieces = new ArrayList<>();
            int at = 0;
            while (at < text.length()) {
                int size = round == 0 ? 1 : 1 + random.nextInt(round % 2 == 0 ? 4 : 20);
                int end = Math.min(text.length(), at + size);
                pieces.addAll(parser.feed(text.substring(at, end)));
                at = end;
            }
            pieces.addAll(parser.finish());
            assertEquals(expected, join(pieces), "round " + round + ": " + pieces);
            for (String field : expected.keySet()) {
                long lasts = pieces.stream()
                        .filter(p -> p.field().equals(field) && p.last())
                        .count();
                assertEquals(1, lasts, field + " ends once in round " + round);
            }
        }
    }

    private static Map<String, String> join(List<FieldParser.Piece> pieces) {
        Map<String, String> joined = new LinkedHashMap<>();
        for (FieldParser.Piece piece : pieces) {
            joined.merge(piece.field(), piece.text(), String::concat);
        }
        return joined;
    }
}
