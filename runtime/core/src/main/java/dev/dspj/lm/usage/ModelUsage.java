package dev.dspj.lm.usage;

import java.math.BigDecimal;

/**
 * Totals for one model.
 *
 * @param model the model name
 * @param calls calls answered (including cache hits)
 * @param cacheHits calls answered from the cache, at no cost
 * @param failures calls that failed after all retries
 * @param promptTokens prompt tokens of the calls the model answered
 * @param completionTokens completion tokens of the calls the model answered
 * @param costUsd their cost
 */
public record ModelUsage(
        String model,
        long calls,
        long cacheHits,
        long failures,
        long promptTokens,
        long completionTokens,
        BigDecimal costUsd) {

    /**
     * Prompt plus completion tokens.
     *
     * @return the total
     */
    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /**
     * Adds several models' totals up.
     *
     * @param model the name of the sum, for example {@code *}
     * @param usages the totals to add
     * @return the sum
     */
    public static ModelUsage sum(String model, Iterable<ModelUsage> usages) {
        long calls = 0;
        long hits = 0;
        long failures = 0;
        long prompt = 0;
        long completion = 0;
        BigDecimal cost = BigDecimal.ZERO;
        for (ModelUsage usage : usages) {
            calls += usage.calls();
            hits += usage.cacheHits();
            failures += usage.failures();
            prompt += usage.promptTokens();
            completion += usage.completionTokens();
            cost = cost.add(usage.costUsd());
        }
        return new ModelUsage(model, calls, hits, failures, prompt, completion, cost);
    }
}
