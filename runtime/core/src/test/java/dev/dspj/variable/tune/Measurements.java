package dev.dspj.variable.tune;

import dev.dspj.variable.objective.Measurement;
import java.util.Arrays;
import java.util.List;

/** Measurements with chosen objective values, for tests of the search that need no model. */
final class Measurements {

    private Measurements() {}

    /** 100 examples at the given accuracy, cost per call and latency, with {@code calls} model calls. */
    static Measurement of(double accuracy, double costPerCall, double latencyMs, long calls) {
        int n = 100;
        double[] latencies = new double[n];
        Arrays.fill(latencies, latencyMs);
        double sum = Math.round(accuracy * n);
        return new Measurement(
                n,
                sum,
                sum,
                latencies,
                calls,
                0,
                0,
                0,
                0,
                10 * calls,
                2 * calls,
                costPerCall * n,
                costPerCall * n,
                List.of(),
                0);
    }
}
