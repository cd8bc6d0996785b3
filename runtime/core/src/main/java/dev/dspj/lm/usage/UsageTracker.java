package dev.dspj.lm.usage;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * Totals of calls, tokens and cost per model, JVM-wide. Model clients that report usage
 * ({@code HttpLanguageModel}, {@code HttpEmbedder}, the simulated model) report each call to all the
 * open trackers: the process-wide one ({@link #global()}) and any started with {@link #start()}.
 * Trackers know nothing of who made a call, so a started tracker counts every reported call made
 * anywhere in the JVM while it is open, other threads' and concurrent runs' included, and models
 * that do not report (scripted or hand-written ones) are not counted at all.
 *
 * <p>To measure one run, meter its models instead: {@code EvaluationResult.usage()} is exactly
 * the calls of the evaluated program, {@code OptimizerReport} counts the calls of the optimizer's
 * programs, and {@link MeteredModel} wraps any model to count what goes through it. Thread-safe.
 */
public final class UsageTracker implements AutoCloseable {

    private static final UsageTracker GLOBAL = new UsageTracker();
    private static final List<UsageTracker> OPEN = new CopyOnWriteArrayList<>(List.of(GLOBAL));

    private final Map<String, Totals> byModel = new ConcurrentHashMap<>();

    private UsageTracker() {}

    /**
     * The tracker of every call in this JVM.
     *
     * @return the global tracker
     */
    public static UsageTracker global() {
        return GLOBAL;
    }

    /**
     * Starts a tracker that counts every call reported in this JVM from now until it is closed: a
     * window on {@link #global()}, not a per-run meter. It is exact only when nothing else calls a
     * model meanwhile (a script, a single-threaded sample); for one run among others use
     * {@code EvaluationResult.usage()}, the optimizer's report or a {@link MeteredModel}.
     *
     * @return the tracker; close it to stop counting
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
    public static void recordCall(
            String model, long promptTokens, long completionTokens, BigDecimal costUsd, boolean cacheHit) {
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
            return new ModelUsage(
                    model,
                    calls.sum(),
                    cacheHits.sum(),
                    failures.sum(),
                    promptTokens.sum(),
                    completionTokens.sum(),
                    cost);
        }
    }
}
