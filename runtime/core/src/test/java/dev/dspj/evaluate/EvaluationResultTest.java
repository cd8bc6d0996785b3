package dev.dspj.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dspj.TestTypes.Color;
import dev.dspj.lm.usage.ModelUsage;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The result of an evaluation: its totals, table, summary line and exports. */
class EvaluationResultTest {

    private static final ModelUsage ONE_CALL = new ModelUsage("m", 1, 0, 0, 10, 5, null);

    /** Three examples: one scored, one whose program failed, one not run. */
    private static EvaluationResult mixed() {
        Example first =
                Example.of("question", "Which, if any?", "answer", Color.RED).withInputs("question");
        Example second =
                Example.of("question", " padded ", "answer", Color.GREEN).withInputs("question");
        Example third = Example.of("question", "never run", "answer", Color.RED).withInputs("question");
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("answer", Optional.of("line one\nline two"));
        values.put("extra", List.of(1, 2));
        Prediction prediction = new Prediction(values, null);
        return new EvaluationResult(
                List.of(
                        ExampleResult.scored(
                                0, first, prediction, new MetricResult(1, "right"), Duration.ofMillis(10), List.of()),
                        ExampleResult.failed(
                                1,
                                second,
                                null,
                                new IllegalStateException("the model\nfailed"),
                                ExampleResult.Stage.PROGRAM,
                                Duration.ofMillis(20),
                                List.of()),
                        ExampleResult.skipped(2, third, new CancellationException())),
                ONE_CALL,
                Duration.ofMillis(40),
                "maxErrors=1 reached",
                null);
    }

    @Test
    void resultsMustBeInDatasetOrder() {
        Example example = Example.of("q", "x").withInputs("q");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new EvaluationResult(
                        List.of(ExampleResult.skipped(1, example, new CancellationException())),
                        ONE_CALL,
                        Duration.ZERO,
                        null,
                        "m"));
        assertEquals("result #0 is for example #1; results must be in dataset order", e.getMessage());
    }

    @Test
    void totalsCountFailedAndSkippedExamplesAsZero() {
        EvaluationResult result = mixed();
        assertArrayEquals(new double[] {1, 0, 0}, result.scores());
        assertEquals(1, result.total());
        assertEquals(33.33, result.percent());
        assertEquals(1, result.failures().size());
        assertEquals(1, result.skipped().size());
        assertEquals(Duration.ofMillis(40), result.wallTime());
        assertTrue(result.stoppedEarly());
        // only examples with a prediction have a latency
        assertEquals(Duration.ofMillis(10), result.latencyP95());
    }

    @Test
    void theSummaryLineSaysOneCallAndZeroDollarsWhenThereIsNoCost() {
        assertEquals(
                "Average metric: 1.0 / 3 (33.3%), 1 failed, 1 not run, 1 call, $0.00, p50 10 ms, p95 10 ms",
                mixed().toString());
    }

    @Test
    void percentilesOutsideZeroToHundredAreRefused() {
        EvaluationResult result = mixed();
        assertEquals(
                "percentile must be in (0, 100], got 0.0",
                assertThrows(IllegalArgumentException.class, () -> result.latencyPercentile(0))
                        .getMessage());
        assertEquals(
                "percentile must be in (0, 100], got NaN",
                assertThrows(IllegalArgumentException.class, () -> result.latencyPercentile(Double.NaN))
                        .getMessage());
        assertEquals(
                "table rows must be at least 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> result.table(-1))
                        .getMessage());
    }

    @Test
    void theTableNamesClashingFieldsAndShowsEachStatusAndError() {
        String table = mixed().table(3);
        List<String> lines = table.lines().toList();
        assertEquals(
                List.of("#", "question", "example_answer", "pred_answer", "extra", "score", "error"),
                List.of(lines.get(0).split("\\|")).stream().map(String::strip).toList());
        assertEquals(
                // a scored row's error cell is empty
                List.of("0", "Which, if any?", "RED", "line one line two", "[1,2]", "1.0", ""), cells(lines.get(2)));
        assertEquals(
                List.of("1", "padded", "GREEN", "", "", "0 (failed)", "IllegalStateException: the model failed"),
                cells(lines.get(3)));
        assertEquals(
                List.of("2", "never run", "RED", "", "", "0 (not run)", "CancellationException"), cells(lines.get(4)));
    }

    @Test
    void aTableOfScoredRowsOnlyHasNoErrorColumn() {
        String table = mixed().table(1);
        assertTrue(table.lines().findFirst().orElseThrow().strip().endsWith("score"), table);
        assertTrue(table.endsWith("... 2 more rows not displayed ...\n"), table);
    }

    private static List<String> cells(String line) {
        return List.of(line.split("\\|", -1)).stream().map(String::strip).toList();
    }

    @Test
    void theCsvQuotesWhatNeedsQuotingAndEndsWithASummaryRow(@TempDir Path directory) throws Exception {
        Path csv = directory.resolve("eval.csv");
        mixed().writeCsv(csv);
        List<String> rows =
                List.of(Files.readString(csv, StandardCharsets.UTF_8).split("\r\n", -1));
        assertEquals(
                "index,question,example_answer,pred_answer,extra,score,feedback,status,error,latency_ms", rows.get(0));
        assertEquals("0,\"Which, if any?\",RED,\"line one\nline two\",\"[1,2]\",1.0,right,SCORED,,10.0", rows.get(1));
        assertEquals("1,\" padded \",GREEN,,,0.0,,FAILED,IllegalStateException: the model failed,20.0", rows.get(2));
        assertEquals("2,never run,RED,,,0.0,,SKIPPED,CancellationException,0.0", rows.get(3));
        assertTrue(
                rows.get(4).startsWith("summary,,,,,0.3333333333333333,\"Average metric: 1.0 / 3 (33.3%), 1 failed, "),
                rows.get(4));
        assertTrue(rows.get(4).endsWith(",SUMMARY,1 failed,10.0"), rows.get(4));
    }

    @Test
    void theJsonHasTheSummaryAndEachRowsStatus(@TempDir Path directory) throws Exception {
        Path json = directory.resolve("eval.json");
        mixed().writeJson(json);
        JsonNode root = Texts.JSON.readTree(json.toFile());
        JsonNode summary = root.get("summary");
        assertEquals("metric", summary.get("metric").asText(), "a result without a metric name says 'metric'");
        assertEquals("maxErrors=1 reached", summary.get("stop_reason").asText());
        assertEquals(1, summary.get("skipped").asInt());
        JsonNode failed = root.get("results").get(1);
        assertEquals("FAILED", failed.get("status").asText());
        assertEquals("PROGRAM", failed.get("failed_in").asText());
        assertEquals("java.lang.IllegalStateException", failed.get("error_type").asText());
        assertTrue(failed.get("prediction").isNull());
        JsonNode scored = root.get("results").get(0);
        assertEquals(
                "{\"answer\":\"line one\\nline two\",\"extra\":[1,2]}",
                scored.get("prediction").toString());
        assertEquals("\"RED\"", scored.get("example").get("answer").toString());
    }

    @Test
    void anEmptyResultScoresZero() {
        EvaluationResult empty = new EvaluationResult(List.of(), ONE_CALL, Duration.ZERO, null, "m");
        assertEquals(0, empty.score());
        assertEquals(Duration.ZERO, empty.latencyP50());
        assertEquals(0, empty.scores().length);
    }

    @Test
    void aCostIsShownInDollars() {
        EvaluationResult result = new EvaluationResult(
                List.of(), new ModelUsage("m", 2, 0, 0, 10, 5, new BigDecimal("0.0123")), Duration.ZERO, null, "m");
        assertTrue(result.toString().contains(", 2 calls, $0.0123, "), result.toString());
    }
}
