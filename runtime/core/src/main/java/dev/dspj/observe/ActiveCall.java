package dev.dspj.observe;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call that {@link Callbacks#start} announced and that must be ended once, with {@link #end} or
 * {@link #fail}, from any thread. {@link #enter()} makes its context current for the code that
 * runs inside it. When nothing observes the call, {@link #NONE} stands in for it and costs nothing.
 */
public final class ActiveCall {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveCall.class);

    /** A call nobody observes: every method does nothing. */
    public static final ActiveCall NONE = new ActiveCall(null, List.of(), null);

    private final @Nullable CallStart start;
    private final List<Callback> callbacks;
    private final @Nullable CallContext context;
    private volatile boolean ended;

    ActiveCall(@Nullable CallStart start, List<Callback> callbacks, @Nullable CallContext context) {
        this.start = start;
        this.callbacks = callbacks;
        this.context = context;
    }

    /**
     * Whether anything observes this call.
     *
     * @return false for {@link #NONE}
     */
    public boolean observed() {
        return start != null;
    }

    /**
     * The call's start.
     *
     * @return the start, or null for {@link #NONE}
     */
    public @Nullable CallStart start() {
        return start;
    }

    /**
     * The context of the calls made inside this one: this call as their parent, its path.
     *
     * @return the context; the current one for {@link #NONE}
     */
    public CallContext context() {
        return context == null ? CallContext.current() : context;
    }

    /**
     * Makes this call's context current on this thread, for the code that runs inside it.
     *
     * @return the scope; close it when the call's body is done
     */
    public Scope enter() {
        CallContext inner = context;
        CallStart begun = start;
        if (inner == null || begun == null) {
            return Scope.NONE;
        }
        Scope current = inner.makeCurrent();
        List<Scope> entered = null;
        for (Callback callback : callbacks) {
            try {
                Scope scope = callback.onEnter(begun);
                if (scope != Scope.NONE) {
                    if (entered == null) {
                        entered = new ArrayList<>(2);
                    }
                    entered.add(scope);
                }
            } catch (RuntimeException | LinkageError e) {
                Callbacks.logFailure(LOG, callback, "entry", begun, e);
            }
        }
        if (entered == null) {
            return current;
        }
        List<Scope> toClose = entered;
        return () -> {
            for (int i = toClose.size() - 1; i >= 0; i--) {
                try {
                    toClose.get(i).close();
                } catch (RuntimeException | LinkageError e) {
                    LOG.warn("a callback's scope failed to close on the exit of call {}", begun.callId(), e);
                }
            }
            current.close();
        };
    }

    /**
     * Ends the call with what it returned.
     *
     * @param outputs the outputs
     */
    public void end(@Nullable Object outputs) {
        finish(outputs, null);
    }

    /**
     * Ends the call with the failure that stopped it.
     *
     * @param error the failure
     */
    public void fail(Throwable error) {
        finish(null, error);
    }

    private void finish(@Nullable Object outputs, @Nullable Throwable error) {
        CallStart begun = start;
        if (begun == null || ended) {
            return;
        }
        ended = true;
        CallEnd end = new CallEnd(begun, outputs, error, System.nanoTime() - begun.startNanos());
        for (Callback callback : callbacks) {
            try {
                callback.onEnd(end);
            } catch (RuntimeException | LinkageError e) {
                Callbacks.logFailure(LOG, callback, "end", begun, e);
            }
        }
    }

    void notifyStart() {
        CallStart begun = start;
        if (begun == null) {
            return;
        }
        for (Callback callback : callbacks) {
            try {
                callback.onStart(begun);
            } catch (RuntimeException | LinkageError e) {
                Callbacks.logFailure(LOG, callback, "start", begun, e);
            }
        }
    }
}
