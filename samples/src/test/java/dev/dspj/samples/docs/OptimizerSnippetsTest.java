package dev.dspj.samples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.Dspj;
import dev.dspj.data.Dataset;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.Metric;
import dev.dspj.evaluate.MetricResult;
import dev.dspj.evaluate.Metrics;
import dev.dspj.execution.RunRecord;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.module.Module;
import dev.dspj.optimize.Copro;
import dev.dspj.optimize.Gepa;
import dev.dspj.optimize.MiproV2;
import dev.dspj.optimize.Simba;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import dev.dspj.sim.SimMetrics;
import dev.dspj.sim.SimTask;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModel;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.state.ProgramState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java snippets of {@code docs/optimizers.md}, run against DSPJ's simulated model over
 * loopback HTTP. The first snippet defines what the page's others use ({@code task},
 * {@code trainset}, {@code valset}, {@code qa}); the class sets up the same for the other tests
 * (and the first test checks that they are the same). Every optimized program is saved, loaded
 * into a fresh predictor and scored on held-out examples.
 */
class OptimizerSnippetsTest {

    /** What the page's first snippet defines, for the other snippets. */
    static SimulatedModelServer sim;

    static LanguageModel taskModel;
    static SimTask task;
    static Dataset trainset;
    static Dataset valset;
    static QuestionAnswerPredictor qa;
    /** Held-out examples: after the training and validation ones. */
    static Dataset heldOut;

    @BeforeAll
    static void setUp() throws Exception {
        sim = SimulatedModelServer.builder().latencyScale(0.1).build().start();
        taskModel = HttpLanguageModel.builder("sim/sim-small")
                .baseUrl(sim.baseUrl())
                .cache(ResponseCache.memory(100_000))
                .build();
        Dspj.configure(taskModel);
        task = SimTasks.factoidQa();
        trainset = task.dataset().take(60);
        valset = task.dataset().skip(60).take(40);
        qa = QuestionAnswerPredictor.predict();
        heldOut = task.dataset().skip(100).take(100);
        ReadmeSnippetsTest.deleteSqlite(Path.of("runs.db"));
    }

    @AfterAll
    static void tearDown() {
        Dspj.configure(null);
        taskModel.close();
        sim.close();
    }

    private static double score(Module program, List<Example> examples, String field) {
        return Evaluate.builder(examples, Metrics.exactMatch(field))
                .progress(false)
                .build()
                .run(program)
                .score();
    }

    /** Loads a saved question answerer into a fresh predictor and scores it on the held-out examples. */
    private static double heldOutScoreOfSaved(Path file) throws Exception {
        QuestionAnswerPredictor loaded = QuestionAnswerPredictor.predict();
        ProgramState.load(loaded, file);
        return score(loaded, heldOut, "answer");
    }

    @Test
    void resultsAndOptions() throws Exception {
        // snippet:results
        // DSPJ's simulated model on a loopback port; its sim-small runs every program on this page
        SimulatedModelServer sim =
                SimulatedModelServer.builder().latencyScale(0.1).build().start();
        Dspj.configure(HttpLanguageModel.builder("sim/sim-small")
                .baseUrl(sim.baseUrl())
                .cache(ResponseCache.memory(100_000))
                .build());
        SimTask task = SimTasks.factoidQa(); // its factoid QA task: question -> answer, examples and hints
        Dataset trainset = task.dataset().take(60);
        Dataset valset = task.dataset().skip(60).take(40);
        QuestionAnswerPredictor qa = QuestionAnswerPredictor.predict(); // "Answer the question."

        Copro copro = Copro.builder(Metrics.exactMatch("answer"))
                .promptModel(SimulatedModel.of("sim-large")) // the same engine, in process
                .breadth(4)
                .depth(2)
                .build();
        Copro.Result<QuestionAnswerPredictor> result = copro.compileWithResult(qa, trainset);
        QuestionAnswerPredictor optimized = result.program(); // the student's type; qa itself is unchanged
        System.out.println(result.report().summary());
        System.out.println(result.report().options());
        // {"breadth":4,"depth":2,"initTemperature":1.4,...,"run":{"promptModel":"sim-large","seed":0,...}}
        // end-snippet
        try {
            assertEquals(OptimizerSnippetsTest.trainset, trainset, "the other tests' trainset is the page's");
            assertEquals(OptimizerSnippetsTest.valset, valset);
            assertEquals(OptimizerSnippetsTest.task.name(), task.name());
            assertEquals(OptimizerSnippetsTest.qa.instructions(), qa.instructions());
            assertEquals("Answer the question.", qa.instructions(), "the student is unchanged");
            assertEquals(
                    "{\"breadth\":4,\"depth\":2,\"initTemperature\":1.4,\"trackStats\":false,\"maxErrors\":10,"
                            + "\"run\":{\"promptModel\":\"sim-large\",\"taskModel\":null,\"seed\":0,\"numThreads\":null,"
                            + "\"callBudget\":0,\"costBudgetUsd\":0.0,\"record\":null}}",
                    result.report().options(),
                    "the options the snippet's comment shows");
            assertEquals(
                    optimized.instructions(),
                    result.candidates().stream()
                            .max(java.util.Comparator.comparingDouble(Copro.Candidate::score))
                            .orElseThrow()
                            .instruction());
        } finally {
            Dspj.configure(taskModel);
            sim.close();
        }
    }

    @Test
    void copro() throws Exception {
        Files.deleteIfExists(Path.of("sentiment-copro.json"));
        // snippet:copro
        Dataset reviews = SimTasks.sentiment().dataset(); // the simulated sentiment task: review -> sentiment
        ReviewSentimentPredictor student = ReviewSentimentPredictor.predict(); // no hint of sarcasm or overall tone
        try (RunRecord record = RunRecord.sqlite(Path.of("runs.db"), "copro-sentiment-seed-0")) {
            Copro copro = Copro.builder(Metrics.exactMatch("sentiment"))
                    .promptModel(SimulatedModel.of("sim-large")) // proposes; by default the student's model
                    .breadth(10)
                    .depth(3)
                    .initTemperature(1.4) // DSPy's defaults
                    .trackStats(true)
                    .callBudget(2_000)
                    .record(record)
                    .build();
            Copro.Result<ReviewSentimentPredictor> result = copro.compileWithResult(student, reviews.take(40));
            ReviewSentimentPredictor optimized = result.program(); // the student's type
            System.out.println(result.report().summary());
            result.statistics().forEach((path, stats) -> System.out.println(path + " " + stats.resultsBest()));
            ProgramState.save(optimized, Path.of("sentiment-copro.json"));
        }
        // end-snippet
        ReviewSentimentPredictor loaded = ReviewSentimentPredictor.predict();
        ProgramState.load(loaded, Path.of("sentiment-copro.json"));
        Dataset heldOutReviews = reviews.skip(100).take(100);
        double before = score(student, heldOutReviews, "sentiment");
        double after = score(loaded, heldOutReviews, "sentiment");
        assertTrue(after > before + 0.1, before + " -> " + after + ": " + loaded.instructions());
    }

    @Test
    void miproV2() throws Exception {
        Files.deleteIfExists(Path.of("qa-mipro.json"));
        // snippet:mipro
        try (RunRecord record = RunRecord.sqlite(Path.of("runs.db"), "mipro-qa-seed-9")) {
            MiproV2 mipro = MiproV2.builder(Metrics.exactMatch("answer"))
                    .auto(MiproV2.Auto.LIGHT) // DSPy's default preset
                    .promptModel(SimulatedModel.of("sim-large")) // writes summaries and instructions
                    .valset(valset) // else the last 80% of the trainset
                    .callBudget(5_000)
                    .record(record)
                    .build();
            MiproV2.Result<QuestionAnswerPredictor> result = mipro.compileWithResult(qa, trainset);
            QuestionAnswerPredictor optimized = result.program();
            System.out.println(result.report().summary());
            result.trials().forEach(System.out::println); // every minibatch and full evaluation
            ProgramState.save(optimized, Path.of("qa-mipro.json"));
        }
        // end-snippet
        double before = score(qa, heldOut, "answer");
        double after = heldOutScoreOfSaved(Path.of("qa-mipro.json"));
        assertTrue(after > before + 0.2, before + " -> " + after);
    }

    @Test
    void simba() throws Exception {
        Files.deleteIfExists(Path.of("qa-simba.json"));
        // snippet:simba
        try (RunRecord record = RunRecord.sqlite(Path.of("runs.db"), "simba-qa-seed-3")) {
            Simba simba = Simba.builder(SimMetrics.exactMatchWithFeedback(task, "answer"))
                    .bsize(16)
                    .numCandidates(4)
                    .maxSteps(4)
                    .promptModel(SimulatedModel.of("sim-medium")) // writes the rules
                    .callBudget(2_000)
                    .record(record)
                    .seed(3)
                    .build();
            Simba.Result<QuestionAnswerPredictor> result = simba.compileWithResult(qa, trainset);
            QuestionAnswerPredictor optimized = result.program();
            System.out.println(result.report().summary());
            result.candidates()
                    .forEach(c -> System.out.println(c.index() + " " + c.description() + " minibatch "
                            + c.minibatchScore() + " train " + c.trainScore()));
            ProgramState.save(optimized, Path.of("qa-simba.json"));
        }
        // end-snippet
        double before = score(qa, heldOut, "answer");
        double after = heldOutScoreOfSaved(Path.of("qa-simba.json"));
        assertTrue(after > before + 0.1, before + " -> " + after);
    }

    @Test
    void gepa() throws Exception {
        Files.deleteIfExists(Path.of("qa-gepa.json"));
        // snippet:gepa
        try (RunRecord record = RunRecord.sqlite(Path.of("runs.db"), "gepa-qa-seed-0")) {
            Gepa gepa = Gepa.builder(SimMetrics.exactMatchWithFeedback(task, "answer"))
                    .maxMetricCalls(400) // or .auto(Gepa.Auto.LIGHT), or .maxFullEvals(4)
                    .reflectionModel(SimulatedModel.of("sim-large")) // required, as in DSPy
                    .valset(valset) // the trainset when absent
                    .record(record)
                    .seed(0)
                    .build();
            Gepa.Result<QuestionAnswerPredictor> result = gepa.compileWithResult(qa, trainset);
            QuestionAnswerPredictor optimized = result.program();
            System.out.println(result.details().report()); // every candidate, every iteration, the best's lineage
            ProgramState.save(optimized, Path.of("qa-gepa.json"));
        }
        // end-snippet
        double before = score(qa, heldOut, "answer");
        double after = heldOutScoreOfSaved(Path.of("qa-gepa.json"));
        assertTrue(after > before + 0.1, before + " -> " + after);
    }

    @Test
    void aMetricWithFeedbackOfYourOwn() {
        // snippet:feedback-metric
        Metric exactMatchWithFeedback = (gold, prediction, trace) -> {
            String expected = gold.getString("answer");
            String got = prediction.getString("answer");
            return Metrics.exactMatchScore(got, expected)
                    ? MetricResult.of(true)
                    : new MetricResult(0, "Incorrect: expected \"" + expected + "\", got \"" + got + "\".");
        };
        // end-snippet
        Example gold = Example.of("question", "Which city is the capital of Peltrineica?", "answer", "Halbruvik");
        MetricResult wrong =
                exactMatchWithFeedback.score(gold, new Prediction(Map.of("answer", "Roostburg"), null), null);
        assertEquals(0, wrong.score());
        assertEquals(
                "Incorrect: expected \"Halbruvik\", got \"Roostburg\".",
                wrong.feedbackText().orElseThrow());
        MetricResult right =
                exactMatchWithFeedback.score(gold, new Prediction(Map.of("answer", "halbruvik"), null), null);
        assertEquals(1, right.score());
        assertFalse(right.feedbackText().isPresent());
        assertNotEquals(wrong, right);
    }
}
