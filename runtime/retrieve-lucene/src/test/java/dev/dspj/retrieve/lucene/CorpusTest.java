package dev.dspj.retrieve.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading JSONL and CSV corpora, and the errors that name the file and line. */
class CorpusTest {

    @TempDir
    Path dir;

    Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    String jsonlError(String line) throws IOException {
        Path file = file("bad.jsonl", "{\"id\": \"ok\", \"text\": \"fine\"}\n" + line + "\n");
        CorpusException error =
                assertThrows(CorpusException.class, () -> Corpus.jsonl(file).documents());
        assertTrue(error.getMessage().startsWith(file + ":2: "), error.getMessage());
        return error.getMessage().substring((file + ":2: ").length());
    }

    @Test
    void aBadJsonlLineIsNamedByFileAndLine() throws IOException {
        assertTrue(jsonlError("{\"id\": \"x\", \"text\": ").startsWith("not valid JSON: "));
        assertTrue(jsonlError("{\"id\": \"x\", \"text\": \"t\"} trailing").startsWith("not valid JSON: "));
        assertEquals("expected a JSON object, got ARRAY", jsonlError("[1, 2]"));
        assertEquals("no \"id\"", jsonlError("{\"text\": \"t\"}"));
        assertEquals("\"id\" must be text or a whole number, got OBJECT", jsonlError("{\"id\": {}, \"text\": \"t\"}"));
        assertEquals("\"id\" is blank", jsonlError("{\"id\": \" \", \"text\": \"t\"}"));
        assertEquals("\"text\" must be text, got none", jsonlError("{\"id\": \"x\"}"));
        assertEquals("\"text\" must be text, got NUMBER", jsonlError("{\"id\": \"x\", \"text\": 3}"));
        assertEquals(
                "\"title\" must be text, got ARRAY", jsonlError("{\"id\": \"x\", \"text\": \"t\", \"title\": []}"));
        assertEquals(
                "\"metadata\" must be an object, got STRING",
                jsonlError("{\"id\": \"x\", \"text\": \"t\", \"metadata\": \"m\"}"));
    }

    @Test
    void jsonlMetadataTakesNestedAndExtraFields() throws IOException {
        Path file = file(
                "c.jsonl",
                "\uFEFF{\"id\": 1, \"text\": \"t\", \"lang\": \"en\", \"tags\": [\"a\"], \"gone\": null,"
                        + " \"metadata\": {\"lang\": \"fr\", \"n\": 2.5, \"none\": null}}\n");
        List<Corpus.Document> documents = Corpus.of(file).documents();
        assertEquals(1, documents.size());
        assertEquals("1", documents.get(0).id());
        assertEquals(
                Map.of("lang", "fr", "tags", "[\"a\"]", "n", "2.5"),
                documents.get(0).metadata());
    }

    @Test
    void csvErrorsNameFileAndLine() throws IOException {
        Path noText = file("no-text.csv", "id,title,body\n1,a,b\n");
        CorpusException header =
                assertThrows(CorpusException.class, () -> Corpus.csv(noText).documents());
        assertEquals(
                noText
                        + ":1: the header needs the columns id and text (title and others are optional), got [id, title, body]",
                header.getMessage());

        Path ragged = file("ragged.csv", "id,text\n1,\"two\nlines\"\n2,a,extra\n");
        CorpusException fields =
                assertThrows(CorpusException.class, () -> Corpus.csv(ragged).documents());
        assertEquals(ragged + ":4: 3 fields, the header has 2", fields.getMessage());

        Path blankId = file("blank.csv", "id,text\n ,a\n");
        assertEquals(
                blankId + ":2: the id is blank",
                assertThrows(CorpusException.class, () -> Corpus.csv(blankId).documents())
                        .getMessage());

        Path unclosed = file("unclosed.csv", "id,text\n1,\"never closed\n");
        assertEquals(
                unclosed + ":2: a quoted field is never closed",
                assertThrows(CorpusException.class, () -> Corpus.csv(unclosed).documents())
                        .getMessage());
    }

    @Test
    void csvWithoutTitleAndWithBlankLinesAndCarriageReturns() throws IOException {
        Path file = file("c.csv", "\uFEFFtext,id,lang\r\nhello,1,en\r\n\r\nworld,2,de\rbye,3,fr");
        List<Corpus.Document> documents = Corpus.of(file).documents();
        assertEquals(
                List.of("1", "2", "3"),
                documents.stream().map(Corpus.Document::id).toList());
        assertEquals("", documents.get(0).title());
        assertEquals(Map.of("lang", "de"), documents.get(1).metadata());
        assertEquals(List.of(), Corpus.csv(file("empty.csv", "")).documents());
    }

    @Test
    void theFormatComesFromTheExtensionAndAMissingFileIsNamed() throws IOException {
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> Corpus.of(dir.resolve("c.txt")));
        assertTrue(unknown.getMessage().startsWith("cannot tell the format of corpus "), unknown.getMessage());
        Path missing = dir.resolve("missing.ndjson");
        CorpusException error =
                assertThrows(CorpusException.class, () -> Corpus.of(missing).documents());
        assertTrue(error.getMessage().startsWith("cannot read corpus " + missing), error.getMessage());
        assertEquals("Corpus(" + missing + ")", Corpus.of(missing).toString());
        assertEquals("documents", Corpus.of(List.of()).name());
        assertThrows(IllegalArgumentException.class, () -> Corpus.Document.of(" ", "", "t"));
    }
}
