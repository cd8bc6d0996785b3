package dev.dspj.variable.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Measurements: their statistics, how two combine, their JSON, and the objectives and constraints over them. */
class MeasurementTest {

    private static Measurement withFailures(int examples, List<Failure> failures) {
        double[] latencies = new double[examples];
        java.util.Arrays.fill(latencies, 100);
        return new Measurement(
                examples, examples / 2.0, examples / 2.0, latencies, 4, 1, 1, 1, 1, 40, 8, 0.04, 0.03, failures, 2);
    }

    @Test
    void anEmptyMeasurementHasNeutralStatistics() {
        Measurement empty = Measurement.ofScores();
        assertEquals(0, empty.accuracy());
        assertEquals(0, empty.accuracyLow());
        assertEquals(0, empty.accuracyHigh());
        assertEquals(0, empty.costPerCall());
        assertEquals(0, empty.latencyP95Ms());
        assertEquals(1, empty.reliability(), "no call made, none failed");
    }

    @Test
    void oneExampleLeavesTheWholeIntervalOpen() {
        Measurement one = Measurement.ofScores(1);
        assertEquals(0, one.accuracyLow());
        assertEquals(1, one.accuracyHigh());
    }

    @Test
    void allEqualScoresStillHaveAnInterval() {
        Measurement perfect = Measurement.ofScores(1, 1, 1, 1);
        // the rule of three's spread: 1.96 * sqrt(0.75 / n / n)
        assertEquals(1 - 1.96 * Math.sqrt(0.75 / 4 / 4), perfect.accuracyLow(), 1e-12);
        assertEquals(1, perfect.accuracyHigh(), "clamped to 1 for scores within [0, 1]");
    }

    @Test
    void scoresAboveOneAreNotClamped() {
        Measurement points = Measurement.ofScores(2, 4);
        assertEquals(3, points.accuracy());
        assertTrue(points.accuracyHigh() > 3, "a score scale beyond 1 keeps its upper bound");
    }

    @Test
    void invalidScoresCostsAndCountsAreRefused() {
        assertEquals(
                "scores must be finite, got NaN",
                assertThrows(IllegalArgumentException.class, () -> Measurement.ofScores(0.5, Double.NaN))
                        .getMessage());
        assertEquals(
                "costPerCallUsd must be a finite number >= 0, got -1.0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Measurement.ofScores(new double[] {1}, -1, new double[] {1}))
                        .getMessage());
        assertEquals(
                "a measurement needs one latency per score: 1 scores, 0 latencies",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Measurement.ofScores(new double[] {1}, 0, new double[0]))
                        .getMessage());
        assertEquals(
                "examples must be >= 0, got -1",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new Measurement(-1, 0, 0, new double[0], 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), 0))
                        .getMessage());
    }

    @Test
    void combinedMeasurementsNumberTheSecondsFailuresAfterTheFirstsExamples() {
        Measurement first = withFailures(3, List.of(new Failure(1, "timeout")));
        Measurement second = withFailures(2, List.of(new Failure(0, "parse error")));
        Measurement both = first.plus(second);
        assertEquals(5, both.examples());
        assertEquals(List.of(new Failure(1, "timeout"), new Failure(3, "parse error")), both.failures());
        assertEquals(8, both.calls());
        assertEquals(4, both.optimizerCalls());
        assertEquals(0.08, both.costUsd(), 1e-12);
        assertEquals(5, both.latenciesMs().length);
    }

    @Test
    void jsonRoundTripsEveryPart() {
        Measurement measurement =
                withFailures(3, List.of(new Failure(2, "the model refused"))).withOptimizerSpend(5, 0.5);
        Measurement back = Measurement.fromJson(measurement.toJson());
        assertEquals(measurement, back);
        assertEquals(measurement.hashCode(), back.hashCode());
        assertEquals(List.of(new Failure(2, "the model refused")), back.failures());
        assertEquals(7, back.optimizerCalls());
        assertEquals(0.53, back.spentUsd(), 1e-12);
        assertEquals(10, back.spentCalls(), "4 calls, 1 from the cache, 7 for the optimizer");
        assertNotEquals(measurement, Measurement.ofScores(1, 0, 1));
        assertFalse(measurement.equals("a measurement"));
    }

    @Test
    void jsonThatIsNotAMeasurementIsRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Measurement.fromJson("{examples"))
                .getMessage()
                .startsWith("measurement JSON is not valid JSON: "));
        assertEquals(
                "not a measurement: {\"calls\": 3}",
                assertThrows(IllegalArgumentException.class, () -> Measurement.fromJson("{\"calls\": 3}"))
                        .getMessage());
        assertEquals(
                "not a measurement: [1]",
                assertThrows(IllegalArgumentException.class, () -> Measurement.fromJson("[1]"))
                        .getMessage());
    }

    @Test
    void reliabilityCountsRetriesFailuresAndFallbacks() {
        Measurement measurement = withFailures(2, List.of());
        // 4 calls + 1 failed = 5; 1 retried + 1 failed + 1 fallback
        assertEquals(1 - 3 / 5.0, measurement.reliability(), 1e-12);
    }

    @Test
    void constraintsNameEveryViolation() {
        Measurement slowAndWrong = Measurement.ofScores(new double[] {0, 1}, 0.02, new double[] {900, 1500});
        Constraints constraints = Constraints.none()
                .maxCostPerCall(0.01)
                .maxLatencyP95(Duration.ofSeconds(1))
                .minAccuracy(0.9);
        assertTrue(constraints.any());
        assertFalse(Constraints.none().any());
        assertEquals(
                List.of(
                        "cost per call $0.020000 > max $0.010000",
                        "p95 latency 1500 ms > max 1000 ms",
                        "accuracy 0.500 < min 0.900"),
                constraints.violations(slowAndWrong));
        assertFalse(constraints.feasible(slowAndWrong));
        assertTrue(Constraints.none().feasible(slowAndWrong));
    }

    @Test
    void constraintsRefuseNegativeAndNaNLimits() {
        assertEquals(
                "maxCostPerCall must be >= 0 dollars, got -1.0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Constraints.none().maxCostPerCall(-1))
                        .getMessage());
        assertEquals(
                "maxLatencyP95 must be >= 0 ms, got NaN",
                assertThrows(IllegalArgumentException.class, () -> new Constraints(1, Double.NaN, 0))
                        .getMessage());
        assertEquals(
                "minAccuracy must be a number",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Constraints.none().minAccuracy(Double.NaN))
                        .getMessage());
    }

    @Test
    void objectivesNeedANameAndAFiniteWeight() {
        assertEquals(
                "an objective needs a name",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Objective.of(" ", Direction.MAXIMIZE, 1, Measurement::accuracy))
                        .getMessage());
        assertEquals(
                "objective 'accuracy' needs a finite weight >= 0, got Infinity",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Objective.accuracy().withWeight(Double.POSITIVE_INFINITY))
                        .getMessage());
        assertEquals("", new Objective("x", Direction.MINIMIZE, 1, null, Measurement::accuracy).unit());
        Objective p95 = Objective.latencyP95();
        assertEquals("latency_p95 (minimize, weight 0.2)", p95.toString());
        assertEquals(1500, p95.value(Measurement.ofScores(new double[] {1, 1}, 0, new double[] {100, 1500})));
    }
}
