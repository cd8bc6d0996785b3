package dev.dspj.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.codec.Codecs;
import dev.dspj.data.Dataset;
import dev.dspj.data.Datasets;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.LmResponse;
import dev.dspj.lm.RetriableModelException;
import dev.dspj.lm.usage.PriceTable;
import dev.dspj.module.CallOptions;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.module.TraceEntry;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.primitives.Usage;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.sim.SimConditions;
import dev.dspj.sim.SimModelProfile;
import dev.dspj.sim.SimTask;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModel;
import dev.dspj.testing.ScriptedModel;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateTest {

    /** question -> answer, as the simulated factoid QA task expects. */
    static final SignatureDescriptor QA = SignatureDescriptor.builder("FactoidQa")
            .field(FieldDescriptor.input("question", Codecs.STRING, "a question about a place or a person", null))
            .field(FieldDescriptor.output("answer", Codecs.STRING, "", null))
            .build();

    private static final Pattern QUESTION = Pattern.compile("\\[\\[ ## question ## \\]\\]\\n(.*)");

    @TempDir
    Path dir;

    private static Predict qa(LanguageModel model) {
        Predict predict = new Predict(QA);
        predict.setModel(model);
        return predict;
    }

    private static Evaluate.Builder evaluate(List<Example> devset) {
        return Evaluate.builder(devset, Metrics.exactMatch("answer")).progress(false);
    }

    private static List<Example> withFault(List<Example> examples, Set<Integer> faulty, String directive) {
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            Example example = examples.get(i);
            out.add(
                    faulty.contains(i)
                            ? example.with("question", example.get("question").orElseThrow() + " " + directive)
                            : example);
        }
        return out;
    }

    /** The question of a request's last user message. */
    private static String question(LmRequest request) {
        String user = request.messages().get(request.messages().size() - 1).content();
        Matcher matcher = QUESTION.matcher(user);
        assertTrue(matcher.find(), user);
        return matcher.group(1);
    }

    /** Q7 -> A7, answering in reverse order of arrival so completions come back out of order. */
    private static ScriptedModel echoingModel() {
        return ScriptedModel.answering(request -> {
            String q = question(request);
            int n = Integer.parseInt(q.substring(1));
            sleep(Math.max(0, 12 - (n % 6) * 2));
            return ScriptedModel.chatAnswer("answer", "A" + n);
        });
    }

    private static List<Example> numbered(int n) {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            examples.add(Example.of("question", "Q" + i, "answer", "A" + i).withInputs("question"));
        }
        return examples;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Wraps a model: counts calls in flight (max), optionally waits, and answers with 100 prompt and 10 completion tokens. */
    static final class CountingModel implements LanguageModel {
        final LanguageModel delegate;
        final long delayMillis;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();

        CountingModel(LanguageModel delegate, long delayMillis) {
            this.delegate = delegate;
            this.delayMillis = delayMillis;
        }

        @Override
        public String modelName() {
            return "counting";
        }

        @Override
        public LmResponse complete(LmRequest request) {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            calls.incrementAndGet();
            try {
                sleep(delayMillis);
                LmResponse response = delegate.complete(request);
                return new LmResponse(response.choices(), new Usage(100, 10), response.model());
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    /** A program that is not an AsyncModule, so Evaluate runs it on its pool. */
    static final class BlockingProgram implements Module {
        final Predict predict;

        BlockingProgram(Predict predict) {
            this.predict = predict;
        }

        @Override
        public Prediction forward(Map<String, Object> inputs) {
            return predict.forward(inputs);
        }

        @Override
        public List<NamedPredictor> namedPredictors() {
            return List.of(new NamedPredictor("qa", predict));
        }

        @Override
        public Module deepCopy() {
            return new BlockingProgram(predict.deepCopy());
        }
    }

    // ------------------------------------------------------------------ the simulated model

    @Test
    void scoreOnTheSimulatedModelIsCloseToTheTasksExpectedAccuracy() {
        SimTask task = SimTasks.factoidQa();
        double expected = task.expectedAccuracy(SimModelProfile.LARGE, SimConditions.BASELINE);

        EvaluationResult result =
                evaluate(task.toExamples()).concurrency(8).build().run(qa(SimulatedModel.of("sim-large")));

        assertEquals(300, result.results().size());
        assertEquals(List.of(), result.failures());
        assertEquals(expected, result.score(), 0.06, result.toString());
        assertEquals(Math.round(result.score() * 10000) / 100.0, result.percent());
        assertTrue(result.score() > 0.5 && result.score() < 1, result.toString());
        for (int i = 0; i < 300; i++) {
            ExampleResult one = result.results().get(i);
            assertEquals(i, one.index());
            assertSame(task.toExamples().get(i).getClass(), one.example().getClass());
            assertEquals(
                    task.examples().get(i).gold().get("answer"),
                    one.example().get("answer").orElseThrow());
        }
    }

    @Test
    void injectedFaultsAreListedWithTheirExceptionAndTheRestIsStillScored() {
        List<Example> clean = SimTasks.factoidQa().toExamples().subList(0, 40);
        Set<Integer> faulty = Set.of(3, 11, 25);
        List<Example> devset = withFault(clean, faulty, "#sim-fault:500x9");

        EvaluationResult baseline = evaluate(clean).build().run(qa(SimulatedModel.of("sim-large")));
        EvaluationResult result = evaluate(devset).build().run(qa(SimulatedModel.of("sim-large")));

        assertEquals(
                List.of(3, 11, 25),
                result.failures().stream().map(ExampleResult::index).toList());
        for (ExampleResult failure : result.failures()) {
            assertInstanceOf(RetriableModelException.class, failure.failure().orElseThrow(), failure.describe());
            assertEquals(ExampleResult.Status.FAILED, failure.status());
            assertEquals(ExampleResult.Stage.PROGRAM, failure.failedIn().orElseThrow());
            assertEquals(0.0, failure.score());
            assertTrue(failure.prediction().isEmpty());
            assertTrue(
                    failure.describe().contains("failed in program: ")
                            && failure.describe().contains("HTTP 500"),
                    failure.describe());
        }
        double expectedTotal = 0;
        for (int i = 0; i < 40; i++) {
            if (!faulty.contains(i)) {
                assertEquals(
                        ExampleResult.Status.SCORED, result.results().get(i).status());
                assertEquals(
                        baseline.results().get(i).score(),
                        result.results().get(i).score(),
                        "example " + i);
                expectedTotal += baseline.results().get(i).score();
            }
        }
        assertEquals(expectedTotal / 40, result.score(), 1e-9, "failures count 0 over all 40 examples");
        assertTrue(result.toString().contains(", 3 failed, "), result.toString());
    }

    @Test
    void maxErrorsStopsEarlyWithAClearMessageAndThePartialResult() {
        ScriptedModel broken = ScriptedModel.answering(request -> {
            throw new IllegalStateException("model is down for " + question(request));
        });
        Evaluate evaluate = evaluate(numbered(20)).concurrency(1).maxErrors(3).build();

        EvaluationAbortedException aborted =
                assertThrows(EvaluationAbortedException.class, () -> evaluate.run(qa(broken)));

        String message = aborted.getMessage();
        assertTrue(
                message.startsWith("Evaluation stopped: 3 of 20 examples failed (maxErrors=3 reached); "
                        + "17 examples were not run."),
                message);
        assertTrue(
                message.contains("#0 {question=Q0}: failed in program: IllegalStateException: model is down for Q0"),
                message);
        assertTrue(message.contains("#2 {question=Q2}"), message);
        EvaluationResult partial = aborted.result();
        assertEquals(20, partial.results().size());
        assertEquals(
                List.of(0, 1, 2),
                partial.failures().stream().map(ExampleResult::index).toList());
        assertEquals(17, partial.skipped().size());
        assertEquals(
                ExampleResult.Stage.NOT_RUN, partial.skipped().get(0).failedIn().orElseThrow());
        assertTrue(partial.stoppedEarly());
        assertEquals(0.0, partial.score());
        assertEquals(3, broken.requests().size(), "no example was started after the third failure");
        assertInstanceOf(IllegalStateException.class, aborted.getCause());
    }

    @Test
    void concurrencyBoundIsRespectedForAsyncAndBlockingPrograms() {
        List<Example> devset = SimTasks.factoidQa().toExamples().subList(0, 24);

        CountingModel async = new CountingModel(SimulatedModel.of("sim-small"), 15);
        evaluate(devset).concurrency(4).build().run(qa(async));
        assertEquals(24, async.calls.get());
        assertTrue(async.maxInFlight.get() <= 4, "max in flight " + async.maxInFlight.get());
        assertTrue(async.maxInFlight.get() >= 2, "the bound is used, not serialised: " + async.maxInFlight.get());

        CountingModel blocking = new CountingModel(SimulatedModel.of("sim-small"), 15);
        evaluate(devset).concurrency(3).build().run(new BlockingProgram(qa(blocking)));
        assertEquals(24, blocking.calls.get());
        assertTrue(blocking.maxInFlight.get() <= 3, "max in flight " + blocking.maxInFlight.get());
        assertTrue(blocking.maxInFlight.get() >= 2, "max in flight " + blocking.maxInFlight.get());
    }

    @Test
    void resultsAreInDatasetOrderWhateverOrderTheyFinishIn() {
        List<Example> devset = numbered(30);

        EvaluationResult async = evaluate(devset).concurrency(6).build().run(qa(echoingModel()));
        EvaluationResult blocking =
                evaluate(devset).concurrency(6).build().run(new BlockingProgram(qa(echoingModel())));

        for (EvaluationResult result : List.of(async, blocking)) {
            assertEquals(1.0, result.score(), result.table(30));
            for (int i = 0; i < 30; i++) {
                ExampleResult one = result.results().get(i);
                assertEquals(i, one.index());
                assertSame(devset.get(i), one.example());
                assertEquals(
                        "A" + i, one.prediction().orElseThrow().get("answer").orElseThrow());
            }
        }
    }

    @Test
    void metricsReceiveTheTraceOfTheirExamplesPredictorCall() {
        Predict program = qa(echoingModel());
        List<List<TraceEntry>> seen = new CopyOnWriteArrayList<>();
        Metric recording = (gold, prediction, trace) -> {
            seen.add(trace.entries());
            List<TraceEntry> entries = trace.entries();
            boolean own = entries.size() == 1 && entries.get(0).inputs().equals(gold.inputs());
            return MetricResult.of(own);
        };

        EvaluationResult async = Evaluate.builder(numbered(8), recording)
                .progress(false)
                .concurrency(4)
                .build()
                .run(program);
        EvaluationResult blocking = Evaluate.builder(numbered(8), recording)
                .progress(false)
                .concurrency(4)
                .build()
                .run(new BlockingProgram(program));

        assertEquals(16, seen.size());
        for (EvaluationResult result : List.of(async, blocking)) {
            assertEquals(1.0, result.score(), "each metric saw exactly its own example's call");
            TraceEntry entry = result.results().get(5).trace().get(0);
            assertSame(program, entry.predictor());
            assertEquals(Map.of("question", "Q5"), entry.inputs());
            assertEquals("A5", entry.prediction().get("answer").orElseThrow());
        }
    }

    @Test
    void aMetricThatThrowsFailsItsExampleButKeepsThePrediction() {
        Metric picky = (gold, prediction, trace) -> {
            if (gold.get("question").orElseThrow().equals("Q2")) {
                throw new IllegalArgumentException("cannot score Q2");
            }
            return MetricResult.of(1.0);
        };

        EvaluationResult result =
                Evaluate.builder(numbered(4), picky).progress(false).build().run(qa(echoingModel()));

        assertEquals(0.75, result.score());
        ExampleResult failed = result.failures().get(0);
        assertEquals(2, failed.index());
        assertEquals(ExampleResult.Stage.METRIC, failed.failedIn().orElseThrow());
        assertEquals("A2", failed.prediction().orElseThrow().get("answer").orElseThrow());
        assertEquals("cannot score Q2", failed.failure().orElseThrow().getMessage());
    }

    @Test
    void usageAndCostSpentByTheRunAreCounted() {
        CountingModel model = new CountingModel(echoingModel(), 0);

        // $10 per million prompt tokens: 100 tokens cost $0.001 a call
        PriceTable prices = PriceTable.empty().with("counting", "10", "0");

        EvaluationResult result = evaluate(numbered(5)).prices(prices).build().run(qa(model));

        assertEquals(5, result.usage().calls());
        assertEquals(500, result.usage().promptTokens());
        assertEquals(0, new BigDecimal("0.005").compareTo(result.usage().costUsd()));
        String summary = result.toString();
        assertTrue(
                summary.matches("Average metric: 5\\.0 / 5 \\(100\\.0%\\), 0 failed, 5 calls, \\$0\\.0050, "
                        + "p50 \\d+ ms, p95 \\d+ ms"),
                summary);
        assertTrue(result.latencyP95().compareTo(result.latencyP50()) >= 0);
    }

    @Test
    void callOptionsReachTheProgram() {
        Predict noModel = new Predict(QA);

        EvaluationResult result = evaluate(numbered(3)).build().run(noModel, CallOptions.model(echoingModel()));

        assertEquals(1.0, result.score());
        assertTrue(noModel.model().isEmpty(), "the program is not changed");
    }

    @Test
    void jsonAndCsvExportsRoundTrip() throws IOException {
        List<Example> devset = numbered(4);
        devset.set(1, devset.get(1).with("answer", "wrong, \"quoted\"\nanswer"));
        devset.set(3, devset.get(3).with("question", "Q3 #sim-fault:500"));
        ScriptedModel model = ScriptedModel.answering(request -> {
            String q = question(request);
            if (q.contains("#sim-fault")) {
                throw new IllegalStateException("injected failure");
            }
            return ScriptedModel.chatAnswer("answer", "A" + q.substring(1));
        });
        EvaluationResult result = evaluate(devset).build().run(qa(model));
        Path json = dir.resolve("out/results.json");
        Path csv = dir.resolve("out/results.csv");

        result.writeJson(json);
        result.writeCsv(csv);

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(4, root.get("summary").get("examples").asInt());
        assertEquals(0.5, root.get("summary").get("score").asDouble());
        assertEquals(1, root.get("summary").get("failed").asInt());
        assertEquals(result.toString(), root.get("summary").get("summary").asText());
        JsonNode rows = root.get("results");
        assertEquals(4, rows.size());
        assertEquals("SCORED", rows.get(0).get("status").asText());
        assertEquals("A0", rows.get(0).get("prediction").get("answer").asText());
        assertEquals("Q0", rows.get(0).get("example").get("question").asText());
        assertEquals("question", rows.get(0).get("input_keys").get(0).asText());
        assertEquals(1.0, rows.get(0).get("score").asDouble());
        assertEquals(
                "FactoidQa", rows.get(0).get("trace").get(0).get("signature").asText());
        assertEquals(
                "wrong, \"quoted\"\nanswer",
                rows.get(1).get("example").get("answer").asText());
        assertEquals(0.0, rows.get(1).get("score").asDouble());
        assertEquals("FAILED", rows.get(3).get("status").asText());
        assertTrue(rows.get(3).get("prediction").isNull());
        assertEquals(
                "IllegalStateException: injected failure",
                rows.get(3).get("error").asText());
        assertEquals("PROGRAM", rows.get(3).get("failed_in").asText());

        Dataset back = Datasets.csv(csv).load();
        assertEquals(5, back.size(), "4 rows and the summary");
        assertEquals(
                "index,question,example_answer,pred_answer,score,feedback,status,error,latency_ms",
                Files.readAllLines(csv).get(0));
        assertEquals(
                "wrong, \"quoted\"\nanswer", back.get(1).get("example_answer").orElseThrow());
        assertEquals("A1", back.get(1).get("pred_answer").orElseThrow());
        assertEquals("0.0", back.get(1).get("score").orElseThrow());
        assertEquals("FAILED", back.get(3).get("status").orElseThrow());
        assertFalse(back.get(3).has("pred_answer"), "no prediction: an empty cell");
        assertEquals(
                "IllegalStateException: injected failure",
                back.get(3).get("error").orElseThrow());
        assertEquals("summary", back.get(4).get("index").orElseThrow());
        assertEquals("0.5", back.get(4).get("score").orElseThrow());
        assertEquals(result.toString(), back.get(4).get("feedback").orElseThrow());
        try (var files = Files.list(dir.resolve("out"))) {
            assertEquals(
                    Set.of("results.json", "results.csv"),
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()),
                    "no temporary file left");
        }
    }

    @Test
    void tableShowsInputsOutputsAndScoresWithLongCellsCut() {
        List<Example> devset = numbered(3);
        devset.set(
                0,
                Example.of("question", "Q0 " + "very long question ".repeat(5), "answer", "A0")
                        .withInputs("question"));
        ScriptedModel model = ScriptedModel.answering(request -> ScriptedModel.chatAnswer(
                "answer",
                question(request).startsWith("Q1")
                        ? "wrong"
                        : "A" + question(request).substring(1, 2)));

        EvaluationResult result = evaluate(devset).build().run(qa(model));
        String table = result.table(2);

        List<String> lines = table.lines().toList();
        assertEquals(5, lines.size(), table);
        assertTrue(lines.get(0).matches("# \\| question +\\| example_answer \\| pred_answer \\| score"), table);
        assertTrue(lines.get(1).startsWith("--+-"), table);
        assertTrue(lines.get(2).startsWith("0 | Q0 very long question very long quest... | A0"), table);
        assertTrue(lines.get(2).endsWith("| 1.0"), table);
        assertTrue(lines.get(3).contains("| wrong ") && lines.get(3).endsWith("| 0.0"), table);
        assertEquals("... 1 more row not displayed ...", lines.get(4));
        assertEquals(
                List.of("... 3 more rows not displayed ..."),
                result.table(0).lines().skip(2).toList());
    }

    @Test
    void progressBarShowsTheRunningScore() {
        List<String> lines = new CopyOnWriteArrayList<>();

        evaluate(numbered(3)).progressLines(lines::add).build().run(qa(echoingModel()));

        assertTrue(
                lines.stream()
                        .anyMatch(line -> line.contains("Evaluate")
                                && line.contains("3/3")
                                && line.contains("Average Metric: 3.00 / 3 (100.0%)")),
                String.join("\n", lines));
    }

    @Test
    void builderRejectsUnusableDevSets() {
        Metric metric = Metrics.exactMatch("answer");
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> Evaluate.builder(List.of(), metric).build())
                .getMessage()
                .contains("the dev set is empty"));
        IllegalArgumentException unmarked = assertThrows(
                IllegalArgumentException.class,
                () -> Evaluate.builder(
                                List.of(
                                        Example.of("question", "q").withInputs("question"),
                                        Example.of("question", "q2")),
                                metric)
                        .build());
        assertTrue(unmarked.getMessage().contains("#1"), unmarked.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Evaluate.builder(numbered(1), metric).concurrency(0));
        assertThrows(
                IllegalArgumentException.class,
                () -> Evaluate.builder(numbered(1), metric).maxErrors(0));
        Evaluate defaults = Evaluate.builder(numbered(1), metric).build();
        assertEquals(Evaluate.DEFAULT_CONCURRENCY, defaults.concurrency());
        assertEquals(Integer.MAX_VALUE, defaults.maxErrors());
        assertEquals(0, defaults.displayTable());
        assertNotNull(defaults.toString());
    }
}
