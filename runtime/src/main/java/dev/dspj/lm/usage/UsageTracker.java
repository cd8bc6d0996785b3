package dev.dspj.lm.usage;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * Totals of calls, tokens and cost per model. Every model client reports each call to all the
 * open trackers: the process-wide one ({@link #global()}) and any started for a run with
 * {@link #start()} (an evaluation or an optimizer measures what it spent that way). Thread-safe.
 */
public final class UsageTracker implements AutoCloseable {

    private static final UsageTracker GLOBAL = new UsageTracker();
    private static final List<UsageTracker> OPEN = new CopyOnWriteArrayList<>(List.of(GLOBAL));

    private final Map<String, Totals> byModel = new ConcurrentHashMap<>();

    private UsageTracker() {
    }

    /**
     * The tracker of every call in this JVM.
     *
     * @return the global tracker
     */
    public static UsageTracker global() {
        return GLOBAL;
    }

    /**
     * Starts a tracker that counts calls from now until it is closed.
     *
     * @return the tracker; close it when the run ends
     */
    public static UsageTracker start() {
        UsageTracker tracker = new UsageTracker();
        OPEN.add(tracker);
        return tracker;
    }

    /**
     * Reports a call to every open tracker. Called by model clients.
     *
     * @param model the model name
     * @param promptTokens prompt tokens
     * @param completionTokens completion tokens
     * @param costUsd the call's cost
     * @param cacheHit whether the cache answered
     */
    public static void recordCall(String model, long promptTokens, long completionTokens, BigDecimal costUsd,
            boolean cacheHit) {
        for (UsageTracker tracker : OPEN) {
            Totals totals = tracker.byModel.computeIfAbsent(model, m -> new Totals());
            totals.calls.increment();
            if (cacheHit) {
                totals.cacheHits.increment();
            } else {
                totals.promptTokens.add(promptTokens);
                totals.completionTokens.add(completionTokens);
                totals.addCost(costUsd);
            }
        }
    }

    /**
     * Reports a call that failed after all retries.
     *
     * @param model the model name
     */
    public static void recordFailure(String model) {
        for (UsageTracker tracker : OPEN) {
            tracker.byModel.computeIfAbsent(model, m -> new Totals()).failures.increment();
        }
    }

    /**
     * Totals per model.
     *
     * @return a snapshot, one entry per model called
     */
    public List<ModelUsage> byModel() {
        List<ModelUsage> snapshot = new ArrayList<>();
        byModel.forEach((model, totals) -> snapshot.add(totals.snapshot(model)));
        snapshot.sort((a, b) -> a.model().compareTo(b.model()));
        return snapshot;
    }

    /**
     * Totals over all models.
     *
     * @return a snapshot, with model {@code *}
     */
    public ModelUsage total() {
        return ModelUsage.sum("*", byModel());
    }

    /** Stops counting (the global tracker never stops). */
    @Override
    public void close() {
        if (this != GLOBAL) {
            OPEN.remove(this);
        }
    }

    private static final class Totals {
        final LongAdder calls = new LongAdder();
        final LongAdder cacheHits = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder promptTokens = new LongAdder();
        final LongAdder completionTokens = new LongAdder();
        private BigDecimal cost = BigDecimal.ZERO;

        synchronized void addCost(BigDecimal amount) {
            cost = cost.add(amount);
        }

        synchronized ModelUsage snapshot(String model) {
            return new ModelUsage(model, calls.sum(), cacheHits.sum(), failures.sum(), promptTokens.sum(),
                    completionTokens.sum(), cost);
        }
    }
}
