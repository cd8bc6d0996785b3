package dev.dspj.optimize;

import dev.dspj.execution.Meter;
import dev.dspj.lm.usage.ModelUsage;
import dev.dspj.lm.usage.PriceTable;
import dev.dspj.lm.usage.UsageTracker;
import dev.dspj.observe.ActiveCall;
import dev.dspj.observe.Callbacks;
import dev.dspj.observe.EventKind;
import dev.dspj.observe.Scope;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One optimizer run: its meter (calls, tokens, cost, budget), the usage tracker open while it
 * runs, its counters and scored candidates, and the events it sends to the listener and the log.
 * Thread-safe.
 */
final class Run implements AutoCloseable {

    private final String optimizer;
    private final Logger log;
    private final @Nullable Consumer<OptimizerEvent> listener;
    private final Meter meter;
    private final UsageTracker tracker;
    private final long startNanos = System.nanoTime();
    private final List<OptimizerReport.CandidateScore> candidates = new ArrayList<>();
    private @Nullable ModelUsage frozenTracker;
    private long endNanos = -1;
    private int bootstrapAttempts;
    private int bootstrapped;
    private int errors;
    private String stoppedReason = OptimizerReport.COMPLETED;
    private @Nullable Integer bestCandidate;
    private final String options;
    private final ActiveCall compile;
    private final Scope compileScope;
    private final Thread owner;

    Run(
            String optimizer,
            @Nullable OptimizerOptions options,
            @Nullable Consumer<OptimizerEvent> listener,
            long callBudget) {
        this(optimizer, options, listener, callBudget, 0);
    }

    Run(
            String optimizer,
            @Nullable OptimizerOptions options,
            @Nullable Consumer<OptimizerEvent> listener,
            long callBudget,
            double costBudgetUsd) {
        this.optimizer = optimizer;
        this.options = options == null ? "{}" : options.toJson();
        this.log = LoggerFactory.getLogger("dev.dspj.optimize." + optimizer);
        this.listener = listener;
        this.meter = new Meter(callBudget, costBudgetUsd, PriceTable.defaults());
        this.tracker = UsageTracker.start();
        this.compile = Callbacks.start(EventKind.COMPILE, optimizer, this, Map.of("options", this.options));
        this.compileScope = compile.enter();
        this.owner = Thread.currentThread();
    }

    String optimizer() {
        return optimizer;
    }

    /** The run's options as JSON. */
    String options() {
        return options;
    }

    Meter meter() {
        return meter;
    }

    /** The stop reason when the call budget was reached. */
    String budgetReason() {
        return meter.costBudgetUsd() > 0 && meter.budget() == 0
                ? String.format(java.util.Locale.ROOT, "stopped: cost budget $%.4f reached", meter.costBudgetUsd())
                : "stopped: call budget " + meter.budget() + " reached";
    }

    synchronized void countAttempt(boolean success) {
        bootstrapAttempts++;
        if (success) {
            bootstrapped++;
        }
    }

    synchronized void countError() {
        errors++;
    }

    synchronized void addCandidate(OptimizerReport.CandidateScore candidate) {
        candidates.add(candidate);
    }

    synchronized void best(@Nullable Integer seed) {
        bestCandidate = seed;
    }

    /** Records why the run stopped early (the first reason wins) and tells the listener. */
    void stop(String reason) {
        synchronized (this) {
            if (!OptimizerReport.COMPLETED.equals(stoppedReason)) {
                return;
            }
            stoppedReason = reason;
        }
        event(OptimizerEvent.Kind.STOPPED, reason, null, null, 0, 0);
    }

    synchronized String stoppedReason() {
        return stoppedReason;
    }

    /** Sends an event to the listener and the log (progress at debug level, the rest at info). */
    void event(
            OptimizerEvent.Kind kind,
            String message,
            @Nullable Integer candidate,
            @Nullable Double score,
            int done,
            int total) {
        OptimizerEvent event =
                new OptimizerEvent(optimizer, kind, message, candidate, score, done, total, meter.calls());
        if (kind == OptimizerEvent.Kind.PROGRESS) {
            log.debug("{}: {}", optimizer, message);
        } else {
            log.info("{}: {}", optimizer, message);
        }
        if (listener != null) {
            synchronized (listener) {
                try {
                    listener.accept(event);
                } catch (RuntimeException bug) {
                    log.warn("{}: the progress listener failed on {}; the run goes on", optimizer, kind, bug);
                }
            }
        }
    }

    /** A snapshot of what the run spent and found so far. */
    synchronized OptimizerReport report() {
        ModelUsage total = meter.total();
        long end = endNanos < 0 ? System.nanoTime() : endNanos;
        ModelUsage tracked = frozenTracker != null ? frozenTracker : tracker.total();
        // a failed call was still a call the run made (and counted against its budget)
        return new OptimizerReport(
                optimizer,
                total.calls() + total.failures(),
                total.cacheHits(),
                total.failures(),
                total.promptTokens(),
                total.completionTokens(),
                total.costUsd() == null ? BigDecimal.ZERO : total.costUsd(),
                meter.byModel(),
                tracked,
                candidates,
                bestCandidate,
                bootstrapAttempts,
                bootstrapped,
                errors,
                stoppedReason,
                Duration.ofNanos(end - startNanos),
                options);
    }

    /** Ends the run: the usage tracker stops counting and the wall time is fixed. */
    @Override
    public synchronized void close() {
        if (endNanos < 0) {
            endNanos = System.nanoTime();
        }
        closeTracker();
    }

    /**
     * Closes the usage tracker but keeps the clock and meter running, for programs that keep
     * spending after compile returns (KNNFewShot bootstraps per call).
     */
    synchronized void closeTracker() {
        if (frozenTracker == null) {
            frozenTracker = tracker.total();
            tracker.close();
            if (Thread.currentThread() == owner) {
                compileScope.close();
            }
            compile.end(Map.of("stopped", stoppedReason, "candidates", candidates.size()));
        }
    }
}
