package dev.dspj.variable.objective;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Limits a chosen configuration must meet: a maximum cost per call, a maximum 95th-percentile
 * latency, a minimum accuracy. A configuration that breaks one is <em>infeasible</em>: it stays
 * in the study and the report but is never selected and is left off the Pareto front.
 *
 * <pre>{@code
 * Constraints limits = Constraints.none().maxCostPerCall(0.0005).maxLatencyP95(Duration.ofMillis(800)).minAccuracy(0.6);
 * }</pre>
 *
 * @param maxCostPerCallUsd the highest cost per call in US dollars; infinite for no limit
 * @param maxLatencyP95Ms the highest p95 latency in milliseconds; infinite for no limit
 * @param minAccuracy the lowest accuracy; negative infinity for no limit
 */
public record Constraints(double maxCostPerCallUsd, double maxLatencyP95Ms, double minAccuracy) {

    private static final Constraints NONE =
            new Constraints(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);

    /**
     * Checks the limits.
     *
     * @param maxCostPerCallUsd the cost limit
     * @param maxLatencyP95Ms the latency limit
     * @param minAccuracy the accuracy floor
     */
    public Constraints {
        if (Double.isNaN(maxCostPerCallUsd) || maxCostPerCallUsd < 0) {
            throw new IllegalArgumentException("maxCostPerCall must be >= 0 dollars, got " + maxCostPerCallUsd);
        }
        if (Double.isNaN(maxLatencyP95Ms) || maxLatencyP95Ms < 0) {
            throw new IllegalArgumentException("maxLatencyP95 must be >= 0 ms, got " + maxLatencyP95Ms);
        }
        if (Double.isNaN(minAccuracy)) {
            throw new IllegalArgumentException("minAccuracy must be a number");
        }
    }

    /**
     * No limits.
     *
     * @return the empty constraints
     */
    public static Constraints none() {
        return NONE;
    }

    /**
     * A copy with a cost limit.
     *
     * @param usd the highest cost per program call, in US dollars
     * @return the copy
     */
    public Constraints maxCostPerCall(double usd) {
        return new Constraints(usd, maxLatencyP95Ms, minAccuracy);
    }

    /**
     * A copy with a latency limit.
     *
     * @param latency the highest 95th-percentile latency per program call
     * @return the copy
     */
    public Constraints maxLatencyP95(Duration latency) {
        return new Constraints(maxCostPerCallUsd, latency.toNanos() / 1e6, minAccuracy);
    }

    /**
     * A copy with an accuracy floor.
     *
     * @param accuracy the lowest accuracy
     * @return the copy
     */
    public Constraints minAccuracy(double accuracy) {
        return new Constraints(maxCostPerCallUsd, maxLatencyP95Ms, accuracy);
    }

    /**
     * The limits a measurement breaks, in words.
     *
     * @param measurement the measurement
     * @return the violations; empty when feasible
     */
    public List<String> violations(Measurement measurement) {
        List<String> violations = new ArrayList<>();
        if (measurement.costPerCall() > maxCostPerCallUsd) {
            violations.add(String.format(
                    Locale.ROOT, "cost per call $%.6f > max $%.6f", measurement.costPerCall(), maxCostPerCallUsd));
        }
        if (measurement.latencyP95Ms() > maxLatencyP95Ms) {
            violations.add(String.format(
                    Locale.ROOT, "p95 latency %.0f ms > max %.0f ms", measurement.latencyP95Ms(), maxLatencyP95Ms));
        }
        if (measurement.accuracy() < minAccuracy) {
            violations.add(String.format(Locale.ROOT, "accuracy %.3f < min %.3f", measurement.accuracy(), minAccuracy));
        }
        return violations;
    }

    /**
     * Whether a measurement meets every limit.
     *
     * @param measurement the measurement
     * @return true when feasible
     */
    public boolean feasible(Measurement measurement) {
        return violations(measurement).isEmpty();
    }

    /**
     * Whether any limit is set.
     *
     * @return true when at least one limit is finite
     */
    public boolean any() {
        return !equals(NONE);
    }
}
