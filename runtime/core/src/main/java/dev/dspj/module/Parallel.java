package dev.dspj.module;

import dev.dspj.observe.CallContext;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs modules over many inputs with a bounded number of calls in flight, as DSPy's
 * {@code Parallel}: results come back in input order, and every input's outcome is reported
 * (its prediction, or the error it failed with, or that it was not run), never dropped.
 *
 * <p>{@link AsyncModule}s ({@link Predict}, {@link ChainOfThought}, generated predictors,
 * {@link MultiChainComparison}) run through {@link AsyncModule#forwardAsync}: a semaphore of
 * {@code maxConcurrency} permits bounds the calls in flight, and no thread is needed per call, so
 * thousands of inputs need no thousands of threads. Other modules run on a pool of at most
 * {@code maxConcurrency} threads, created for the run and shut down after it.
 *
 * <p>With {@code maxErrors} set, the run stops starting new inputs once that many have failed
 * (DSPy cancels at {@code error_count >= max_errors}): calls already in flight finish and are
 * reported, and the inputs not started are reported as skipped with the reason. The calling
 * thread blocks until the run is over. Instances are immutable and can be shared.
 */
public final class Parallel {

    /** The default bound on calls in flight. */
    public static final int DEFAULT_MAX_CONCURRENCY = 16;

    private static final Logger LOG = LoggerFactory.getLogger(Parallel.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int maxConcurrency;
    private final @Nullable Integer maxErrors;

    /** Runs at most {@value #DEFAULT_MAX_CONCURRENCY} calls at once, with no error limit. */
    public Parallel() {
        this(DEFAULT_MAX_CONCURRENCY);
    }

    /**
     * Runs at most {@code maxConcurrency} calls at once, with no error limit.
     *
     * @param maxConcurrency at least 1
     */
    public Parallel(int maxConcurrency) {
        this(maxConcurrency, null);
    }

    private Parallel(int maxConcurrency, @Nullable Integer maxErrors) {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("Parallel maxConcurrency must be at least 1, got " + maxConcurrency);
        }
        if (maxErrors != null && maxErrors < 1) {
            throw new IllegalArgumentException("Parallel maxErrors must be at least 1, got " + maxErrors);
        }
        this.maxConcurrency = maxConcurrency;
        this.maxErrors = maxErrors;
    }

    /**
     * Returns a copy that stops starting inputs once {@code limit} inputs have failed.
     *
     * @param limit at least 1
     * @return the copy
     */
    public Parallel withMaxErrors(int limit) {
        return new Parallel(maxConcurrency, limit);
    }

    /**
     * The bound on calls in flight.
     *
     * @return the bound
     */
    public int maxConcurrency() {
        return maxConcurrency;
    }

    /**
     * The number of failures after which no new input is started, if set.
     *
     * @return the limit
     */
    public OptionalInt maxErrors() {
        return maxErrors == null ? OptionalInt.empty() : OptionalInt.of(maxErrors);
    }

    /**
     * One unit of work: a module and the inputs to run it on (DSPy's {@code (module, example)}
     * pairs).
     *
     * @param module the module
     * @param inputs input field name to value
     */
    public record Task(Module module, Map<String, Object> inputs) {

        /**
         * Validates the task.
         *
         * @param module the module
         * @param inputs the inputs, copied
         */
        public Task {
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(inputs, "inputs");
            inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        }
    }

    /**
     * Runs one module over many inputs.
     *
     * @param module the module
     * @param inputs one map of input values per run
     * @return each input's outcome, in input order
     */
    public ParallelResult run(Module module, List<? extends Map<String, Object>> inputs) {
        return run(module, inputs, CallOptions.NONE);
    }

    /**
     * Runs one module over many inputs with per-call overrides.
     *
     * @param module the module
     * @param inputs one map of input values per run
     * @param options a model and settings for every call
     * @return each input's outcome, in input order
     */
    public ParallelResult run(Module module, List<? extends Map<String, Object>> inputs, CallOptions options) {
        Objects.requireNonNull(module, "module");
        List<Task> tasks = new ArrayList<>(inputs.size());
        for (Map<String, Object> values : inputs) {
            tasks.add(new Task(module, values));
        }
        return runTasks(tasks, options);
    }

    /**
     * Runs one module over examples' input fields (DSPy's {@code example.inputs()}).
     *
     * @param module the module
     * @param examples examples with their inputs marked
     * @return each example's outcome, in order
     */
    public ParallelResult runExamples(Module module, List<Example> examples) {
        Objects.requireNonNull(module, "module");
        List<Task> tasks = new ArrayList<>(examples.size());
        for (Example example : examples) {
            tasks.add(new Task(module, example.inputs()));
        }
        return runTasks(tasks, CallOptions.NONE);
    }

    /**
     * Runs tasks, each with its own module.
     *
     * @param tasks the work
     * @return each task's outcome, in order
     */
    public ParallelResult runTasks(List<Task> tasks) {
        return runTasks(tasks, CallOptions.NONE);
    }

    /**
     * Runs tasks, each with its own module, with per-call overrides.
     *
     * @param tasks the work
     * @param options a model and settings for every call
     * @return each task's outcome, in order
     */
    public ParallelResult runTasks(List<Task> tasks, CallOptions options) {
        Objects.requireNonNull(options, "options");
        List<Task> work = List.copyOf(tasks);
        return new Run(work, options).execute();
    }

    /** The state of one run. */
    private final class Run {
        private final List<Task> tasks;
        private final CallOptions options;
        private final ParallelResult.Outcome[] outcomes;
        private final Semaphore permits = new Semaphore(maxConcurrency);
        private final AtomicInteger errors = new AtomicInteger();
        private volatile @Nullable String stopReason;
        private @Nullable ExecutorService pool;

        Run(List<Task> tasks, CallOptions options) {
            this.tasks = tasks;
            this.options = options;
            this.outcomes = new ParallelResult.Outcome[tasks.size()];
        }

        ParallelResult execute() {
            List<CompletableFuture<Void>> inFlight = new ArrayList<>(tasks.size());
            boolean interrupted = false;
            try {
                for (int index = 0; index < tasks.size(); index++) {
                    if (stopReason == null) {
                        try {
                            permits.acquire();
                        } catch (InterruptedException e) {
                            interrupted = true;
                            stop("the calling thread was interrupted");
                        }
                    }
                    if (stopReason != null) {
                        if (!interrupted) {
                            permits.release();
                        }
                        skipFrom(index);
                        break;
                    }
                    inFlight.add(start(index));
                }
                for (CompletableFuture<Void> future : inFlight) {
                    interrupted |= awaitUninterruptibly(future);
                }
            } finally {
                if (pool != null) {
                    pool.shutdown();
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            if (stopReason != null) {
                LOG.warn("Parallel: {}", stopReason);
            }
            return new ParallelResult(List.of(outcomes), stopReason);
        }

        private CompletableFuture<Void> start(int index) {
            Task task = tasks.get(index);
            CompletableFuture<Prediction> call;
            try {
                if (task.module() instanceof AsyncModule async) {
                    call = async.forwardAsync(task.inputs(), options);
                    if (call == null) {
                        throw new IllegalStateException(
                                task.module().getClass().getName() + ".forwardAsync returned null");
                    }
                } else {
                    call = CompletableFuture.supplyAsync(
                            CallContext.current()
                                    .wrapSupplier(() -> task.module().invoke(task.inputs(), options)),
                            pool());
                }
            } catch (RuntimeException e) {
                call = CompletableFuture.failedFuture(e);
            }
            return call.handle((prediction, error) -> {
                try {
                    finish(index, task, prediction, error);
                } finally {
                    permits.release();
                }
                return null;
            });
        }

        private void finish(int index, Task task, Prediction prediction, Throwable error) {
            if (error == null) {
                outcomes[index] = ParallelResult.Outcome.succeeded(index, task, prediction);
                return;
            }
            outcomes[index] = ParallelResult.Outcome.failed(index, task, unwrap(error));
            int count = errors.incrementAndGet();
            if (maxErrors != null && count >= maxErrors) {
                stop("stopped after " + count + " failed input" + (count == 1 ? "" : "s") + " (maxErrors=" + maxErrors
                        + "); inputs not yet started were skipped");
            }
        }

        private synchronized void stop(String reason) {
            if (stopReason == null) {
                stopReason = reason;
            }
        }

        private void skipFrom(int first) {
            for (int index = first; index < tasks.size(); index++) {
                Task task = tasks.get(index);
                outcomes[index] = ParallelResult.Outcome.skipped(
                        index,
                        task,
                        new CancellationException(
                                "Parallel did not run input #" + index + " " + Modules.describe(task.inputs()) + " on "
                                        + Modules.describe(task.module()) + ": " + stopReason));
            }
        }

        private synchronized ExecutorService pool() {
            if (pool == null) {
                int threads = Math.min(maxConcurrency, tasks.size());
                int id = POOLS.incrementAndGet();
                AtomicInteger count = new AtomicInteger();
                ThreadFactory factory = runnable -> {
                    Thread thread = new Thread(runnable, "dspj-parallel-" + id + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                };
                pool = Executors.newFixedThreadPool(Math.max(1, threads), factory);
            }
            return pool;
        }
    }

    private static boolean awaitUninterruptibly(CompletableFuture<Void> future) {
        boolean interrupted = false;
        while (true) {
            try {
                future.get();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | CancellationException e) {
                return interrupted;
            }
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    @Override
    public String toString() {
        return "Parallel(maxConcurrency=" + maxConcurrency + (maxErrors == null ? "" : ", maxErrors=" + maxErrors)
                + ")";
    }
}
