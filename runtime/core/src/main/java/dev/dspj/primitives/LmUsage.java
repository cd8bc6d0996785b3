package dev.dspj.primitives;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The model calls behind one prediction or program run, by model, as DSPy's {@code
 * Prediction.get_lm_usage()}: calls, tokens and cost. A call answered by a cache counts as a call
 * and a cache hit, with no tokens and no cost (nothing was spent on it).
 *
 * @param byModel model name to its totals, sorted by name
 */
public record LmUsage(Map<String, ModelTotals> byModel) {

    /** No calls. */
    public static final LmUsage NONE = new LmUsage(Map.of());

    /**
     * One model's totals.
     *
     * @param calls calls made, cache hits included
     * @param cacheHits calls a cache answered
     * @param promptTokens prompt tokens spent
     * @param completionTokens completion tokens spent
     * @param costUsd dollars spent
     */
    public record ModelTotals(
            long calls, long cacheHits, long promptTokens, long completionTokens, BigDecimal costUsd) {

        /**
         * Validates the totals.
         *
         * @param calls calls
         * @param cacheHits cache hits
         * @param promptTokens prompt tokens
         * @param completionTokens completion tokens
         * @param costUsd cost
         */
        public ModelTotals {
            if (calls < 0 || cacheHits < 0 || promptTokens < 0 || completionTokens < 0) {
                throw new IllegalArgumentException("usage counts must not be negative: calls=" + calls + ", cacheHits="
                        + cacheHits + ", promptTokens=" + promptTokens + ", completionTokens=" + completionTokens);
            }
            Objects.requireNonNull(costUsd, "costUsd");
        }

        /**
         * Prompt plus completion tokens.
         *
         * @return the total
         */
        public long totalTokens() {
            return promptTokens + completionTokens;
        }

        ModelTotals plus(ModelTotals other) {
            return new ModelTotals(
                    calls + other.calls,
                    cacheHits + other.cacheHits,
                    promptTokens + other.promptTokens,
                    completionTokens + other.completionTokens,
                    costUsd.add(other.costUsd));
        }
    }

    /**
     * Validates the usage.
     *
     * @param byModel model name to totals
     */
    public LmUsage {
        if (byModel.size() > 1 || !(byModel instanceof SingleModel)) {
            byModel = Collections.unmodifiableMap(new TreeMap<>(byModel));
        }
    }

    /** One model's totals, already immutable and in order: kept as they are. */
    private static final class SingleModel extends java.util.AbstractMap<String, ModelTotals> {
        private final Set<Map.Entry<String, ModelTotals>> entries;

        SingleModel(String model, ModelTotals totals) {
            this.entries = Set.of(Map.entry(model, totals));
        }

        @Override
        public Set<Map.Entry<String, ModelTotals>> entrySet() {
            return entries;
        }
    }

    /**
     * One call's usage.
     *
     * @param model the model's name
     * @param usage the tokens the call reported
     * @param costUsd what it cost
     * @param cached whether a cache answered (then no tokens or cost are counted)
     * @return the usage of that call
     */
    public static LmUsage ofCall(String model, Usage usage, BigDecimal costUsd, boolean cached) {
        ModelTotals totals = cached
                ? new ModelTotals(1, 1, 0, 0, BigDecimal.ZERO)
                : new ModelTotals(1, 0, usage.promptTokens(), usage.completionTokens(), costUsd);
        return new LmUsage(new SingleModel(model, totals));
    }

    /**
     * The sum of two usages.
     *
     * @param other the other usage
     * @return the sum, by model
     */
    public LmUsage plus(LmUsage other) {
        if (other.byModel.isEmpty()) {
            return this;
        }
        if (byModel.isEmpty()) {
            return other;
        }
        Map<String, ModelTotals> sum = new TreeMap<>(byModel);
        other.byModel.forEach((model, totals) -> sum.merge(model, totals, ModelTotals::plus));
        return new LmUsage(sum);
    }

    /**
     * Whether no call was made.
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return byModel.isEmpty();
    }

    /**
     * The totals over every model.
     *
     * @return the totals
     */
    public ModelTotals total() {
        ModelTotals total = new ModelTotals(0, 0, 0, 0, BigDecimal.ZERO);
        for (ModelTotals totals : byModel.values()) {
            total = total.plus(totals);
        }
        return total;
    }

    /**
     * All tokens, over every model.
     *
     * @return prompt plus completion tokens
     */
    public long totalTokens() {
        return total().totalTokens();
    }

    /**
     * All dollars, over every model.
     *
     * @return the cost
     */
    public BigDecimal costUsd() {
        return total().costUsd();
    }
}
