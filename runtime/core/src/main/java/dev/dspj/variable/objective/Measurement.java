package dev.dspj.variable.objective;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What evaluating one configuration measured, kept as raw sums so that a minibatch measurement and
 * the rest of the set {@linkplain #plus(Measurement) combine} into the full one exactly. The four
 * standard objectives are read from it: {@link #accuracy()} with a {@linkplain #accuracyLow()
 * confidence interval}, {@link #costPerCall()}, {@link #latencyP50Ms()}/{@link #latencyP95Ms()}
 * and {@link #reliability()}.
 *
 * @param examples the number of examples evaluated
 * @param scoreSum the sum of the metric's scores (failed examples score 0)
 * @param scoreSquares the sum of the squared scores, for the confidence interval
 * @param latenciesMs each example's wall time through the program, in milliseconds
 * @param calls model calls made (cache hits included)
 * @param cacheHits calls a cache answered
 * @param retriedCalls calls that needed more than one HTTP attempt
 * @param failedCalls calls that failed for good
 * @param fallbacks predictor calls whose first adapter failed to parse the answer
 * @param promptTokens prompt tokens of all calls (cache hits included)
 * @param completionTokens completion tokens of all calls (cache hits included)
 * @param costUsd what the calls cost at list price, cache hits included (what the configuration
 *     costs in use)
 * @param spentUsd what this evaluation actually spent (cache hits free), counted against budgets
 * @param failures the failed examples and why
 * @param optimizerCalls model calls made to prepare the configuration rather than to run it (a
 *     composed search's bootstrapping), cache hits not counted; they count against budgets and in
 *     {@code spentUsd}, not in any objective
 */
@SuppressWarnings("ArrayRecordComponent") // equals and hashCode compare the JSON form, arrays included
public record Measurement(
        int examples,
        double scoreSum,
        double scoreSquares,
        double[] latenciesMs,
        long calls,
        long cacheHits,
        long retriedCalls,
        long failedCalls,
        long fallbacks,
        long promptTokens,
        long completionTokens,
        double costUsd,
        double spentUsd,
        List<Failure> failures,
        long optimizerCalls) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Nothing measured. */
    public static final Measurement EMPTY =
            new Measurement(0, 0, 0, new double[0], 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of(), 0);

    /**
     * Checks and copies the parts.
     *
     * @param examples examples evaluated
     * @param scoreSum sum of scores
     * @param scoreSquares sum of squared scores
     * @param latenciesMs per-example latencies
     * @param calls model calls
     * @param cacheHits cache hits
     * @param retriedCalls retried calls
     * @param failedCalls failed calls
     * @param fallbacks adapter fallbacks
     * @param promptTokens prompt tokens
     * @param completionTokens completion tokens
     * @param costUsd list-price cost
     * @param spentUsd spent cost
     * @param failures failed examples
     * @param optimizerCalls calls made preparing the configuration
     */
    public Measurement {
        if (examples < 0) {
            throw new IllegalArgumentException("examples must be >= 0, got " + examples);
        }
        latenciesMs = latenciesMs.clone();
        Arrays.sort(latenciesMs);
        failures = List.copyOf(failures);
    }

    /**
     * A measurement of per-example scores alone (no model call, no cost, no latency), for searches
     * whose evaluator is not a DSPJ program: a retrieval pipeline, a prompt scored by hand.
     *
     * @param scores each example's score
     * @return the measurement
     */
    public static Measurement ofScores(double... scores) {
        return ofScores(scores, 0, new double[scores.length]);
    }

    /**
     * A measurement of per-example scores, cost and latencies. It counts no model calls (their
     * number is not known here; a search over it reports none and a call budget never stops it):
     * build the measurement with the constructor to count them. The cost is spent.
     *
     * @param scores each example's score
     * @param costPerCallUsd the cost of one example's call, in US dollars
     * @param latenciesMs each example's latency in milliseconds (as many as scores)
     * @return the measurement
     * @throws IllegalArgumentException when the counts differ or a value is not finite
     */
    public static Measurement ofScores(double[] scores, double costPerCallUsd, double[] latenciesMs) {
        if (latenciesMs.length != scores.length) {
            throw new IllegalArgumentException("a measurement needs one latency per score: " + scores.length
                    + " scores, " + latenciesMs.length + " latencies");
        }
        if (!Double.isFinite(costPerCallUsd) || costPerCallUsd < 0) {
            throw new IllegalArgumentException("costPerCallUsd must be a finite number >= 0, got " + costPerCallUsd);
        }
        double sum = 0;
        double squares = 0;
        for (double score : scores) {
            if (!Double.isFinite(score)) {
                throw new IllegalArgumentException("scores must be finite, got " + score);
            }
            sum += score;
            squares += score * score;
        }
        double cost = costPerCallUsd * scores.length;
        return new Measurement(scores.length, sum, squares, latenciesMs, 0, 0, 0, 0, 0, 0, 0, cost, cost, List.of(), 0);
    }

    /**
     * The mean score over the examples (0 when none).
     *
     * @return the accuracy in the metric's scale, usually [0, 1]
     */
    public double accuracy() {
        return examples == 0 ? 0 : scoreSum / examples;
    }

    /**
     * The lower end of the 95% confidence interval of the accuracy (normal approximation, clamped
     * to 0).
     *
     * @return the lower bound
     */
    public double accuracyLow() {
        return Math.max(0, accuracy() - halfWidth());
    }

    /**
     * The upper end of the 95% confidence interval of the accuracy (clamped to 1 when scores are
     * within [0, 1]).
     *
     * @return the upper bound
     */
    public double accuracyHigh() {
        double high = accuracy() + halfWidth();
        return scoreSquares <= scoreSum + 1e-9 ? Math.min(1, high) : high;
    }

    private double halfWidth() {
        if (examples < 2) {
            return examples == 0 ? 0 : 1;
        }
        double mean = accuracy();
        double variance = Math.max(0, (scoreSquares - examples * mean * mean) / (examples - 1));
        if (variance == 0) {
            // a run of all-equal scores still leaves uncertainty: use the rule of three's spread
            variance = 0.25 * 3.0 / examples;
        }
        return 1.96 * Math.sqrt(variance / examples);
    }

    /**
     * The list-price cost per program call (per example), in US dollars.
     *
     * @return the cost per call
     */
    public double costPerCall() {
        return examples == 0 ? 0 : costUsd / examples;
    }

    /**
     * The median latency of one program call.
     *
     * @return milliseconds
     */
    public double latencyP50Ms() {
        return percentile(0.50);
    }

    /**
     * The 95th percentile latency of one program call.
     *
     * @return milliseconds
     */
    public double latencyP95Ms() {
        return percentile(0.95);
    }

    /**
     * A latency percentile (nearest rank).
     *
     * @param quantile in (0, 1]
     * @return milliseconds; 0 when nothing was measured
     */
    public double percentile(double quantile) {
        if (latenciesMs.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(quantile * latenciesMs.length);
        return latenciesMs[Math.max(0, Math.min(latenciesMs.length - 1, rank - 1))];
    }

    /**
     * The share of model calls that went through cleanly: parsed by the first adapter, no retry,
     * no failure. 1 when no call was made.
     *
     * @return the reliability in [0, 1]
     */
    public double reliability() {
        long total = calls + failedCalls;
        if (total == 0) {
            return 1;
        }
        return Math.max(0, 1 - (double) (retriedCalls + failedCalls + fallbacks) / total);
    }

    /**
     * Model calls this evaluation spent: calls not answered by a cache, plus the optimizer's.
     *
     * @return the calls counted against budgets
     */
    public long spentCalls() {
        return calls - cacheHits + optimizerCalls;
    }

    /**
     * A copy with calls and dollars spent preparing the configuration added.
     *
     * @param extraCalls model calls made preparing it (cache hits not counted)
     * @param extraUsd dollars spent preparing it
     * @return the copy
     */
    public Measurement withOptimizerSpend(long extraCalls, double extraUsd) {
        return new Measurement(
                examples,
                scoreSum,
                scoreSquares,
                latenciesMs,
                calls,
                cacheHits,
                retriedCalls,
                failedCalls,
                fallbacks,
                promptTokens,
                completionTokens,
                costUsd,
                spentUsd + extraUsd,
                failures,
                optimizerCalls + extraCalls);
    }

    /**
     * This measurement and another of other examples of the same configuration, as one.
     *
     * @param other the other measurement
     * @return the combined measurement
     */
    public Measurement plus(Measurement other) {
        double[] latencies = Arrays.copyOf(latenciesMs, latenciesMs.length + other.latenciesMs.length);
        System.arraycopy(other.latenciesMs, 0, latencies, latenciesMs.length, other.latenciesMs.length);
        List<Failure> allFailures = new ArrayList<>(failures);
        for (Failure failure : other.failures) {
            allFailures.add(new Failure(failure.index() + examples, failure.reason()));
        }
        return new Measurement(
                examples + other.examples,
                scoreSum + other.scoreSum,
                scoreSquares + other.scoreSquares,
                latencies,
                calls + other.calls,
                cacheHits + other.cacheHits,
                retriedCalls + other.retriedCalls,
                failedCalls + other.failedCalls,
                fallbacks + other.fallbacks,
                promptTokens + other.promptTokens,
                completionTokens + other.completionTokens,
                costUsd + other.costUsd,
                spentUsd + other.spentUsd,
                allFailures,
                optimizerCalls + other.optimizerCalls);
    }

    /**
     * The measurement as a JSON object (stored with each trial of a study).
     *
     * @return the JSON text
     */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("examples", examples);
        node.put("score_sum", scoreSum);
        node.put("score_squares", scoreSquares);
        ArrayNode latencies = node.putArray("latencies_ms");
        for (double latency : latenciesMs) {
            latencies.add(latency);
        }
        node.put("calls", calls);
        node.put("cache_hits", cacheHits);
        node.put("retried_calls", retriedCalls);
        node.put("failed_calls", failedCalls);
        node.put("fallbacks", fallbacks);
        node.put("prompt_tokens", promptTokens);
        node.put("completion_tokens", completionTokens);
        node.put("cost_usd", costUsd);
        node.put("spent_usd", spentUsd);
        node.put("optimizer_calls", optimizerCalls);
        ArrayNode failed = node.putArray("failures");
        for (Failure failure : failures) {
            failed.addObject().put("index", failure.index()).put("reason", failure.reason());
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a measurement as JSON", e);
        }
    }

    /**
     * Reads what {@link #toJson()} wrote.
     *
     * @param json the JSON text
     * @return the measurement
     * @throws IllegalArgumentException when the text is not a measurement
     */
    public static Measurement fromJson(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("measurement JSON is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject() || !node.has("examples")) {
            throw new IllegalArgumentException("not a measurement: " + json);
        }
        JsonNode latencyNode = node.path("latencies_ms");
        double[] latencies = new double[latencyNode.size()];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = latencyNode.get(i).asDouble();
        }
        List<Failure> failures = new ArrayList<>();
        for (JsonNode failure : node.path("failures")) {
            failures.add(new Failure(
                    failure.path("index").asInt(), failure.path("reason").asText()));
        }
        return new Measurement(
                node.path("examples").asInt(),
                node.path("score_sum").asDouble(),
                node.path("score_squares").asDouble(),
                latencies,
                node.path("calls").asLong(),
                node.path("cache_hits").asLong(),
                node.path("retried_calls").asLong(),
                node.path("failed_calls").asLong(),
                node.path("fallbacks").asLong(),
                node.path("prompt_tokens").asLong(),
                node.path("completion_tokens").asLong(),
                node.path("cost_usd").asDouble(),
                node.path("spent_usd").asDouble(),
                failures,
                node.path("optimizer_calls").asLong());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Measurement that && toJson().equals(that.toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return String.format(
                java.util.Locale.ROOT,
                "Measurement[n=%d, accuracy=%.3f [%.3f, %.3f], cost/call=$%.6f, p50=%.0f ms, p95=%.0f ms, reliability=%.3f, calls=%d, failures=%d]",
                examples,
                accuracy(),
                accuracyLow(),
                accuracyHigh(),
                costPerCall(),
                latencyP50Ms(),
                latencyP95Ms(),
                reliability(),
                calls,
                failures.size());
    }
}
