package dev.dspj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.cli.fixture.FactoidPredictor;
import dev.dspj.cli.fixture.SentimentPredictor;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.primitives.Example;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.state.ProgramState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FACTOID = "dev.dspj.cli.fixture.Factoid";

    private static SimulatedModelServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        server = SimulatedModelServer.builder().latencyScale(0).build().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static List<String> questions(int n) {
        List<String> questions = new ArrayList<>();
        for (Example example : SimTasks.factoidQa().dataset().take(n)) {
            questions.add(example.getString("question"));
        }
        return questions;
    }

    private Path jsonl(String name, List<String> questions) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String question : questions) {
            lines.add(JSON.createObjectNode().put("question", question).toString());
        }
        return Files.write(dir.resolve(name), lines);
    }

    private String[] run(Path input, Path output, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--program",
                FACTOID,
                "--input",
                input.toString(),
                "--output",
                output.toString(),
                "--model",
                "sim/sim-medium",
                "--base-url",
                server.baseUrl(),
                "--no-progress"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    @Test
    void writesEveryRowInInputOrderWithTheProgramsAnswers() throws IOException {
        List<String> questions = questions(20);
        Path input = jsonl("questions.jsonl", questions);
        Path output = dir.resolve("answers.jsonl");

        CliRun run = CliRun.of(run(input, output, "--concurrency", "4"));

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("20 rows written to " + output), run::toString);
        assertTrue(run.out().contains("20 model calls"), run::toString);
        List<JsonNode> rows = lines(output);
        assertEquals(20, rows.size());
        try (HttpLanguageModel model = HttpLanguageModel.builder("sim/sim-medium")
                .baseUrl(server.baseUrl())
                .cache(ResponseCache.none())
                .build()) {
            FactoidPredictor local = FactoidPredictor.predict().withModel(model);
            for (int i = 0; i < 20; i++) {
                JsonNode row = rows.get(i);
                assertEquals(i + 1, row.get(RunOutput.ROW).asInt());
                assertEquals(questions.get(i), row.get("question").asText());
                assertEquals(
                        local.call(questions.get(i)).answer(), row.get("answer").asText(), "row " + (i + 1));
                assertFalse(row.has(RunOutput.ERROR));
            }
        }
    }

    @Test
    void aRowThatFailsAfterRetriesIsWrittenWithItsErrorAndRetriedOnRequest() throws IOException {
        List<String> questions = new ArrayList<>(questions(6));
        questions.set(2, questions.get(2) + " #sim-fault:500");
        Path input = jsonl("questions.jsonl", questions);
        Path output = dir.resolve("answers.jsonl");

        CliRun first = CliRun.of(run(input, output, "--max-retries", "1"));

        assertEquals(DspjCli.ROWS_FAILED, first.exitCode(), first::toString);
        assertTrue(first.out().contains("1 failed"), first::toString);
        List<JsonNode> rows = lines(output);
        assertEquals(6, rows.size());
        JsonNode failed = rows.get(2);
        assertEquals(3, failed.get(RunOutput.ROW).asInt());
        assertTrue(failed.get(RunOutput.ERROR).asText().contains("500"), failed::toString);
        assertFalse(failed.has("answer"));

        long before = server.requestCount();
        CliRun again = CliRun.of(run(input, output, "--max-retries", "1"));
        assertEquals(0, server.requestCount() - before, "a plain rerun leaves the failed row as it is");
        assertEquals(0, again.exitCode(), again::toString);

        CliRun retried = CliRun.of(run(input, output, "--max-retries", "1", "--retry-failed"));
        assertEquals(2, server.requestCount() - before, "only the failed row is run again, twice (one retry)");
        assertEquals(DspjCli.ROWS_FAILED, retried.exitCode(), retried::toString);
        assertEquals(6, lines(output).size(), "the row's newer line replaces its older one");
    }

    @Test
    void aRunStartedAgainRunsOnlyTheRowsNotWrittenAndCutsATornLine() throws IOException {
        Path input = jsonl("questions.jsonl", questions(12));
        Path output = dir.resolve("answers.jsonl");
        assertEquals(0, CliRun.of(run(input, output, "--limit", "5")).exitCode());
        assertEquals(5, lines(output).size());
        Files.writeString(output, "{\"_row\":6,\"question\":\"tor", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        long before = server.requestCount();
        CliRun rest = CliRun.of(run(input, output));

        assertEquals(0, rest.exitCode(), rest::toString);
        assertEquals(7, server.requestCount() - before, "rows 6 to 12 only");
        assertTrue(
                rest.err().contains("12 rows in " + input + ", 5 written by an earlier run, 7 to run"), rest::toString);
        List<JsonNode> rows = lines(output);
        assertEquals(12, rows.size());
        for (int i = 0; i < 12; i++) {
            assertEquals(i + 1, rows.get(i).get(RunOutput.ROW).asInt());
            assertTrue(rows.get(i).hasNonNull("answer"));
        }
    }

    @Test
    void anOutputOfAnotherRunIsRefusedUntilRestart() throws IOException {
        Path input = jsonl("questions.jsonl", questions(3));
        Path other = jsonl("other.jsonl", questions(4));
        Path output = dir.resolve("answers.jsonl");
        assertEquals(0, CliRun.of(run(input, output)).exitCode());

        CliRun mixed = CliRun.of(run(other, output));
        assertEquals(DspjCli.USAGE, mixed.exitCode(), mixed::toString);
        assertTrue(mixed.err().contains("holds rows of another run (input was"), mixed::toString);
        assertTrue(mixed.err().contains("--restart"), mixed::toString);

        CliRun restarted = CliRun.of(run(other, output, "--restart"));
        assertEquals(0, restarted.exitCode(), restarted::toString);
        assertEquals(4, lines(output).size());

        Path foreign = Files.writeString(dir.resolve("foreign.jsonl"), "{\"a\":1}\n");
        CliRun refused = CliRun.of(run(input, foreign));
        assertEquals(DspjCli.USAGE, refused.exitCode());
        assertTrue(refused.err().contains("exists and was not written by dspj run"), refused::toString);
    }

    @Test
    void badRowsAreReportedWithTheirFileAndLineBeforeAnyCall() throws IOException {
        Path input = Files.writeString(
                dir.resolve("bad.jsonl"),
                "{\"question\": \"fine\"}\n{\"question\": \n{\"other\": \"no question\"}\n",
                StandardCharsets.UTF_8);
        long before = server.requestCount();

        CliRun run = CliRun.of(run(input, dir.resolve("out.jsonl")));

        assertEquals(DspjCli.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains(input + ":2"), run::toString);
        assertTrue(run.err().contains(input + ":3"), run::toString);
        assertTrue(run.err().contains("question"), run::toString);
        assertEquals(before, server.requestCount());
    }

    @Test
    void aMissingClassAndAStateOfAnotherSignatureAreNamed() throws IOException {
        Path input = jsonl("questions.jsonl", questions(1));
        CliRun missing = CliRun.of(
                "run",
                "--program",
                "com.acme.Nope",
                "--input",
                input.toString(),
                "--output",
                dir.resolve("o.jsonl").toString(),
                "--model",
                "sim/sim-medium");
        assertEquals(DspjCli.USAGE, missing.exitCode());
        assertTrue(
                missing.err().contains("--program com.acme.Nope: no such class on the class path"), missing::toString);

        Path state = dir.resolve("sentiment.json");
        ProgramState.save(SentimentPredictor.predict(), state);
        CliRun wrong = CliRun.of(run(input, dir.resolve("o.jsonl"), "--state", state.toString()));
        assertEquals(DspjCli.USAGE, wrong.exitCode());
        assertTrue(
                wrong.err().contains("--state " + state + " does not fit dev.dspj.cli.fixture.FactoidPredictor"),
                wrong::toString);

        CliRun noModel = CliRun.of(
                "run",
                "--program",
                FACTOID,
                "--input",
                input.toString(),
                "--output",
                dir.resolve("o.jsonl").toString(),
                "--model",
                " ");
        assertEquals(DspjCli.USAGE, noModel.exitCode());
        assertTrue(noModel.err().contains("no model: give --model"), noModel::toString);

        CliRun string = CliRun.of(
                "run",
                "--program",
                "java.lang.String",
                "--input",
                input.toString(),
                "--output",
                dir.resolve("p.jsonl").toString(),
                "--model",
                "sim/sim-medium");
        assertEquals(DspjCli.USAGE, string.exitCode());
        assertTrue(string.err().contains("java.lang.String is not a program"), string::toString);
    }

    @Test
    void aSavedStateIsAppliedAndCsvIsRead() throws IOException {
        FactoidPredictor tuned = FactoidPredictor.predict().withInstructions("Answer with the city's name only.");
        Path state = dir.resolve("factoid.json");
        ProgramState.save(tuned, state);
        List<String> questions = questions(3);
        StringBuilder csv = new StringBuilder("id,question\n");
        for (int i = 0; i < questions.size(); i++) {
            csv.append(i)
                    .append(",\"")
                    .append(questions.get(i).replace("\"", "\"\""))
                    .append("\"\n");
        }
        Path input = Files.writeString(dir.resolve("questions.csv"), csv.toString());
        Path output = dir.resolve("answers.jsonl");
        server.clearRequestLog();

        CliRun plain = CliRun.of(run(input, output, "--state", state.toString()));
        assertEquals(0, plain.exitCode(), plain::toString);
        assertTrue(server.lastRequestBody().contains("Answer with the city's name only."));
        List<JsonNode> rows = lines(output);
        assertEquals(3, rows.size());
        assertEquals("0", rows.get(0).get("id").asText(), "the row's other columns are kept");
    }
}
