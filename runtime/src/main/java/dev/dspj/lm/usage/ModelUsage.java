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
public record ModelUsage(String model, long calls, long cacheHits, long failures, long promptTokens,
        long completionTokens, BigDecimal costUsd) {

    /**
     * Prompt plus completion tokens.
     *
     * @return the total
     */
    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}
