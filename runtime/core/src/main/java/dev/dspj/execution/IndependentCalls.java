package dev.dspj.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Model calls of an optimizer step that do not depend on each other (COPRO's proposals of a round,
 * the grounded proposer's instructions, SIMBA's rule calls of a step's buckets, GEPA's reflections
 * on every predictor), run at most {@code threads} at a time and read back in
 * their order. The caller draws every random value and names every step before it starts them, and
 * consumes the results one by one in order (recording each in the run record then), so a run with
 * many threads makes the same choices and records the same steps as a run with one.
 *
 * <p>With one thread nothing runs ahead: each task runs when {@link #get(int)} asks for it, on the
 * caller's thread, exactly as a plain loop would. With more, the tasks start at once in order on a
 * pool of their own, given all at once ({@link #start}) or one by one as the caller draws them
 * ({@link #open}, {@link #add}); once a task is refused by the budget ({@link CallBudgetExceededException}),
 * the tasks not yet started are not started, and reading one of them throws that refusal.
 * {@link #close()} waits for every started task, so no call of the step is still in flight after
 * it. Not thread-safe: one caller reads the results.
 *
 * @param <T> what a task produces
 */
public final class IndependentCalls<T> implements AutoCloseable {

    private final List<@Nullable Supplier<T>> tasks = new ArrayList<>();
    /** Each task's run, null for a null task; the list itself null when tasks run as they are read. */
    private final @Nullable List<@Nullable CompletableFuture<T>> started;

    private final int threads;
    private @Nullable ExecutorService pool;
    private final AtomicReference<@Nullable CallBudgetExceededException> refusal = new AtomicReference<>();

    private IndependentCalls(int threads, boolean runAhead) {
        this.threads = threads;
        this.started = runAhead ? new ArrayList<>() : null;
    }

    /**
     * Starts the tasks, at most {@code threads} at a time.
     *
     * @param threads the most tasks running at once; 1 or less runs each one only when it is read
     * @param tasks the work, in order; a null task (a step the run record already holds) is not run
     * @param <T> what a task produces
     * @return the tasks' results, to read in order and then close
     */
    public static <T> IndependentCalls<T> start(int threads, List<@Nullable Supplier<T>> tasks) {
        long runnable = tasks.stream().filter(task -> task != null).count();
        IndependentCalls<T> calls =
                new IndependentCalls<>((int) Math.min(threads, runnable), threads > 1 && runnable > 1);
        tasks.forEach(calls::add);
        return calls;
    }

    /**
     * An empty set of calls that {@link #add} starts one by one, as the caller draws them (SIMBA's
     * rule calls, as its buckets are taken), at most {@code threads} at a time.
     *
     * @param threads the most tasks running at once; 1 or less runs each one only when it is read
     * @param <T> what a task produces
     * @return the calls, to add to, read in order and then close
     */
    public static <T> IndependentCalls<T> open(int threads) {
        return new IndependentCalls<>(threads, threads > 1);
    }

    /**
     * Adds a task after the others and, unless tasks run as they are read, starts it; it is not
     * started once an earlier one was refused by the budget (reading it throws that refusal).
     *
     * @param task the work; null for a step the run record already holds
     * @return its position, for {@link #get(int)}
     */
    public int add(@Nullable Supplier<T> task) {
        tasks.add(task);
        List<@Nullable CompletableFuture<T>> running = started;
        if (running != null) {
            running.add(task == null ? null : CompletableFuture.supplyAsync(() -> run(task), pool()));
        }
        return tasks.size() - 1;
    }

    private T run(Supplier<T> task) {
        CallBudgetExceededException earlier = refusal.get();
        if (earlier != null) {
            throw earlier;
        }
        try {
            return task.get();
        } catch (RuntimeException failure) {
            CallBudgetExceededException refused = budgetRefusal(failure);
            if (refused != null) {
                refusal.compareAndSet(null, refused);
            }
            throw failure;
        }
    }

    private ExecutorService pool() {
        ExecutorService current = pool;
        if (current == null) {
            current = Workers.fixed("optimizer-calls", threads);
            pool = current;
        }
        return current;
    }

    /**
     * A started call's result, waiting for it; what the call threw is thrown as it was, not wrapped
     * in a {@link CompletionException}.
     *
     * @param <R> the result type
     * @param started the call
     * @return its result
     * @throws RuntimeException what the call threw
     */
    public static <R> R join(CompletableFuture<R> started) {
        try {
            return started.join();
        } catch (CompletionException wrapped) {
            Throwable cause = wrapped.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw wrapped;
        }
    }

    /**
     * The result of task {@code index}, waiting for it; with one thread, runs it now.
     *
     * @param index the task's position
     * @return its result
     * @throws RuntimeException what the task threw
     */
    public T get(int index) {
        Supplier<T> task = tasks.get(index);
        if (task == null) {
            throw new IllegalStateException(
                    "IndependentCalls: task " + index + " was null (not to be run) and has no " + "result");
        }
        List<@Nullable CompletableFuture<T>> running = started;
        if (running == null) {
            return task.get();
        }
        CompletableFuture<T> run = java.util.Objects.requireNonNull(running.get(index), "a started task");
        try {
            return run.join();
        } catch (CompletionException | CancellationException wrapped) {
            Throwable cause =
                    wrapped instanceof CompletionException && wrapped.getCause() != null ? wrapped.getCause() : wrapped;
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("IndependentCalls: task " + index + " failed", cause);
        }
    }

    /** Waits until every started task has finished (whatever its outcome). */
    @Override
    public void close() {
        List<@Nullable CompletableFuture<T>> running = started;
        if (running == null) {
            return;
        }
        boolean interrupted = false;
        for (CompletableFuture<T> future : running) {
            if (future == null) {
                continue;
            }
            while (true) {
                try {
                    future.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | CancellationException e) {
                    break;
                }
            }
        }
        ExecutorService current = pool;
        if (current != null) {
            current.shutdown();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static @Nullable CallBudgetExceededException budgetRefusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CallBudgetExceededException refused) {
                return refused;
            }
        }
        return null;
    }
}
