package dev.dspj.module;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The predictor calls of one program run, in the order they finished (and, in {@link
 * #moduleCalls()}, its retrievals). Open one with
 * {@link #start()} around a run on the current thread: every {@code Predict} call made while it is
 * open (including async calls started from this thread) is recorded. Thread-safe.
 *
 * <pre>{@code
 * try (Trace trace = Trace.start()) {
 *     Prediction prediction = program.forward(inputs);
 *     List<TraceEntry> calls = trace.entries();
 * }
 * }</pre>
 */
public final class Trace implements AutoCloseable {

    private static final ThreadLocal<Trace> CURRENT = new ThreadLocal<>();
    private static final Trace EMPTY = new Trace(null, false);

    private final List<TraceEntry> entries = Collections.synchronizedList(new ArrayList<>());
    private final List<ModuleCall> moduleCalls = Collections.synchronizedList(new ArrayList<>());
    private final @Nullable Trace previous;
    private final boolean open;

    private Trace(@Nullable Trace previous, boolean open) {
        this.previous = previous;
        this.open = open;
    }

    /**
     * Starts recording on the current thread (nested traces record into the innermost one).
     *
     * @return the trace; close it on the same thread
     */
    public static Trace start() {
        Trace trace = new Trace(CURRENT.get(), true);
        CURRENT.set(trace);
        return trace;
    }

    /**
     * The trace open on the current thread, if any; predictors call this when they start.
     *
     * @return the trace, or an empty trace that records nothing
     */
    public static Trace current() {
        Trace trace = CURRENT.get();
        return trace == null ? EMPTY : trace;
    }

    /**
     * An empty trace (for metrics called outside any recorded run).
     *
     * @return the empty trace
     */
    public static Trace empty() {
        return EMPTY;
    }

    /**
     * A trace holding calls recorded elsewhere, not open on any thread (how {@code Evaluate} hands
     * a metric the calls of the copy it ran, attributed to the caller's predictors).
     *
     * @param entries the calls, in order
     * @return the trace; calls can still be {@linkplain #record recorded} into it
     */
    public static Trace of(List<TraceEntry> entries) {
        Trace trace = new Trace(null, true);
        trace.entries.addAll(entries);
        return trace;
    }

    /**
     * Whether calls recorded into this trace are kept: false for the empty trace, so that a
     * predictor called outside any trace does not copy its inputs into an entry nobody keeps.
     *
     * @return whether {@link #record} keeps entries
     */
    public boolean recording() {
        return open;
    }

    /**
     * Records a finished predictor call; a no-op on the empty trace.
     *
     * @param entry the call
     */
    public void record(TraceEntry entry) {
        if (open) {
            entries.add(entry);
        }
    }

    /**
     * Records a finished call of a module that is not a predictor (a retrieval); a no-op on the
     * empty trace.
     *
     * @param call the call
     */
    public void record(ModuleCall call) {
        if (open) {
            moduleCalls.add(call);
        }
    }

    /**
     * The calls of modules other than predictors (retrievals) recorded so far, in the order they
     * finished. Bootstrapping optimizers read only {@link #entries()}.
     *
     * @return a snapshot
     */
    public List<ModuleCall> moduleCalls() {
        synchronized (moduleCalls) {
            return List.copyOf(moduleCalls);
        }
    }

    /**
     * The calls recorded so far.
     *
     * @return a snapshot
     */
    public List<TraceEntry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /**
     * Runs work with this trace as the current thread's, then restores what was current: an
     * asynchronous module whose later steps start on other threads records them into the trace
     * its caller had open.
     *
     * @param work what to run
     * @param <T> what it returns
     * @return what the work returned
     */
    public <T> T recordInto(java.util.function.Supplier<T> work) {
        Trace before = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.get();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    /** Stops recording on this thread, restoring any enclosing trace. */
    @Override
    public void close() {
        if (open && CURRENT.get() == this) {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}
