package dev.dspj.module;

import dev.dspj.observe.CallContext;
import dev.dspj.observe.ContextKey;
import dev.dspj.primitives.LmUsage;
import org.jspecify.annotations.Nullable;

/**
 * The usage of one program run, counted as its predictors' calls end (from any thread the run's
 * context reaches). Each run has its own, so concurrent runs never mix.
 */
final class RunUsage {

    static final ContextKey<RunUsage> KEY = ContextKey.named("run usage");

    private LmUsage total = LmUsage.NONE;

    synchronized void add(LmUsage usage) {
        total = total.plus(usage);
    }

    synchronized LmUsage total() {
        return total;
    }

    /** Adds a call's usage to the run whose context is current, if any. */
    static void record(CallContext context, LmUsage usage) {
        @Nullable RunUsage run = context.get(KEY);
        if (run != null && !usage.isEmpty()) {
            run.add(usage);
        }
    }
}
