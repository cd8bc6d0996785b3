package dev.dspj.observe;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Where callbacks are registered, and where DSPJ's modules, adapters, tools, evaluations and
 * optimizers announce their calls.
 *
 * <p>Three scopes, as DSPy's {@code dspy.configure(callbacks=...)}, a module's {@code callbacks}
 * and {@code dspy.context(callbacks=...)}:
 *
 * <pre>{@code
 * Registration everywhere = Callbacks.register(myCallback);     // every call in the process
 * Registration onProgram = Callbacks.attach(program, myCallback); // that program and what it calls
 * try (Scope block = Callbacks.with(myCallback)) {               // calls made in this block
 *     program.invoke(inputs);
 * }
 * }</pre>
 *
 * When no callback is in scope, announcing a call costs a thread-local read and allocates nothing.
 */
public final class Callbacks {

    private static final List<Callback> GLOBAL = new CopyOnWriteArrayList<>();
    private static final Cache<Object, List<Callback>> ATTACHED =
            Caffeine.newBuilder().weakKeys().build();
    private static final AtomicLong IDS = new AtomicLong();
    private static volatile boolean anyAttached;

    private Callbacks() {}

    /**
     * Registers a callback for every call in this process.
     *
     * @param callback the callback
     * @return the registration; close it to remove the callback
     */
    public static Registration register(Callback callback) {
        Objects.requireNonNull(callback, "callback");
        GLOBAL.add(callback);
        return () -> GLOBAL.remove(callback);
    }

    /**
     * Attaches a callback to one program (or any module, model, tool): it sees the calls of that
     * instance and of everything called from inside them.
     *
     * @param instance the program
     * @param callback the callback
     * @return the registration; close it to detach the callback
     */
    public static Registration attach(Object instance, Callback callback) {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(callback, "callback");
        ATTACHED.asMap().compute(instance, (key, list) -> {
            List<Callback> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
            next.add(callback);
            return List.copyOf(next);
        });
        anyAttached = true;
        return () -> ATTACHED.asMap().computeIfPresent(instance, (key, list) -> {
            List<Callback> next = new ArrayList<>(list);
            next.remove(callback);
            return next.isEmpty() ? null : List.copyOf(next);
        });
    }

    /**
     * Puts callbacks in scope for the calls made on this thread until the scope is closed (and
     * on the threads DSPJ hands them to).
     *
     * @param callbacks the callbacks
     * @return the scope; close it to remove them
     */
    public static Scope with(Callback... callbacks) {
        return CallContext.current().withCallbacks(List.of(callbacks)).makeCurrent();
    }

    /**
     * Runs a block with callbacks in scope.
     *
     * @param callbacks the callbacks
     * @param block the block
     * @param <T> its result
     * @return what the block returned
     */
    public static <T> T with(List<? extends Callback> callbacks, Supplier<T> block) {
        try (Scope ignored = CallContext.current().withCallbacks(callbacks).makeCurrent()) {
            return block.get();
        }
    }

    /**
     * The callbacks registered for the whole process.
     *
     * @return a snapshot
     */
    public static List<Callback> registered() {
        return List.copyOf(GLOBAL);
    }

    /**
     * Announces a call: what DSPJ's own modules, adapters, tools, evaluations and optimizers do,
     * and what a hand-written module or tool may do. The caller runs the call's body inside {@link
     * ActiveCall#enter()} (or hands {@link ActiveCall#context()} to where it runs) and ends it once.
     *
     * @param kind what kind of call
     * @param name its short name
     * @param instance the object called
     * @param inputs what it is called with
     * @return the call; {@link ActiveCall#NONE} when nothing observes it
     */
    public static ActiveCall start(EventKind kind, String name, Object instance, Map<String, ?> inputs) {
        return start(kind, name, instance, inputs, null);
    }

    /**
     * Announces a call of a module whose parts have names: the calls made inside it are given
     * paths under its own ({@code hops[1]}, {@code generate_answer.predict}).
     *
     * @param kind what kind of call
     * @param name its short name
     * @param instance the object called
     * @param inputs what it is called with
     * @param childNames the module's parts by identity and their paths relative to it; asked only
     *     when the call is observed
     * @return the call; {@link ActiveCall#NONE} when nothing observes it
     */
    public static ActiveCall start(
            EventKind kind,
            String name,
            Object instance,
            Map<String, ?> inputs,
            @Nullable Supplier<Map<Object, String>> childNames) {
        CallContext context = CallContext.current();
        List<Callback> scoped = context.callbacks();
        List<Callback> attached = anyAttached ? ATTACHED.getIfPresent(instance) : null;
        if (attached != null) {
            List<Callback> both = new ArrayList<>(scoped);
            both.addAll(attached);
            scoped = List.copyOf(both);
        }
        if (scoped.isEmpty() && GLOBAL.isEmpty()) {
            return ActiveCall.NONE;
        }
        List<Callback> all;
        if (scoped.isEmpty()) {
            all = GLOBAL; // iterated, never changed through this reference
        } else {
            all = new ArrayList<>(GLOBAL.size() + scoped.size());
            all.addAll(GLOBAL);
            all.addAll(scoped);
        }
        CallStart parent = context.parent();
        String id = Long.toString(IDS.incrementAndGet());
        CallStart start = new CallStart(
                id,
                parent == null ? null : parent.callId(),
                parent == null ? id : parent.runId(),
                Objects.requireNonNull(kind, "kind"),
                Objects.requireNonNull(name, "name"),
                context.pathOf(instance),
                instance,
                inputs,
                System.nanoTime());
        ActiveCall call =
                new ActiveCall(start, all, context.child(start, scoped, childNames == null ? null : childNames.get()));
        call.notifyStart();
        return call;
    }

    static void logFailure(Logger log, Callback callback, String phase, CallStart start, Throwable error) {
        log.warn(
                "callback {} failed on the {} of {} {} (call {}); the call goes on",
                callback.getClass().getName(),
                phase,
                start.kind().label(),
                start.name(),
                start.callId(),
                error);
    }
}
