package dev.dspj.state;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes saved-program JSON. Written the way DSPy writes it (orjson with
 * {@code OPT_INDENT_2 | OPT_APPEND_NEWLINE}): two-space indentation, arrays one element per line,
 * {@code "key": value}, empty containers as {@code []} and {@code {}}, UTF-8 with non-ASCII
 * characters as they are, and a final newline.
 */
final class StateJson {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static final ObjectWriter WRITER;

    static {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        WRITER = MAPPER.writer(printer);
    }

    private StateJson() {}

    /** The file's bytes for a state tree. */
    static byte[] write(JsonNode tree) {
        try {
            return (WRITER.writeValueAsString(tree) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a file's bytes.
     *
     * @throws ProgramStateException for malformed JSON, with the line and column
     */
    static JsonNode read(byte[] bytes) {
        try {
            JsonNode tree = MAPPER.readTree(bytes);
            if (tree == null || tree.isMissingNode()) {
                throw new ProgramStateException(
                        "the file is empty; a saved program is a JSON object", null, null, null);
            }
            return tree;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ProgramStateException(
                    "the file is not valid JSON" + where + ": " + e.getOriginalMessage(), null, null, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
