package dev.dspj.observe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What travels from a call to the calls it makes: the callbacks in scope, the call being made (the
 * parent of the next event), where in the program it is (the module path) and values such as the
 * usage being counted for a program run.
 *
 * <p>A context is immutable and current per thread. DSPJ hands it on itself wherever it hands work
 * to another thread (its thread pools, {@code CompletableFuture} continuations of model calls,
 * tools run on their own threads). Code that hands work on by itself keeps the chain with {@link
 * #wrap(Runnable)}, {@link #wrap(Callable)} or {@link #executor(Executor)}, on platform and virtual
 * threads alike:
 *
 * <pre>{@code
 * CompletableFuture.supplyAsync(CallContext.current().wrapSupplier(() -> program.invoke(inputs)), pool);
 * }</pre>
 */
public final class CallContext {

    private static final CallContext ROOT = new CallContext(List.of(), null, "", "", Map.of(), Map.of());
    private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();

    private final List<Callback> callbacks;
    private final @Nullable CallStart parent;
    private final String path;
    private final String pathBase;
    private final Map<Object, String> names;
    private final Map<ContextKey<?>, Object> values;

    private CallContext(
            List<Callback> callbacks,
            @Nullable CallStart parent,
            String path,
            String pathBase,
            Map<Object, String> names,
            Map<ContextKey<?>, Object> values) {
        this.callbacks = callbacks;
        this.parent = parent;
        this.path = path;
        this.pathBase = pathBase;
        this.names = names;
        this.values = values;
    }

    /**
     * The context current on this thread: the one of the call being made, or an empty one.
     *
     * @return the context
     */
    public static CallContext current() {
        CallContext context = CURRENT.get();
        return context == null ? ROOT : context;
    }

    /**
     * The callbacks in scope here (not counting the process-wide ones of {@link
     * Callbacks#register}).
     *
     * @return the callbacks
     */
    public List<Callback> callbacks() {
        return callbacks;
    }

    /**
     * The call being made, the parent of the next event.
     *
     * @return its start, or null outside any observed call
     */
    public @Nullable CallStart parent() {
        return parent;
    }

    /**
     * Where in the program this is: the path of the current module ({@code hops[1]}), empty at the
     * top.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    /**
     * A value carried by this context.
     *
     * @param key its key
     * @param <T> its type
     * @return the value, or null when none was set
     */
    @SuppressWarnings("unchecked")
    public <T> @Nullable T get(ContextKey<T> key) {
        return (T) values.get(key);
    }

    /**
     * This context with a value set.
     *
     * @param key its key
     * @param value the value
     * @param <T> its type
     * @return a new context
     */
    public <T> CallContext with(ContextKey<T> key, T value) {
        Map<ContextKey<?>, Object> copy = new HashMap<>(values); // keys compare by identity
        copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new CallContext(callbacks, parent, path, pathBase, names, Map.copyOf(copy));
    }

    /**
     * This context with more callbacks in scope.
     *
     * @param more the callbacks to add
     * @return a new context
     */
    public CallContext withCallbacks(List<? extends Callback> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Callback> all = new ArrayList<>(callbacks);
        for (Callback callback : more) {
            all.add(Objects.requireNonNull(callback, "callback"));
        }
        return new CallContext(List.copyOf(all), parent, path, pathBase, names, values);
    }

    CallContext child(CallStart start, List<Callback> scoped, @Nullable Map<Object, String> childNames) {
        if (childNames == null || childNames.isEmpty()) {
            return new CallContext(scoped, start, start.path(), pathBase, names, values);
        }
        return new CallContext(scoped, start, start.path(), start.path(), childNames, values);
    }

    String pathOf(Object instance) {
        String name = names.get(instance);
        if (name == null) {
            return path;
        }
        return pathBase.isEmpty() ? name : pathBase + "." + name;
    }

    /**
     * Makes this context current on this thread until the scope is closed.
     *
     * @return the scope; close it to restore the context before
     */
    public Scope makeCurrent() {
        CallContext before = CURRENT.get();
        if (before == this) {
            return Scope.NONE;
        }
        CURRENT.set(this);
        // back to what was there, null included: removing the entry would make the next call's set
        // allocate it again and sweep the thread's map for stale entries, on every observed call
        return () -> CURRENT.set(before);
    }

    /**
     * Runs a task with this context current, whatever thread runs it.
     *
     * @param task the task
     * @return the task, carrying this context
     */
    public Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            try (Scope ignored = makeCurrent()) {
                task.run();
            }
        };
    }

    /**
     * Runs a task with this context current, whatever thread runs it.
     *
     * @param task the task
     * @param <T> its result
     * @return the task, carrying this context
     */
    public <T> Callable<T> wrap(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            try (Scope ignored = makeCurrent()) {
                return task.call();
            }
        };
    }

    /**
     * Runs a supplier with this context current, whatever thread runs it (for {@code
     * CompletableFuture.supplyAsync}).
     *
     * @param task the supplier
     * @param <T> its result
     * @return the supplier, carrying this context
     */
    public <T> Supplier<T> wrapSupplier(Supplier<T> task) {
        Objects.requireNonNull(task, "task");
        return () -> {
            try (Scope ignored = makeCurrent()) {
                return task.get();
            }
        };
    }

    /**
     * An executor that runs each task with the context that was current when it was submitted.
     *
     * @param executor the executor that runs them
     * @return the propagating executor
     */
    public static Executor executor(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return task -> executor.execute(current().wrap(task));
    }

    @Override
    public String toString() {
        return "CallContext(path=" + path + ", parent=" + (parent == null ? "none" : parent.callId()) + ", callbacks="
                + callbacks.size() + ")";
    }
}
