package dev.dspj.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.codec.Codecs;
import dev.dspj.primitives.Example;
import dev.dspj.signature.FieldDescriptor;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading JSONL and CSV files: what is converted, and how each kind of bad row or header is reported. */
class DatasetLoaderTest {

    private static final FieldDescriptor<Integer> COUNT = FieldDescriptor.output("count", Codecs.INT, "", null);

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static List<String> problems(DatasetException e) {
        return e.problems().stream().map(p -> p.line() + ": " + p.message()).toList();
    }

    @Test
    void oneSourceCannotFeedTwoFields() {
        DatasetLoader loader = Datasets.jsonl(dir.resolve("x.jsonl")).field("question", "q");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loader.field("query", "q"));
        assertEquals(
                "source \"q\" of " + dir.resolve("x.jsonl") + " is already mapped to field \"question\"; it cannot "
                        + "also be field \"query\"",
                e.getMessage());
        loader.field("question", "q"); // mapping it again to the same field is fine
        assertEquals("DatasetLoader(jsonl " + dir.resolve("x.jsonl") + ")", loader.toString());
    }

    @Test
    void delimitersAreForCsvAndCannotBeQuotesOrLineBreaks() {
        assertEquals(
                "a CSV delimiter cannot be a quote or a line break",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Datasets.csv(dir.resolve("a.csv")).delimiter('"'))
                        .getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Datasets.csv(dir.resolve("a.csv")).delimiter('\r'));
        IllegalStateException jsonl = assertThrows(
                IllegalStateException.class,
                () -> Datasets.jsonl(dir.resolve("a.jsonl")).delimiter(';'));
        assertEquals(
                "delimiter(...) applies to CSV files; " + dir.resolve("a.jsonl") + " is read as JSONL",
                jsonl.getMessage());
    }

    @Test
    void jsonlLinesThatAreNotObjectsOrHaveBadValuesAreEachReported() throws IOException {
        Path file = write(
                "bad.jsonl",
                String.join(
                        "\n",
                        "[1, 2]",
                        "null",
                        "\"" + "x".repeat(100) + "\"",
                        "{\"question\": \"q\", \"count\": \"many\"}",
                        "{\"question\": \"q\", \"n\": \"lots\"}",
                        "{\"count\": 1}",
                        "{\"question\": \"fine\", \"count\": 2, \"answer\": \"a\"}"));
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> Datasets.jsonl(file)
                        .field("count", "n")
                        .types(COUNT)
                        .inputs("question")
                        .require("answer")
                        .load());
        List<String> problems = problems(e);
        assertEquals("1: expected a JSON object, got array: [1, 2]", problems.get(0));
        assertEquals("2: expected a JSON object, got null: null", problems.get(1));
        assertEquals("3: expected a JSON object, got string: \"" + "x".repeat(56) + "...", problems.get(2));
        // "count" is the file's name for nothing: the mapping reads the field from "n", so the key is dropped
        assertEquals("4: missing required field \"answer\"", problems.get(3));
        assertTrue(
                problems.get(4).startsWith("5: field \"count\" (\"n\"): \"lots\" is not a valid int: "),
                problems.get(4));
        assertEquals("5: missing required field \"answer\"", problems.get(5));
        assertEquals("6: missing input field \"question\"", problems.get(6));
        assertEquals(8, problems.size(), problems.toString());
        assertTrue(e.getMessage().startsWith("Cannot load dataset " + file + ": 6 bad rows of 7 "), e.getMessage());
    }

    @Test
    void jsonlNumbersKeepTheirSize() throws IOException {
        Path file = write(
                "numbers.jsonl",
                "{\"q\": 1, \"big\": 12345678901, \"huge\": 123456789012345678901, " + "\"list\": [null, 1.5]}\r\n");
        Example row = Datasets.jsonl(file).inputs("q").load().get(0);
        assertEquals(1, row.get("q").orElseThrow());
        assertEquals(12345678901L, row.get("big").orElseThrow());
        assertEquals(new BigInteger("123456789012345678901"), row.get("huge").orElseThrow());
        assertEquals(Arrays.asList(null, 1.5), row.get("list").orElseThrow());
    }

    @Test
    void onlyKnownFieldsDropsTheRest() throws IOException {
        Path file = write("wide.csv", "question,count,noise\nq,3,x\n");
        Example row = Datasets.csv(file)
                .types(COUNT)
                .inputs("question")
                .onlyKnownFields()
                .load()
                .get(0);
        assertEquals(Map.of("question", "q", "count", 3), row.values());
    }

    @Test
    void csvHeadersNeedNamedColumnsAndClosedQuotes() throws IOException {
        Path unnamed = write("unnamed.csv", "question, ,answer\nq,x,a\n");
        assertEquals(
                "Cannot load dataset " + unnamed + ":1: column 2 of the header has no name",
                assertThrows(DatasetException.class, () -> Datasets.csv(unnamed).load())
                        .getMessage());

        Path unclosed = write("unclosed.csv", "\"question,answer\nq,a\n");
        assertEquals(
                "Cannot load dataset " + unclosed + ": header row (line 1): quoted field of column 1 opened on line 1 "
                        + "is never closed (a \" is missing)",
                assertThrows(
                                DatasetException.class,
                                () -> Datasets.csv(unclosed).load())
                        .getMessage());
    }

    @Test
    void aMappedColumnTheHeaderLacksIsNamedEvenWhenNotRequired() throws IOException {
        Path file = write("qa.csv", "question,answer\nq,a\n");
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> Datasets.csv(file).field("source", "origin").load());
        assertEquals(
                "Cannot load dataset " + file + ":1: the header has no column \"origin\" (mapped to field "
                        + "\"source\"); its columns are [question, answer]",
                e.getMessage());
    }

    @Test
    void csvRowsWithTheWrongColumnCountAreReported() throws IOException {
        Path file = write("short.csv", "question,answer\nonly\nq,a,extra\nq,a\n");
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> Datasets.csv(file).inputs("question").load());
        assertEquals(
                List.of("2: has 1 column but the header has 2", "3: has 3 columns but the header has 2"), problems(e));
    }

    @Test
    void aCsvTypedValueThatDoesNotParseNamesFieldAndValue() throws IOException {
        Path file = write("typed.csv", "question,count\nq,many\n");
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> Datasets.csv(file).types(COUNT).inputs("question").load());
        assertTrue(
                problems(e).get(0).startsWith("2: field \"count\": \"many\" is not a valid int: "),
                problems(e).toString());
        assertEquals("count", e.problems().get(0).fieldName().orElseThrow());
    }

    @Test
    void aFileThatCannotBeReadSaysWhy() {
        DatasetException e =
                assertThrows(DatasetException.class, () -> Datasets.jsonl(dir).load());
        assertTrue(e.getMessage().startsWith("Cannot load dataset " + dir + ": java.io.IOException"), e.getMessage());
    }

    // ------------------------------------------------------------------ the CSV reader

    private static List<CsvReader.Row> records(String text) throws IOException {
        CsvReader reader = new CsvReader(new StringReader(text), ',');
        List<CsvReader.Row> out = new java.util.ArrayList<>();
        for (CsvReader.Row record = reader.next(); record != null; record = reader.next()) {
            out.add(record);
        }
        return out;
    }

    @Test
    void oldMacLineEndingsSeparateRecordsAndCountLines() throws IOException {
        List<CsvReader.Row> records = records("a,b\r1,2\r\r3,\"x\ry\"\r");
        assertEquals(3, records.size());
        assertEquals(List.of("1", "2"), records.get(1).fields());
        assertEquals(2, records.get(1).line());
        assertEquals(List.of("3", "x\ny"), records.get(2).fields(), "a CR inside quotes is read as a line break");
        assertEquals(4, records.get(2).line());
        assertEquals(List.of(false, true), records.get(2).quoted());
    }

    @Test
    void onlyTheFirstSyntaxErrorOfARecordIsKept() throws IOException {
        CsvReader.Row record = records("\"a\"x,\"b\"y,\"c").get(0);
        assertEquals(
                "unexpected character 'x' after the closing quote of column 1 (a quote inside a quoted field must be "
                        + "doubled: \"\")",
                record.error());
        assertEquals(List.of("ax", "by", "c"), record.fields());
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsText() throws IOException {
        CsvReader.Row record = records("say \"hi\",\"\"\"quoted\"\"\"\n").get(0);
        assertEquals(List.of("say \"hi\"", "\"quoted\""), record.fields());
        assertFalse(record.error() != null);
    }
}
