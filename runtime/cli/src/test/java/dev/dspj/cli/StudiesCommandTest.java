package dev.dspj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.execution.RunRecord;
import dev.dspj.study.Study;
import dev.dspj.study.StudyStore;
import dev.dspj.study.Trial;
import dev.dspj.testing.pg.PostgresServer;
import dev.dspj.variable.Configuration;
import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import dev.dspj.variable.objective.Measurement;
import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.search.SearchStrategy;
import dev.dspj.variable.tune.Budget;
import dev.dspj.variable.tune.TrialEvaluator;
import dev.dspj.variable.tune.Tuner;
import dev.dspj.variable.tune.TuningResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dspj studies list|show|export|report} run in process on a SQLite file holding a real
 * variable search's study, a hand-made study with awkward values, and an optimizer run record.
 */
class StudiesCommandTest {

    private static final VariableSpace SPACE = VariableSpace.of(
            Variable.choice("adapter", List.of("chat", "json"), "chat"), Variable.integer("demos", 0, 4, 2, 0));

    @TempDir
    Path directory;

    private Path db;

    /** What a command printed and returned. */
    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DspjCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @BeforeEach
    void writeStudies() {
        db = directory.resolve("studies.db");
        try (StudyStore store = StudyStore.sqlite(db)) {
            TuningResult result = Tuner.builder(SPACE, TrialEvaluator.of(configuration -> {
                        if (configuration.getInt("demos") == 4 && "json".equals(configuration.getString("adapter"))) {
                            throw new IllegalStateException("the model refused, said \"no\"");
                        }
                        double demos = configuration.getInt("demos");
                        double[] scores = new double[10];
                        double[] latencies = new double[10];
                        for (int i = 0; i < scores.length; i++) {
                            scores[i] = i < 5 + demos ? 1 : 0;
                            latencies[i] = 100 + i;
                        }
                        return Measurement.ofScores(scores, 0.001 * (1 + demos), latencies);
                    }))
                    .objectives(Objective.accuracy(), Objective.cost())
                    .budget(Budget.trials(6))
                    .strategy(SearchStrategy.GRID)
                    .parallelTrials(1)
                    .maxConsecutiveFailures(10)
                    .study(store, "qa-search")
                    .build()
                    .run();
            assertEquals(5, result.trials().size(), "six grid points, one failing: " + result);

            Study awkward = store.study("awkward", "[\"free\", \"text\"]");
            Trial trial = awkward.claim(
                            Configuration.builder()
                                    .put("prompt", "say \"hi\", then\nstop")
                                    .put("k", 3)
                                    .build(),
                            "host:1",
                            Duration.ofMinutes(1))
                    .orElseThrow();
            awkward.complete(trial, Map.of("score", 0.25), null, null);
            Trial failing = awkward.claim(Configuration.of(Map.of("k", 4)), "host:2", Duration.ofMinutes(1))
                    .orElseThrow();
            awkward.fail(failing, "broke, badly:\n\"quoted\"");
        }
        try (RunRecord record = RunRecord.sqlite(db, "compile")) {
            record.score(Configuration.of(Map.of("step", "candidate-1")), () -> 0.75);
        }
    }

    @Test
    void listShowsEveryStudyWithCountsAndBestValues() {
        Result listed = run("studies", "list", "--store", db.toString());
        assertEquals(0, listed.code(), listed.err());
        String[] lines = listed.out().split("\n");
        assertTrue(lines[0].startsWith("STUDY"), listed.out());
        assertTrue(lines[0].contains("LAST ACTIVE"), listed.out());
        assertEquals(4, lines.length, listed.out());
        assertTrue(lines[1].startsWith("awkward "), listed.out());
        assertTrue(lines[2].startsWith("qa-search "), listed.out());
        assertTrue(lines[3].startsWith("run:compile "), listed.out());
        assertTrue(
                lines[2].matches("qa-search\\s+6\\s+5\\s+1\\s+0\\s+accuracy 0\\.9, cost 0\\.001\\s+\\d{4}-.*Z"),
                lines[2]);
        assertTrue(lines[3].matches("run:compile\\s+1\\s+1\\s+0\\s+0\\s+-\\s+.*Z"), lines[3]);

        Result url = run("studies", "list", "--store", "jdbc:sqlite:" + db);
        assertEquals(listed.out(), url.out(), "a JDBC URL reads the same store");
    }

    @Test
    void aMissingStoreFileIsAnErrorNamingItAndIsNotCreated() {
        Path missing = directory.resolve("nowhere/missing.db");
        Result result = run("studies", "list", "--store", missing.toString());
        assertEquals(DspjCli.USAGE, result.code());
        assertTrue(result.err().contains("--store"), result.err());
        assertTrue(result.err().contains(missing.toString()), result.err());
        assertTrue(result.err().contains("does not exist"), result.err());
        assertFalse(Files.exists(missing));

        Result url = run("studies", "list", "--store", "jdbc:sqlite:" + missing);
        assertEquals(DspjCli.USAGE, url.code());
        assertTrue(url.err().contains(missing.toString()), url.err());
        assertFalse(Files.exists(missing.getParent()), "not even its directory");

        Result unsupported = run("studies", "list", "--store", "jdbc:mysql://db/x?password=hunter2");
        assertEquals(DspjCli.USAGE, unsupported.code());
        assertTrue(unsupported.err().contains("not supported"), unsupported.err());
        assertFalse(unsupported.err().contains("hunter2"), unsupported.err());
    }

    @Test
    void withoutStoreTheEnvironmentNamesIt() {
        StoreOption option = new StoreOption();
        option.environment = name -> name.equals(StudyStore.STORE_VARIABLE) ? db.toString() : null;
        try (StudyStore store = option.open()) {
            assertEquals(3, store.studies().size(), "$DSPJ_STUDY_DB holding a file path");
        }
        option.environment = name -> name.equals(StudyStore.STORE_VARIABLE) ? "jdbc:sqlite:" + db : null;
        try (StudyStore store = option.open()) {
            assertEquals(3, store.studies().size(), "$DSPJ_STUDY_DB holding a URL");
        }
        Path missing = directory.resolve("gone.db");
        option.environment = name -> name.equals(StudyStore.STORE_VARIABLE) ? missing.toString() : null;
        CliException error = org.junit.jupiter.api.Assertions.assertThrows(CliException.class, option::open);
        assertTrue(
                error.getMessage().startsWith("$" + StudyStore.STORE_VARIABLE + ": the SQLite file"),
                error.getMessage());
        Path cache = directory.resolve("cache");
        option.environment = name -> name.equals("DSPJ_CACHE_DIR") ? cache.toString() : null;
        error = org.junit.jupiter.api.Assertions.assertThrows(CliException.class, option::open);
        assertTrue(error.getMessage().startsWith("the default store: the SQLite file"), error.getMessage());
        assertTrue(
                error.getMessage()
                        .contains(cache.resolve(StudyStore.DEFAULT_FILE).toString()),
                error.getMessage());
        assertFalse(Files.exists(cache));
    }

    @Test
    void showPrintsTheDescriptionAndEveryTrial() {
        Result shown = run("studies", "show", "qa-search", "--store", db.toString());
        assertEquals(0, shown.code(), shown.err());
        String out = shown.out();
        assertTrue(out.startsWith("study qa-search\nvariables:\n  adapter choice chat|json default chat\n"), out);
        assertTrue(out.contains("  demos integer [0..4 step 2] default 0\n"), out);
        assertTrue(
                out.contains("objectives:\n  accuracy (maximize, weight 0.4)\n  cost (minimize, weight 0.3)\n"), out);
        assertTrue(out.contains("strategy: GRID\n"), out);
        assertTrue(out.contains("trials: 6 (5 complete, 1 failed, 0 running)"), out);
        assertTrue(out.contains("#  STATE"), out);
        assertTrue(out.contains("adapter=json, demos=4"), out);
        assertTrue(out.contains("the model refused"), out);
        assertTrue(out.contains("accuracy=0.9, cost=0.005"), out);

        Result record = run("studies", "show", "run:compile", "--store", db.toString());
        assertEquals(0, record.code(), record.err());
        assertTrue(record.out().contains("kind: optimizer run record"), record.out());
        assertTrue(record.out().contains("step=candidate-1"), record.out());
        assertTrue(record.out().contains("score=0.75"), record.out());

        Result odd = run("studies", "show", "awkward", "--store", db.toString());
        assertEquals(0, odd.code(), odd.err());
        assertTrue(odd.out().contains("description: [\"free\", \"text\"]"), odd.out());
        assertTrue(odd.out().contains("broke, badly: \"quoted\""), odd.out());
    }

    @Test
    void anUnknownStudyIsAnErrorListingTheStudies() {
        for (String command : List.of("show", "export", "report")) {
            Result result = command.equals("show")
                    ? run("studies", command, "nope", "--store", db.toString())
                    : run(
                            "studies",
                            command,
                            "nope",
                            "--store",
                            db.toString(),
                            "--output",
                            directory.resolve("x").toString());
            assertEquals(DspjCli.USAGE, result.code(), command);
            assertTrue(
                    result.err().contains("no study 'nope' in " + db + "; it has: awkward, qa-search, run:compile"),
                    result.err());
        }
    }

    @Test
    void exportWritesEveryTrialAsCsv() throws IOException {
        Path csv = directory.resolve("out/trials.csv");
        Result result = run("studies", "export", "qa-search", "--store", db.toString(), "--output", csv.toString());
        assertEquals(0, result.code(), result.err());
        assertTrue(result.err().contains("6 trials of study 'qa-search' written to"), result.err());
        List<Map<String, String>> rows = parseCsv(Files.readString(csv, StandardCharsets.UTF_8));
        assertEquals(6, rows.size());
        assertEquals(
                List.of(
                        "number",
                        "state",
                        "attempt",
                        "config.adapter",
                        "config.demos",
                        "value.accuracy",
                        "value.cost",
                        "stage",
                        "worker",
                        "started",
                        "finished",
                        "error"),
                List.copyOf(rows.get(0).keySet()));
        Map<String, String> failed = rows.stream()
                .filter(row -> row.get("state").equals("FAILED"))
                .findFirst()
                .orElseThrow();
        assertEquals("json", failed.get("config.adapter"));
        assertEquals("4", failed.get("config.demos"));
        assertEquals("", failed.get("value.accuracy"));
        assertTrue(failed.get("error").contains("the model refused, said \"no\""), failed.get("error"));
        Map<String, String> best = rows.stream()
                .filter(row -> row.get("value.accuracy").equals("0.9"))
                .findFirst()
                .orElseThrow();
        assertEquals("chat", best.get("config.adapter"));
        assertEquals("full", best.get("stage"));
        assertTrue(best.get("started").endsWith("Z"), best.get("started"));

        Result awkward = run("studies", "export", "awkward", "--store", db.toString());
        assertEquals(0, awkward.code(), awkward.err());
        List<Map<String, String>> odd = parseCsv(awkward.out());
        assertEquals(
                List.of("number", "state", "attempt", "config.k", "config.prompt", "value.score"),
                List.copyOf(odd.get(0).keySet()).subList(0, 6));
        assertEquals("say \"hi\", then\nstop", odd.get(0).get("config.prompt"));
        assertEquals("0.25", odd.get(0).get("value.score"));
        assertEquals("broke, badly:\n\"quoted\"", odd.get(1).get("error"));
        assertEquals("", odd.get(1).get("config.prompt"));

        Result record = run("studies", "export", "run:compile", "--store", db.toString());
        assertEquals(0, record.code(), record.err());
        assertEquals("candidate-1", parseCsv(record.out()).get(0).get("config.step"));
    }

    @Test
    void reportWritesTheSearchsHtmlReport() throws IOException {
        Path html = directory.resolve("report.html");
        Result result = run("studies", "report", "qa-search", "--store", db.toString(), "--output", html.toString());
        assertEquals(0, result.code(), result.err());
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertTrue(page.contains("qa-search"), "the report names the study");
        assertTrue(page.contains("<svg"), "the report has its charts");
        assertTrue(result.out().contains("report of study 'qa-search' written to " + html), result.out());
        assertTrue(result.out().contains("qa-search"), result.out());

        Result constrained = run(
                "studies",
                "report",
                "qa-search",
                "--store",
                db.toString(),
                "--output",
                html.toString(),
                "--policy",
                "ACCURACY_FIRST",
                "--max-cost",
                "0.002");
        assertEquals(0, constrained.code(), constrained.err());
        assertTrue(constrained.out().contains("ACCURACY_FIRST"), constrained.out());
    }

    @Test
    void reportRefusesAStudyTheSearchDidNotWrite() {
        Path html = directory.resolve("record.html");
        Result result = run("studies", "report", "run:compile", "--store", db.toString(), "--output", html.toString());
        assertEquals(DspjCli.USAGE, result.code());
        assertTrue(result.err().contains("'run:compile' was not written by the variable search"), result.err());
        assertTrue(result.err().contains("dspj studies show run:compile"), result.err());
        assertFalse(Files.exists(html));
    }

    @Test
    void listReadsAPostgresqlStore() {
        String url = PostgresServer.shared().createDatabase("dspj_cli_test");
        try (StudyStore store = StudyStore.open(url)) {
            Study study = store.study("pg-search", "{\"objectives\":[\"accuracy (maximize, weight 0.4)\"]}");
            Trial trial = study.claim(Configuration.of(Map.of("k", 1)), "w", Duration.ofMinutes(1))
                    .orElseThrow();
            study.complete(trial, Map.of("accuracy", 0.625), "full", null);
        }
        Result listed = run("studies", "list", "--store", url);
        assertEquals(0, listed.code(), listed.err());
        assertTrue(
                listed.out().split("\n")[1].matches("pg-search\\s+1\\s+1\\s+0\\s+0\\s+accuracy 0\\.625\\s+.*Z"),
                listed.out());
    }

    /** RFC 4180 CSV with a header into one map per row, in column order. */
    static List<Map<String, String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        assertTrue(record.isEmpty() && field.length() == 0, "the CSV ends with CRLF");
        List<String> header = records.get(0);
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> row : records.subList(1, records.size())) {
            assertEquals(header.size(), row.size(), "every row has every column");
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                map.put(header.get(i), row.get(i));
            }
            rows.add(map);
        }
        return rows;
    }
}
