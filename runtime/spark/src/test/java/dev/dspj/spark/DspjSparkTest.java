package dev.dspj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.EvaluationResult;
import dev.dspj.evaluate.Metrics;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.Transport;
import dev.dspj.module.CallOptions;
import dev.dspj.module.Parallel;
import dev.dspj.module.ParallelResult;
import dev.dspj.primitives.Example;
import dev.dspj.sim.ReceivedRequest;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.state.ProgramState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DSPJ programs over DataFrames on {@code local[2]}, against the simulated model on loopback. */
class DspjSparkTest {

    private static final String KEY = "sk-test-4f1d2a9b7c3e";
    private static final StructType QUESTIONS =
            new StructType().add("id", DataTypes.LongType, false).add("question", DataTypes.StringType, true);
    private static final StructType LABELED = QUESTIONS.add("answer", DataTypes.StringType, true);

    private static SimulatedModelServer server;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        server = SimulatedModelServer.builder()
                .latencyScale(0)
                .requireApiKey(KEY)
                .requestLogCapacity(10_000)
                .build()
                .start();
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("dspj-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    private static DspjSpark qa() {
        return DspjSpark.program(QaProgram.class)
                .signature(QaProgram.QA)
                .model("openai/sim-small")
                .baseUrl(server.baseUrl())
                .apiKey(KEY);
    }

    private static HttpLanguageModel localModel() {
        return HttpLanguageModel.builder("openai/sim-small")
                .baseUrl(server.baseUrl())
                .apiKey(KEY)
                .cache(ResponseCache.none())
                .build();
    }

    private static List<Example> factoid(int n) {
        return SimTasks.factoidQa().toExamples().subList(0, n);
    }

    private static Dataset<Row> questions(List<Example> examples, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            rows.add(RowFactory.create((long) i, examples.get(i).getString("question")));
        }
        return spark.createDataFrame(rows, QUESTIONS).repartition(partitions);
    }

    private static Dataset<Row> labeled(List<Example> examples, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            rows.add(RowFactory.create(
                    (long) i,
                    examples.get(i).getString("question"),
                    examples.get(i).getString("answer")));
        }
        return spark.createDataFrame(rows, LABELED).repartition(partitions);
    }

    private static Map<Long, Row> byId(List<Row> rows) {
        Map<Long, Row> out = new HashMap<>();
        for (Row row : rows) {
            Row previous = out.put(row.getLong(0), row);
            assertNull(previous, () -> "row " + row.getLong(0) + " came out twice");
        }
        return out;
    }

    @Test
    void everyRowComesOutOnceWithTheAnswersOfALocalRun() {
        List<Example> examples = factoid(120);
        int before = ExecutorRuntime.created();

        Dataset<Row> answered = qa().inFlight(8).apply(questions(examples, 4));
        List<Row> rows = answered.collectAsList();

        assertEquals(List.of("id", "question", "answer", "_error"), List.of(answered.columns()));
        Map<Long, Row> byId = byId(rows);
        assertEquals(examples.size(), byId.size());
        ParallelResult local = new Parallel(8)
                .run(new QaProgram(), examples.stream().map(Example::inputs).toList(), CallOptions.model(localModel()));
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < examples.size(); i++) {
            Row row = byId.get((long) i);
            assertEquals(examples.get(i).getString("question"), row.getString(1), "the input column is kept");
            assertNull(row.get(3), () -> "row " + row + " failed");
            String expected = (String)
                    local.outcomes().get(i).prediction().orElseThrow().values().get("answer");
            assertEquals(expected, row.getString(2), "row " + i);
            distinct.add(row.getString(2));
        }
        assertTrue(distinct.size() > 10, "the answers differ by question: " + distinct.size());
        // local mode: one executor JVM, so one client and program for the four partitions
        assertEquals(1, ExecutorRuntime.created() - before);
    }

    @Test
    void aGeneratedPredictorsSignatureIsReadFromIt() {
        List<Example> examples = factoid(20);
        DspjSpark predictor = DspjSpark.program(FactoidPredictor.class.getName())
                .model("openai/sim-small")
                .baseUrl(server.baseUrl())
                .apiKey(KEY);

        List<Row> rows = predictor.apply(questions(examples, 2)).collectAsList();
        SparkEvaluation evaluation = predictor.evaluate(labeled(examples, 2), SparkMetric.f1("answer"));

        Map<Long, Row> byId = byId(rows);
        assertEquals(20, byId.size());
        byId.values().forEach(row -> assertNull(row.get(3), () -> "row " + row + " failed"));
        EvaluationResult local = Evaluate.builder(
                        examples.stream().map(e -> e.withInputs("question")).toList(), Metrics.f1("answer"))
                .progress(false)
                .build()
                .run(new FactoidPredictor(), CallOptions.model(localModel()));
        assertEquals(local.score(), evaluation.score(), 1e-9);
        assertEquals(20, evaluation.examples());
    }

    @Test
    void aProgramWithoutAnAsynchronousPathRunsOnTheExecutorsPool() {
        List<Example> examples = factoid(30);
        List<Row> rows = DspjSpark.program(QaProgram.Blocking.class)
                .signature(QaProgram.QA)
                .model("openai/sim-small")
                .baseUrl(server.baseUrl())
                .apiKey(KEY)
                .transport(Transport.JDK)
                .temperature(0.0)
                .maxTokens(500)
                .timeout(java.time.Duration.ofSeconds(20))
                .maxConcurrency(8)
                .inFlight(4)
                .apply(questions(examples, 2))
                .collectAsList();
        Map<Long, Row> byId = byId(rows);
        assertEquals(30, byId.size());
        byId.values().forEach(row -> {
            assertNull(row.get(3), () -> "row " + row + " failed");
            assertFalse(row.getString(2).isBlank());
        });
    }

    @Test
    void failedRowsKeepTheirPlaceWithTheErrorAndNoOutputs() {
        List<Example> examples = new ArrayList<>(factoid(40));
        Set<Integer> faulty = Set.of(3, 17, 31);
        for (int i : faulty) {
            Example example = examples.get(i);
            examples.set(i, example.with("question", example.getString("question") + " #sim-fault:500x9"));
        }

        List<Row> rows =
                qa().maxRetries(0).inFlight(6).apply(questions(examples, 3)).collectAsList();

        Map<Long, Row> byId = byId(rows);
        assertEquals(40, byId.size());
        for (int i = 0; i < 40; i++) {
            Row row = byId.get((long) i);
            if (faulty.contains(i)) {
                assertNull(row.get(2), "no answer for a failed row");
                String error = row.getString(3);
                assertTrue(error.contains("500"), error);
                assertFalse(error.contains(KEY), error);
            } else {
                assertNull(row.get(3), () -> "row " + row + " failed");
                assertFalse(row.getString(2).isBlank());
            }
        }
    }

    @Test
    void aMissingOrMistypedColumnIsNamedBeforeAnyTaskRuns() {
        StructType renamed = new StructType().add("id", DataTypes.LongType).add("q", DataTypes.StringType);
        Dataset<Row> wrongName = spark.createDataFrame(List.of(RowFactory.create(1L, "Where?")), renamed);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> qa().apply(wrongName));
        assertEquals(
                "DspjSpark(QaProgram): the DataFrame has no column \"question\" for the input field question (str); "
                        + "its columns are [id, q]",
                missing.getMessage());

        StructType numeric = new StructType().add("question", DataTypes.IntegerType);
        Dataset<Row> wrongType = spark.createDataFrame(List.of(RowFactory.create(7)), numeric);
        IllegalArgumentException mistyped = assertThrows(
                IllegalArgumentException.class, () -> qa().evaluate(wrongType, SparkMetric.exactMatch("answer")));
        assertEquals(
                "DspjSpark(QaProgram): column \"question\" is int, but the input field question (str) needs a string column",
                mistyped.getMessage());

        Dataset<Row> withLabels = labeled(factoid(2), 1);
        IllegalArgumentException clash = assertThrows(IllegalArgumentException.class, () -> qa().apply(withLabels));
        assertTrue(clash.getMessage().contains("already has a column \"answer\""), clash.getMessage());
        assertEquals(
                List.of("id", "question", "answer", "pred_answer", "_error"),
                List.of(qa().outputPrefix("pred_").apply(withLabels).columns()));

        IllegalStateException noModel = assertThrows(
                IllegalStateException.class,
                () -> DspjSpark.program(QaProgram.class).signature(QaProgram.QA).apply(questions(factoid(1), 1)));
        assertTrue(noModel.getMessage().contains("no model"), noModel.getMessage());

        IllegalArgumentException noSignature = assertThrows(
                IllegalArgumentException.class,
                () -> DspjSpark.program(QaProgram.class)
                        .model("openai/sim-small")
                        .apply(questions(factoid(1), 1)));
        assertTrue(noSignature.getMessage().contains("call signature(descriptor)"), noSignature.getMessage());

        IllegalStateException noClass = assertThrows(
                IllegalStateException.class,
                () -> DspjSpark.program("com.example.NoSuchProgram")
                        .model("openai/sim-small")
                        .apply(questions(factoid(1), 1)));
        assertTrue(noClass.getMessage().contains("com.example.NoSuchProgram: no such class"), noClass.getMessage());
    }

    @Test
    void evaluateGivesTheScoreOfTheLocalEvaluate() {
        List<Example> examples = factoid(150);
        List<Example> devset =
                examples.stream().map(e -> e.withInputs("question")).toList();
        EvaluationResult local = Evaluate.builder(devset, Metrics.exactMatch("answer"))
                .progress(false)
                .concurrency(8)
                .build()
                .run(new QaProgram(), CallOptions.model(localModel()));

        SparkEvaluation result = qa().inFlight(8).evaluate(labeled(examples, 3), SparkMetric.exactMatch("answer"));

        assertEquals(150, result.examples());
        assertEquals(local.total(), result.total());
        assertEquals(local.score(), result.score(), 1e-12);
        assertEquals(local.percent(), result.percent());
        assertEquals(0, result.failed());
        assertTrue(result.score() > 0.05 && result.score() < 0.999, "a score between the extremes: " + result);
    }

    @Test
    void theSavedStateIsShippedToTheExecutors(@TempDir Path dir) throws IOException {
        QaProgram tuned = new QaProgram();
        tuned.namedPredictors().get(0).predictor().setInstructions("Answer tersely; tuned-marker-42.");
        Path state = dir.resolve("qa.json");
        ProgramState.save(tuned, state);
        server.clearRequestLog();

        List<Row> rows = qa().state(state).apply(questions(factoid(5), 1)).collectAsList();

        assertEquals(5, rows.size());
        List<ReceivedRequest> requests = server.requestsReceived();
        assertEquals(5, requests.size());
        requests.forEach(request -> assertTrue(request.body().contains("tuned-marker-42"), request.body()));

        Files.writeString(dir.resolve("bad.json"), "{not json");
        IllegalStateException bad = assertThrows(
                IllegalStateException.class,
                () -> qa().state(dir.resolve("bad.json")).apply(questions(factoid(1), 1)));
        assertTrue(bad.getMessage().contains("cannot read it as JSON"), bad.getMessage());
        IllegalArgumentException none =
                assertThrows(IllegalArgumentException.class, () -> qa().state(dir.resolve("none.json")));
        assertTrue(none.getMessage().endsWith("none.json: the file does not exist"), none.getMessage());
    }

    @Test
    void theJobsRequestRateStaysWithinItsLimit() {
        int perMinute = 120;
        int rows = perMinute + 6;
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            examples.add(Example.of("question", "Rate question number " + i + "?"));
        }
        server.clearRequestLog();
        long started = System.nanoTime();

        List<Row> out = qa().cache(false)
                .inFlight(8)
                .requestsPerMinute(perMinute)
                .apply(questions(examples, 2))
                .collectAsList();

        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(rows, byId(out).size());
        List<Instant> times = server.requestsReceived().stream()
                .map(ReceivedRequest::receivedAt)
                .sorted()
                .toList();
        assertEquals(rows, times.size());
        // a budget of 120 a minute, refilled continuously with a minute's worth saved up: the first 120 at
        // once, then one every half second; by the k-th request at most 120 + 2 per second have been sent
        Instant first = times.get(0);
        for (int k = 0; k < times.size(); k++) {
            double elapsed = (times.get(k).toEpochMilli() - first.toEpochMilli()) / 1000.0;
            assertTrue(
                    k + 1 <= perMinute + elapsed * perMinute / 60.0 + 1,
                    "request #" + (k + 1) + " sent " + elapsed + " s after the first");
        }
        assertTrue(seconds >= 2.5, "the 6 requests past the budget wait about 3 s; took " + seconds + " s");
    }

    @Test
    void theKeyIsNeverInTheShippedTaskNorPrinted() throws IOException {
        DspjSpark program = qa().requestsPerMinute(6000).tokensPerMinute(1_000_000);
        StructType schema = QUESTIONS;
        ExecutorSpec spec = program.shipped(spark.sparkContext(), schema);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new ApplyPartition(spec, List.of(), 2));
        }
        String serialized = new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1);
        assertFalse(serialized.contains(KEY), "the serialized task holds the key in clear text");
        assertTrue(serialized.contains("sim-small"), "the serialized task holds the settings");
        assertFalse(program.toString().contains(KEY), program.toString());
        assertFalse(spec.toString().contains(KEY), spec.toString());
        assertFalse(spec.cacheKey().contains(KEY), spec.cacheKey());
        assertTrue(program.toString().contains("apiKey=****"), program.toString());
        // local mode: one executor JVM gets the whole job's limits
        assertEquals(6000, spec.requestsPerMinute());
        assertEquals(1_000_000, spec.tokensPerMinute());
        assertEquals(
                1500, program.executors(4).shipped(spark.sparkContext(), schema).requestsPerMinute());

        // the key reaches the model: the server requires it
        server.clearRequestLog();
        assertEquals(
                2,
                program.apply(questions(factoid(2), 1)).filter("_error IS NULL").count());
        server.requestsReceived()
                .forEach(request -> assertEquals(
                        "Bearer " + KEY, request.header("authorization").orElseThrow()));
        List<Row> wrongKey = DspjSpark.program(QaProgram.class)
                .signature(QaProgram.QA)
                .model("openai/sim-small")
                .baseUrl(server.baseUrl())
                .apiKey("sk-wrong-key-0000")
                .maxRetries(0)
                .apply(questions(factoid(1), 1))
                .collectAsList();
        String error = wrongKey.get(0).getString(3);
        assertTrue(error != null && !error.contains("sk-wrong-key-0000"), String.valueOf(error));

        // a key read from the executor's environment: a variable that is not set fails the job, naming it
        Exception unset = assertThrows(
                Exception.class,
                () -> qa().apiKeyFromEnv("DSPJ_SPARK_TEST_UNSET_KEY")
                        .apply(questions(factoid(1), 1))
                        .collectAsList());
        assertTrue(
                String.valueOf(unset.getMessage())
                        .contains("the executor's environment has no DSPJ_SPARK_TEST_UNSET_KEY"),
                unset.getMessage());
        assertTrue(qa().apiKeyFromEnv("OPENAI_API_KEY").toString().contains("apiKey=$OPENAI_API_KEY"));
    }
}
