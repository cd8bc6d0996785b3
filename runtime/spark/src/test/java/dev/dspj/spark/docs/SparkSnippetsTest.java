package dev.dspj.spark.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dspj.data.Dataset;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.Metrics;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.primitives.Example;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.spark.DspjSpark;
import dev.dspj.spark.SparkEvaluation;
import dev.dspj.spark.SparkMetric;
import dev.dspj.state.ProgramState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Spark snippet, on local[2] against the simulated model over loopback HTTP. */
class SparkSnippetsTest {

    @TempDir
    Path dir;

    @Test
    void aGeneratedPredictorRunsOverADataFrameAndScoresAsLocally() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Dataset task = SimTasks.factoidQa().dataset().take(40);
        List<String> lines = new ArrayList<>();
        for (Example example : task) {
            lines.add(json.createObjectNode()
                    .put("question", example.getString("question"))
                    .put("answer", example.getString("answer"))
                    .toString());
        }
        Path questionsFile = Files.write(dir.resolve("questions.jsonl"), lines);
        Path stateFile = dir.resolve("factoid.json");
        ProgramState.save(FactoidQuestionPredictor.predict().withInstructions("Answer with a name only."), stateFile);
        SparkSession spark = SparkSession.builder()
                .master("local[2]")
                .appName("dspj-spark-snippet")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        try (SimulatedModelServer server =
                SimulatedModelServer.builder().latencyScale(0).build().start()) {
            String simUrl = server.baseUrl();
            // snippet:spark
            org.apache.spark.sql.Dataset<Row> questions =
                    spark.read().json(questionsFile.toString()); // question, answer
            DspjSpark qa = DspjSpark.program(
                            FactoidQuestionPredictor.class) // generated; a @Program adds .signature(..)
                    .state(stateFile) // its saved state, read here and shipped to the executors
                    .model("sim/sim-small") // or "openai/gpt-4o-mini" with .apiKeyFromEnv("OPENAI_API_KEY")
                    .baseUrl(simUrl)
                    .inFlight(16) // calls in flight per partition; one client per executor JVM
                    .requestsPerMinute(6_000); // for the whole job, split across the executors

            org.apache.spark.sql.Dataset<Row> answered =
                    qa.apply(questions.select("question")).persist();
            answered.show(2, false);
            // +---------------------------------------+--------------+------+
            // |question                               |answer        |_error|
            // +---------------------------------------+--------------+------+
            // |What is the capital of Loostloia?      |Lunvenshahaven|NULL  |   (in the order calls finish)

            SparkEvaluation score = qa.evaluate(questions, SparkMetric.exactMatch("answer"));
            System.out.println(score); // Average metric: 8.0 / 40 (20.0%), 0 failed: the local Evaluate's score
            // end-snippet
            assertEquals(40, answered.count());
            assertEquals(0, answered.filter("_error IS NOT NULL").count());
            assertTrue(server.lastRequestBody().contains("Answer with a name only."));
            try (HttpLanguageModel local = HttpLanguageModel.builder("sim/sim-small")
                    .baseUrl(simUrl)
                    .cache(ResponseCache.none())
                    .build()) {
                FactoidQuestionPredictor program = FactoidQuestionPredictor.predict();
                ProgramState.load(program, stateFile);
                double expected = Evaluate.builder(task, Metrics.exactMatch("answer"))
                        .displayTable(0)
                        .build()
                        .run(program.withModel(local))
                        .score();
                assertEquals(expected, score.score(), 1e-12);
                assertEquals(40, score.examples());
            }
        } finally {
            spark.stop();
        }
    }
}
