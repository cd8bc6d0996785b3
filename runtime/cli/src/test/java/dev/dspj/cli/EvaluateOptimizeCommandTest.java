package dev.dspj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.cli.fixture.FactoidPredictor;
import dev.dspj.data.Dataset;
import dev.dspj.data.Datasets;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.Metrics;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.primitives.Example;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.state.ProgramState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateOptimizeCommandTest {

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

    private Path labeled(String name, int skip, int n, boolean faulty) throws IOException {
        List<String> lines = new ArrayList<>();
        int i = 0;
        for (Example example : SimTasks.factoidQa().dataset().skip(skip).take(n)) {
            String question = example.getString("question");
            if (faulty && i++ == 2) {
                question += " #sim-fault:400-context";
            }
            lines.add(JSON.createObjectNode()
                    .put("question", question)
                    .put("answer", example.getString("answer"))
                    .toString());
        }
        return Files.write(dir.resolve(name), lines);
    }

    private List<String> model(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--model", "sim/sim-small", "--base-url", server.baseUrl(), "--no-progress"));
        return all;
    }

    @Test
    void evaluateGivesTheLocalScoreAndReportsEveryFailure() throws IOException {
        Path data = labeled("dev.jsonl", 100, 30, true);
        Path results = dir.resolve("results.json");

        CliRun run = CliRun.of(model(
                        "evaluate",
                        "--program",
                        FACTOID,
                        "--data",
                        data.toString(),
                        "--show",
                        "2",
                        "--output",
                        results.toString())
                .toArray(String[]::new));

        assertEquals(0, run.exitCode(), run::toString);
        Dataset devset = Datasets.jsonl(data).inputs("question").load();
        try (HttpLanguageModel model = HttpLanguageModel.builder("sim/sim-small")
                .baseUrl(server.baseUrl())
                .cache(ResponseCache.none())
                .build()) {
            double local = Evaluate.builder(devset, Metrics.exactMatch("answer"))
                    .displayTable(0)
                    .build()
                    .run(FactoidPredictor.predict().withModel(model))
                    .total();
            String expected = String.format(Locale.ROOT, "Average metric: %s / 30", Texts(local));
            assertTrue(run.out().contains(expected), () -> expected + " in " + run);
        }
        assertTrue(run.out().contains("1 failed"), run::toString);
        assertTrue(run.out().contains("example 3 failed"), run::toString);
        assertTrue(run.out().contains("| question"), "DSPy's table: " + run);
        assertTrue(Files.size(results) > 0);
        assertTrue(run.out().contains("results written to " + results));
    }

    private static String Texts(double total) {
        return total == Math.rint(total) ? String.format(Locale.ROOT, "%.1f", total) : Double.toString(total);
    }

    @Test
    void optimizeSavesAStateThatScoresBetterAndResumesFromItsRecord() throws IOException {
        Path train = labeled("train.jsonl", 0, 40, false);
        Path dev = labeled("dev.jsonl", 100, 30, false);
        Path saved = dir.resolve("optimized.json");

        CliRun run = CliRun.of(model(
                        "optimize",
                        "--program",
                        FACTOID,
                        "--optimizer",
                        "bootstrap",
                        "--trainset",
                        train.toString(),
                        "--devset",
                        dev.toString(),
                        "--max-bootstrapped-demos",
                        "4",
                        "--max-labeled-demos",
                        "0",
                        "--save",
                        saved.toString())
                .toArray(String[]::new));

        assertEquals(0, run.exitCode(), run::toString);
        double before = score(run.out(), "before:");
        double after = score(run.out(), "after:");
        assertTrue(after > before, run::toString);
        FactoidPredictor reloaded = FactoidPredictor.predict();
        ProgramState.load(reloaded, saved);
        assertTrue(
                reloaded.demos().size() > 0 && reloaded.demos().size() <= 4,
                () -> reloaded.demos().toString());

        CliRun evaluated = CliRun.of(model(
                        "evaluate",
                        "--program",
                        FACTOID,
                        "--state",
                        saved.toString(),
                        "--data",
                        dev.toString(),
                        "--show",
                        "0")
                .toArray(String[]::new));
        assertEquals(after, score(evaluated.out(), "Average metric:"), 1e-9, evaluated::toString);

        Path record = dir.resolve("runs.db");
        List<String> copro = model(
                "optimize",
                "--program",
                FACTOID,
                "--optimizer",
                "copro",
                "--breadth",
                "2",
                "--depth",
                "1",
                "--seed",
                "5",
                "--trainset",
                train.toString(),
                "--record",
                record.toString(),
                "--save",
                dir.resolve("copro.json").toString());
        CliRun first = CliRun.of(copro.toArray(String[]::new));
        assertEquals(0, first.exitCode(), first::toString);
        assertTrue(first.out().contains("0 steps replayed"), first::toString);
        String firstState = Files.readString(dir.resolve("copro.json"));
        long calls = server.requestCount();
        CliRun second = CliRun.of(copro.toArray(String[]::new));
        assertEquals(0, second.exitCode(), second::toString);
        assertEquals(calls, server.requestCount(), "a finished run replays every step from its record: " + second);
        assertTrue(second.out().contains("0 computed"), second::toString);
        assertEquals(
                firstState, Files.readString(dir.resolve("copro.json")), "the replayed run saves the same program");
    }

    @Test
    void everyOptimizerKindCompilesAndSaves() throws IOException {
        Path train = labeled("train.jsonl", 0, 12, false);
        Path val = labeled("val.jsonl", 40, 8, false);
        List<List<String>> runs = List.of(
                List.of("--optimizer", "labeled", "--max-labeled-demos", "3", "--seed", "1"),
                List.of(
                        "--optimizer",
                        "random-search",
                        "--candidates",
                        "2",
                        "--valset",
                        val.toString(),
                        "--max-calls",
                        "500"),
                List.of(
                        "--optimizer",
                        "mipro",
                        "--candidates",
                        "2",
                        "--trials",
                        "2",
                        "--valset",
                        val.toString(),
                        "--max-bootstrapped-demos",
                        "1",
                        "--max-labeled-demos",
                        "1",
                        "--minibatch-size",
                        "4",
                        "--seed",
                        "2",
                        "--max-usd",
                        "5"),
                List.of(
                        "--optimizer",
                        "simba",
                        "--candidates",
                        "2",
                        "--batch-size",
                        "6",
                        "--max-steps",
                        "1",
                        "--seed",
                        "3"),
                List.of("--optimizer", "gepa", "--max-metric-calls", "40", "--valset", val.toString(), "--seed", "4"));
        for (List<String> options : runs) {
            Path saved = dir.resolve(options.get(1) + ".json");
            List<String> args = new ArrayList<>(List.of(
                    "optimize",
                    "--program",
                    FACTOID,
                    "--trainset",
                    train.toString(),
                    "--save",
                    saved.toString(),
                    "--threads",
                    "4"));
            args.addAll(options);
            CliRun run = CliRun.of(model(args.toArray(String[]::new)).toArray(String[]::new));
            assertEquals(0, run.exitCode(), run::toString);
            assertTrue(run.out().contains(options.get(1) + ": "), run::toString);
            FactoidPredictor reloaded = FactoidPredictor.predict();
            ProgramState.load(reloaded, saved);
        }
        CliRun level = CliRun.of(model(
                        "optimize",
                        "--program",
                        FACTOID,
                        "--optimizer",
                        "gepa",
                        "--auto",
                        "extreme",
                        "--trainset",
                        train.toString(),
                        "--save",
                        dir.resolve("x.json").toString())
                .toArray(String[]::new));
        assertTrue(level.err().contains("--auto extreme: expected light, medium or heavy"), level::toString);
    }

    /** The percentage of an "Average metric: 18.0 / 40 (45.0%)" line, as a fraction. */
    private static double score(String out, String prefix) {
        String line = out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
        String percent = line.replaceAll(".*\\((\\d+(?:\\.\\d+)?)%\\).*", "$1");
        return Double.parseDouble(percent) / 100;
    }

    @Test
    void optionsThatDoNotApplyAndProgramsWithoutInputsAreNamed() throws IOException {
        Path train = labeled("train.jsonl", 0, 5, false);
        CliRun wrong = CliRun.of(model(
                        "optimize",
                        "--program",
                        FACTOID,
                        "--optimizer",
                        "bootstrap",
                        "--trainset",
                        train.toString(),
                        "--max-usd",
                        "1",
                        "--breadth",
                        "2",
                        "--save",
                        "x.json")
                .toArray(String[]::new));
        assertEquals(DspjCli.USAGE, wrong.exitCode());
        assertTrue(
                wrong.err().contains("--max-usd, --breadth/--depth do not apply to --optimizer bootstrap"),
                wrong::toString);

        CliRun unknown = CliRun.of(model(
                        "optimize",
                        "--program",
                        FACTOID,
                        "--optimizer",
                        "annealing",
                        "--trainset",
                        train.toString(),
                        "--save",
                        "x.json")
                .toArray(String[]::new));
        assertTrue(
                unknown.err().contains("--optimizer annealing: expected one of labeled, bootstrap"), unknown::toString);

        CliRun program =
                CliRun.of(model("evaluate", "--program", "dev.dspj.cli.fixture.TwoPass", "--data", train.toString())
                        .toArray(String[]::new));
        assertEquals(DspjCli.USAGE, program.exitCode());
        assertTrue(
                program.err().contains("--inputs: name the input fields of dev.dspj.cli.fixture.TwoPass"),
                program::toString);

        CliRun metric = CliRun.of(
                model("evaluate", "--program", FACTOID, "--data", train.toString(), "--metric", "com.acme.Judge")
                        .toArray(String[]::new));
        assertTrue(metric.err().contains("--metric com.acme.Judge: not a built-in metric"), metric::toString);
    }

    @Test
    void aProgramOfSeveralPredictorsRunsWithItsNamedInputs() throws IOException {
        Path data = labeled("dev.jsonl", 100, 4, false);
        Path output = dir.resolve("out.jsonl");
        CliRun run = CliRun.of(model(
                        "run",
                        "--program",
                        "dev.dspj.cli.fixture.TwoPass",
                        "--inputs",
                        "question",
                        "--input",
                        data.toString(),
                        "--output",
                        output.toString())
                .toArray(String[]::new));
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("8 model calls"), run::toString);
        for (String line : Files.readAllLines(output)) {
            JsonNode row = JSON.readTree(line);
            assertTrue(row.hasNonNull("reasoning") && row.hasNonNull("answer"), line);
        }
    }
}
