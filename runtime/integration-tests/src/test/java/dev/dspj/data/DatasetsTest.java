package dev.dspj.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.codec.Codecs;
import dev.dspj.primitives.Example;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.sim.SimTasks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    private static final SignatureDescriptor COUNTING = SignatureDescriptor.builder("Counting")
            .field(FieldDescriptor.input("question", Codecs.STRING, "", null))
            .field(FieldDescriptor.output("answer", Codecs.STRING, "", null))
            .field(FieldDescriptor.output("count", Codecs.INT, "", null))
            .build();

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    // ------------------------------------------------------------------ JSONL

    @Test
    void jsonlRowsBecomeExamplesInFileOrderWithInputsMarked() throws IOException {
        Path file = write("qa.jsonl", """
                {"question": "Capital of France?", "answer": "Paris", "tags": ["geo", "eu"], "n": 3, "ok": true}

                {"question": "2+2?", "answer": "4", "score": 0.5, "meta": {"source": "math"}, "gone": null}
                """);

        Dataset data = Datasets.jsonl(file).inputs("question").load();

        assertEquals(2, data.size(), "the blank line is not a row");
        Example first = data.get(0);
        assertEquals(Set.of("question"), first.inputKeys());
        assertEquals(Map.of("question", "Capital of France?"), first.inputs());
        assertEquals(List.of("geo", "eu"), first.get("tags").orElseThrow());
        assertEquals(3, first.get("n").orElseThrow());
        assertEquals(true, first.get("ok").orElseThrow());
        Example second = data.get(1);
        assertEquals("4", second.get("answer").orElseThrow());
        assertEquals(0.5, second.get("score").orElseThrow());
        assertEquals(Map.of("source", "math"), second.get("meta").orElseThrow());
        assertFalse(second.has("gone"), "a JSON null is an absent value");
        assertEquals(file.toString(), data.source());
        assertTrue(data.problems().isEmpty());
    }

    @Test
    void fieldMappingRenamesSourceKeys() throws IOException {
        Path file = write("renamed.jsonl", """
                {"q": "Capital of Italy?", "a": "Rome", "extra": "kept"}
                """);

        Dataset data = Datasets.jsonl(file)
                .field("question", "q")
                .field("answer", "a")
                .inputs("question")
                .load();

        Example example = data.get(0);
        assertEquals(Optional.of("Capital of Italy?"), example.get("question"));
        assertEquals(Optional.of("Rome"), example.get("answer"));
        assertEquals(Optional.of("kept"), example.get("extra"), "unmapped keys keep their names");
        assertFalse(example.has("q"));
        assertEquals(Set.of("question"), example.inputKeys());

        Dataset only = Datasets.jsonl(file)
                .field("question", "q")
                .field("answer", "a")
                .inputs("question")
                .onlyKnownFields()
                .load();
        assertEquals(Set.of("question", "answer"), only.get(0).values().keySet());
    }

    @Test
    void typesConvertValuesWithTheFieldCodecAndMarkTheSignatureInputs() throws IOException {
        Path file = write("typed.jsonl", """
                {"question": "How many?", "answer": "three", "count": "3"}
                {"question": "How many more?", "answer": "four", "count": 4}
                """);

        Dataset data = Datasets.jsonl(file).types(COUNTING).load();

        assertEquals(3, data.get(0).get("count").orElseThrow(), "text parsed by the int codec");
        assertEquals(4, data.get(1).get("count").orElseThrow());
        assertEquals(Set.of("question"), data.get(0).inputKeys(), "the signature's inputs are marked");
    }

    @Test
    void everyBadJsonlRowIsReportedWithFileAndLineAndNothingLoads() throws IOException {
        Path file = write("bad.jsonl", """
                {"question": "fine", "answer": "a", "count": 1}
                {"question": "broken", "answer":
                {"answer": "no question", "count": 2}
                {"question": "wrong type", "answer": "a", "count": "many"}
                [1, 2, 3]
                {"question": "dup", "question": "again"}
                {"question": "last good", "answer": "b", "count": 5}
                """);

        DatasetException error = assertThrows(
                DatasetException.class,
                () -> Datasets.jsonl(file).types(COUNTING).load());

        List<DatasetProblem> problems = error.problems();
        assertEquals(
                List.of(2L, 3L, 4L, 5L, 6L),
                problems.stream().map(DatasetProblem::line).toList());
        String message = error.getMessage();
        assertTrue(message.contains("5 bad rows of 7"), message);
        assertTrue(message.contains(file + ":2: malformed JSON"), message);
        assertTrue(message.contains(file + ":3: missing input field \"question\""), message);
        assertTrue(message.contains(file + ":4: field \"count\": \"many\" is not a valid int"), message);
        assertTrue(message.contains(file + ":5: expected a JSON object, got array"), message);
        assertTrue(
                message.contains(file + ":6: malformed JSON") && message.contains("Duplicate field 'question'"),
                message);
        assertEquals(Optional.of("count"), problems.get(2).fieldName());
        assertEquals(Optional.of("question"), problems.get(1).fieldName());
    }

    @Test
    void skipBadRowsLoadsTheGoodRowsAndReportsTheBadOnes() throws IOException {
        Path file = write("some-bad.jsonl", """
                {"question": "one", "answer": "1"}
                {"answer": "missing"}
                not json at all
                {"question": "two", "answer": "2"}
                """);

        Dataset data = Datasets.jsonl(file).inputs("question").skipBadRows().load();

        assertEquals(
                List.of("one", "two"),
                data.stream().map(e -> e.get("question").orElseThrow()).toList());
        assertEquals(2, data.problems().size());
        assertEquals(
                file + ":2: missing input field \"question\"",
                data.problems().get(0).toString());
        assertEquals(3, data.problems().get(1).line());
        assertTrue(data.toString().contains("2 problems skipped"), data.toString());
    }

    @Test
    void theListingIsCappedButEveryProblemIsKept() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            lines.append("{\"answer\": \"x\"}\n");
        }
        Path file = write("many.jsonl", lines.toString());

        DatasetException error = assertThrows(
                DatasetException.class,
                () -> Datasets.jsonl(file).inputs("question").load());

        assertEquals(30, error.problems().size());
        assertTrue(error.getMessage().contains(file + ":20: missing input field"), error.getMessage());
        assertFalse(error.getMessage().contains(file + ":21:"), error.getMessage());
        assertTrue(error.getMessage().contains("... and 10 more"), error.getMessage());
    }

    @Test
    void aMappedMissingFieldNamesTheSourceKey() throws IOException {
        Path file = write("mapped.jsonl", "{\"question\": \"the key is q, not question\"}\n");

        DatasetException error = assertThrows(
                DatasetException.class,
                () -> Datasets.jsonl(file)
                        .field("question", "q")
                        .inputs("question")
                        .load());

        assertTrue(
                error.getMessage().contains(file + ":1: missing input field \"question\" (\"q\" in the file)"),
                error.getMessage());
    }

    @Test
    void unreadableFilesFailWithTheirName() throws IOException {
        Path missing = dir.resolve("nope.jsonl");
        DatasetException error = assertThrows(
                DatasetException.class, () -> Datasets.jsonl(missing).load());
        assertTrue(error.getMessage().contains(missing + ": the file does not exist"), error.getMessage());

        Path latin1 = dir.resolve("latin1.jsonl");
        Files.write(latin1, "{\"q\": \"ok\"}\n{\"q\": \"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1));
        DatasetException encoding = assertThrows(
                DatasetException.class, () -> Datasets.jsonl(latin1).load());
        assertTrue(encoding.getMessage().contains(latin1 + ":2: the line is not valid UTF-8"), encoding.getMessage());
        assertEquals(1, Datasets.jsonl(latin1).skipBadRows().load().size(), "the good line still loads");

        Path latin1Csv = dir.resolve("latin1.csv");
        Files.write(latin1Csv, "q\nok\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        DatasetException csv = assertThrows(
                DatasetException.class, () -> Datasets.csv(latin1Csv).load());
        assertTrue(csv.getMessage().contains(latin1Csv + ":3: the line is not valid UTF-8"), csv.getMessage());
    }

    // ------------------------------------------------------------------ CSV

    @Test
    void csvFollowsRfc4180QuotingWithLineNumbers() throws IOException {
        Path file = write(
                "qa.csv",
                "question,answer,notes\r\n"
                        + "\"Capital of France?\",Paris,plain\r\n"
                        + "\"Hello, \"\"world\"\"\",\"two\nlines\",\"\"\r\n"
                        + "\r\n"
                        + "last,,x\r\n");

        Dataset data = Datasets.csv(file).inputs("question").load();

        assertEquals(3, data.size());
        assertEquals("Capital of France?", data.get(0).get("question").orElseThrow());
        assertEquals("Hello, \"world\"", data.get(1).get("question").orElseThrow());
        assertEquals("two\nlines", data.get(1).get("answer").orElseThrow());
        assertEquals(Optional.of(""), data.get(1).get("notes"), "a quoted empty cell is an empty string");
        assertFalse(data.get(2).has("answer"), "an unquoted empty cell is an absent value");
        assertEquals(Set.of("question"), data.get(2).inputKeys());
    }

    @Test
    void csvBadRowsAreReportedWithTheLineTheyStartOn() throws IOException {
        Path file = write("bad.csv", """
                q,a,count
                fine,1,1
                "multi
                line",2,2
                too,many,columns,here
                few,cells
                ,missing question,3
                wrong,type,seven
                "bad"quote,x,4
                "never closed,5,5
                """);

        DatasetException error = assertThrows(
                DatasetException.class,
                () -> Datasets.csv(file)
                        .field("question", "q")
                        .field("answer", "a")
                        .types(COUNTING)
                        .load());

        String message = error.getMessage();
        assertEquals(
                List.of(5L, 6L, 7L, 8L, 9L, 10L),
                error.problems().stream().map(DatasetProblem::line).toList(),
                message);
        assertTrue(message.contains(file + ":5: has 4 columns but the header has 3"), message);
        assertTrue(message.contains(file + ":6: has 2 columns but the header has 3"), message);
        assertTrue(message.contains(file + ":7: missing input field \"question\" (\"q\" in the file)"), message);
        assertTrue(message.contains(file + ":8: field \"count\": \"seven\" is not a valid int"), message);
        assertTrue(
                message.contains(file + ":9: unexpected character 'q' after the closing quote of column 1"), message);
        assertTrue(message.contains(file + ":10: quoted field of column 1 opened on line 10 is never closed"), message);
        assertTrue(message.contains("6 bad rows of 8"), message);
    }

    @Test
    void csvHeaderProblemsFailAtOnce() throws IOException {
        Path noColumn = write("nocol.csv", "question,answer\nq,a\n");
        DatasetException missing = assertThrows(
                DatasetException.class,
                () -> Datasets.csv(noColumn)
                        .field("question", "q")
                        .inputs("question")
                        .load());
        assertTrue(
                missing.getMessage().contains(noColumn + ":1: the header has no column \"q\" (field \"question\")"),
                missing.getMessage());

        Path duplicate = write("dup.csv", "a,b,a\n1,2,3\n");
        assertTrue(assertThrows(
                        DatasetException.class, () -> Datasets.csv(duplicate).load())
                .getMessage()
                .contains("names column \"a\" twice"));

        Path empty = write("empty.csv", "");
        assertTrue(
                assertThrows(DatasetException.class, () -> Datasets.csv(empty).load())
                        .getMessage()
                        .contains("the file is empty"));
    }

    @Test
    void csvTypedValuesAndTabDelimiter() throws IOException {
        Path file = write("counts.tsv", "\uFEFFquestion\tanswer\tcount\nHow many?\tthree\t3\n");

        Dataset data = Datasets.csv(file).delimiter('\t').types(COUNTING).load();

        assertEquals(3, data.get(0).get("count").orElseThrow());
        assertEquals(
                "How many?",
                data.get(0).get("question").orElseThrow(),
                "the byte-order mark is not part of the header");
        assertThrows(IllegalStateException.class, () -> Datasets.jsonl(file).delimiter('\t'));
    }

    @Test
    void simTasksBecomeDatasets() {
        Dataset qa = SimTasks.factoidQa().dataset();

        assertEquals(300, qa.size());
        assertEquals("sim:" + SimTasks.factoidQa().name(), qa.source());
        assertEquals(Set.of("question"), qa.get(0).inputKeys());
        assertTrue(qa.get(0).has("answer"));
    }
}
