package dev.dspj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.optimize.OptimizerReport;
import dev.dspj.sim.SimExample;
import dev.dspj.sim.SimModelProfile;
import dev.dspj.sim.SimTask;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Miniature runs of issue 4's two benchmarks ({@link EvaluateThroughput}, {@link RandomSearchBench}),
 * checking that they do what they claim, not how fast: every example is scored, the optimizer
 * scores every candidate and reports what it spent, and the ceilings are computed for the right
 * program shape.
 */
class EvaluationBenchmarksTest {

    @Test
    void firstEvaluationRoundMeasuresOneEvaluationAgainstAServerElsewhere() {
        SimTask task = EvaluateThroughput.distinctTask("arithmetic", 60);
        try (dev.dspj.sim.SimulatedModelServer server = dev.dspj.sim.SimulatedModelServer.builder()
                .task(task)
                .model(EvaluateThroughput.MODEL)
                .fixedLatency(Duration.ofMillis(1))
                .build()
                .start()) {
            java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
            java.io.PrintStream stdout = System.out;
            System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                FirstEvaluationRound.main(new String[] {"measure", server.baseUrl(), "60", "8", "1"});
            } catch (InterruptedException | java.io.IOException e) {
                throw new AssertionError(e);
            } finally {
                System.setOut(stdout);
            }
            String line =
                    printed.toString(java.nio.charset.StandardCharsets.UTF_8).strip();
            assertTrue(line.startsWith("RESULT {"), line);
            assertTrue(line.contains("\"scored\":60,\"failed\":0"), line);
            assertTrue(line.contains("\"ideal_s\":0.008"), "60 / 8 x 1 ms, written with 3 decimals: " + line);
            assertEquals(60, server.requestCount(), "one request per example, each reaching the server");
        }
    }

    @Test
    void evaluateHarnessScoresEveryExampleOverHttp() {
        try (EvaluateThroughput.Rig rig = new EvaluateThroughput.Rig("arithmetic", 200, 16, Duration.ofMillis(1), 32)) {
            EvaluateThroughput.Round round = rig.run();
            assertEquals(200, round.examples());
            assertEquals(200, round.scored(), "every example is scored");
            assertEquals(0, round.failed());
            assertEquals(200, round.calls(), "one model call per example, none from a cache");
            assertEquals(200, round.serverRequests(), "every call reached the server");
            assertTrue(round.score() > 0 && round.score() < 1, "zero-shot sim-small gets some right: " + round.score());
            assertEquals(16, round.peakInFlight(), "the client's limit of 16 in flight fills and holds");
            assertEquals(0, rig.model().limiter().inFlight());
            assertTrue(round.latencyP50Nanos() >= Duration.ofMillis(1).toNanos());
            assertTrue(round.peakHeapBytes() > 0);
            assertTrue(round.peakThreads() > 0);
            assertTrue(
                    round.threadsAtPeak().containsKey("server: request pool"),
                    round.threadsAtPeak().toString());
            assertTrue(rig.expectedScore() > 0 && rig.expectedScore() < 1);
        }
    }

    @Test
    void distinctTasksHaveUniqueQuestionsAcrossSeeds() {
        for (String kind : new String[] {"arithmetic", "factoid"}) {
            SimTask task = EvaluateThroughput.distinctTask(kind, 6_000);
            assertEquals(6_000, task.size(), kind + " needs a second seed beyond 5,000 examples");
            Set<String> questions = new HashSet<>();
            Set<String> ids = new HashSet<>();
            for (SimExample example : task.examples()) {
                assertTrue(
                        questions.add(example.inputs().get("question").strip().toLowerCase(Locale.ROOT)));
                assertTrue(ids.add(example.id()));
            }
            assertTrue(task.examples().stream().anyMatch(e -> e.id().startsWith("s2-")), "the second seed is used");
        }
    }

    @Test
    void randomSearchHarnessScoresEveryCandidateAndReports() {
        RandomSearchBench.Result result = RandomSearchBench.run(2, 20, 20, 20, 0.0, SimModelProfile.SMALL);
        OptimizerReport report = result.report();
        assertEquals(OptimizerReport.COMPLETED, report.stoppedReason());
        assertEquals(5, report.candidates().size(), "2 shuffled candidates and DSPy's 3 baselines");
        assertEquals(-3, report.candidates().get(0).seed());
        assertNotNull(report.bestCandidate());
        assertTrue(report.calls() >= 5 * 20, "every candidate is scored on every dev example: " + report.calls());
        assertTrue(report.totalTokens() > 0);
        assertTrue(report.costUsd().signum() > 0);
        assertTrue(report.bootstrapAttempts() > 0);
        assertFalse(report.summary().isBlank());
        assertTrue(result.wallNanos() > 0);

        assertEquals(20, result.dev().scored().size(), "the returned program is scored on every dev example");
        assertEquals(0, result.dev().failures().size());
        assertEquals(
                report.bestScore().orElseThrow(),
                result.dev().score(),
                1e-9,
                "the dev set is the valset: the returned program scores what the search saw");
        assertEquals(20, result.heldOutBest().scored().size());
        assertEquals(20, result.heldOutZeroShot().scored().size());
        assertTrue(result.demos() > 0);

        assertFalse(result.readConditions().reasoning(), "Predict asks for no reasoning field");
        assertEquals(0, result.readConditions().hintsFound(), "the instructions carry no hint phrase");
        assertTrue(result.shapeBestDev() < result.bestAchievableDev());
        assertTrue(result.expectedZeroShotDev() < result.shapeBestDev());
        assertEquals(SimModelProfile.SMALL, result.bestAchievable().profile());
    }
}
