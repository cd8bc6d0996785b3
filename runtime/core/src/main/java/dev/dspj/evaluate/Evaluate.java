package dev.dspj.evaluate;

import dev.dspj.Dspj;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.usage.ModelUsage;
import dev.dspj.lm.usage.PriceTable;
import dev.dspj.lm.usage.UsageMeter;
import dev.dspj.module.AsyncModule;
import dev.dspj.module.CallOptions;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.module.Trace;
import dev.dspj.module.TraceEntry;
import dev.dspj.observe.ActiveCall;
import dev.dspj.observe.CallContext;
import dev.dspj.observe.Callbacks;
import dev.dspj.observe.EventKind;
import dev.dspj.observe.Scope;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a program over a dev set and scores each prediction with a metric, as DSPy's
 * {@code Evaluate}: bounded concurrency, a terminal progress bar with the running score, results
 * in dataset order, failures counted as 0 and listed with their exception (never dropped), the
 * model usage and cost the run spent, latency percentiles, a table and JSON/CSV exports.
 *
 * <pre>{@code
 * Evaluate evaluate = Evaluate.builder(devset, Metrics.exactMatch("answer"))
 *         .concurrency(32)
 *         .displayTable(5)
 *         .build();
 * EvaluationResult result = evaluate.run(program);
 * System.out.println(result);   // Average metric: 34.0 / 50 (68.0%), 2 failed, 120 calls, ...
 * }</pre>
 *
 * <p>How a run goes. At most {@link #concurrency()} examples are in flight. A program that is an
 * {@link AsyncModule} (Predict, ChainOfThought, generated predictors) runs through
 * {@link AsyncModule#forwardAsync}, with no thread held per call; other programs run on a pool of
 * at most {@code concurrency} threads created for the run. Each example runs inside its own
 * {@link Trace}, opened on the thread that starts it, and the metric receives that trace (the
 * predictor calls made for this example). {@link AsyncMetric}s (the built-in metrics,
 * {@link SemanticF1}) are called where the prediction completes; other metrics run on the pool, so
 * a metric that blocks never holds a model client's I/O thread. A program or metric that throws
 * makes its example a failure that scores 0; with {@link Builder#maxErrors(int)}, once that many
 * examples have failed no new example is started, the ones in flight finish, and the run throws
 * an {@link EvaluationAbortedException} carrying the partial result.
 *
 * <p>What a run spent. The run executes a {@linkplain Module#deepCopy() deep copy} of the program
 * whose predictors' models (each one's own, else the process-wide {@link Dspj#defaultModel()}, and
 * the model of the {@link CallOptions} when one is given) are wrapped by a meter of this run, so
 * {@link EvaluationResult#usage()} is exactly the calls made through the program's predictors:
 * not other runs in the JVM, concurrent evaluations of the same program instance included, and not
 * calls a metric makes with its own model (an LM judge). Cache hits count as calls and cache hits,
 * with no tokens and no cost; cost is priced with {@link Builder#prices(PriceTable)}. The caller's
 * program is never changed, and the traces in the results and given to the metric name the
 * caller's predictors, not the copy's. The program's {@code deepCopy()} must therefore copy its
 * predictors (a program without predictors is run as it is).
 *
 * <p>Instances are immutable and can be shared and run several times (optimizers do).
 */
public final class Evaluate {

    /** The default bound on examples in flight. */
    public static final int DEFAULT_CONCURRENCY = 16;

    private static final Logger LOG = LoggerFactory.getLogger(Evaluate.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final List<Example> devset;
    private final Metric metric;
    private final int concurrency;
    private final boolean progress;
    private final int maxErrors;
    private final int displayTable;
    private final @Nullable Consumer<String> progressLines;
    private final PriceTable prices;

    private Evaluate(Builder builder) {
        this.devset = builder.devset;
        this.metric = builder.metric;
        this.concurrency = builder.concurrency;
        this.progress = builder.progress;
        this.maxErrors = builder.maxErrors;
        this.displayTable = builder.displayTable;
        this.progressLines = builder.progressLines;
        this.prices = builder.prices;
    }

    /**
     * Starts configuring an evaluation.
     *
     * @param devset the examples, with their inputs marked
     * @param metric scores each prediction
     * @return a builder
     */
    public static Builder builder(List<Example> devset, Metric metric) {
        return new Builder(devset, metric);
    }

    /**
     * The examples.
     *
     * @return the dev set
     */
    public List<Example> devset() {
        return devset;
    }

    /**
     * The metric.
     *
     * @return the metric
     */
    public Metric metric() {
        return metric;
    }

    /**
     * The bound on examples in flight.
     *
     * @return the bound
     */
    public int concurrency() {
        return concurrency;
    }

    /**
     * The number of failed examples after which the run stops; {@link Integer#MAX_VALUE} for no limit.
     *
     * @return the limit
     */
    public int maxErrors() {
        return maxErrors;
    }

    /**
     * Whether a progress bar is shown.
     *
     * @return the flag
     */
    public boolean progress() {
        return progress;
    }

    /**
     * The prices the run's cost is computed with.
     *
     * @return the price table
     */
    public PriceTable prices() {
        return prices;
    }

    /**
     * How many rows of the result table are printed after a run.
     *
     * @return the row count, 0 for none
     */
    public int displayTable() {
        return displayTable;
    }

    /**
     * Evaluates a program.
     *
     * @param program the program; it is not changed (a deep copy of it runs, its models metered)
     * @return every example's result and the totals
     * @throws EvaluationAbortedException when {@code maxErrors} examples failed (or the calling
     *     thread was interrupted); it carries the partial result
     * @throws IllegalStateException when the program has predictors but its {@code deepCopy()}
     *     does not return a copy with predictors of its own
     */
    public EvaluationResult run(Module program) {
        return run(program, CallOptions.NONE);
    }

    /**
     * Evaluates a program with per-call overrides (a model and settings that win over its
     * predictors' own for every call of the run).
     *
     * @param program the program; it is not changed (a deep copy of it runs, its models metered)
     * @param options the overrides
     * @return every example's result and the totals
     * @throws EvaluationAbortedException when {@code maxErrors} examples failed (or the calling
     *     thread was interrupted); it carries the partial result
     * @throws IllegalStateException when the program has predictors but its {@code deepCopy()}
     *     does not return a copy with predictors of its own
     */
    public EvaluationResult run(Module program, CallOptions options) {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(options, "options");
        ActiveCall call = Callbacks.start(
                EventKind.EVALUATE,
                program.getClass().getSimpleName(),
                this,
                Map.of("program", program, "examples", devset.size()));
        EvaluationResult result;
        try (Scope body = call.enter()) {
            result = new Run(program, options).execute();
        } catch (RuntimeException | Error e) {
            call.fail(e);
            throw e;
        }
        call.end(result);
        LOG.info("{}", result);
        if (displayTable > 0) {
            System.out.print(result.table(displayTable));
        }
        if (result.stoppedEarly()) {
            throw new EvaluationAbortedException(result);
        }
        return result;
    }

    @Override
    public String toString() {
        return "Evaluate(" + devset.size() + " examples, metric=" + metric + ", concurrency=" + concurrency
                + (maxErrors == Integer.MAX_VALUE ? "" : ", maxErrors=" + maxErrors) + ")";
    }

    /** The state of one run. */
    private final class Run {
        private final UsageMeter meter = new UsageMeter(prices);
        /** The copy's predictors to the caller's, so traces name the caller's predictors; empty when no copy. */
        private final IdentityHashMap<Predict, Predict> callerPredictorOf = new IdentityHashMap<>();

        private final Module program;
        private final CallOptions options;
        private final ExampleResult[] results;
        private final Semaphore permits = new Semaphore(concurrency);
        private final AtomicInteger failures = new AtomicInteger();
        private final Object progressLock = new Object();
        private ProgressDisplay display = ProgressDisplay.NONE;
        private int done;
        private double total;
        private volatile @Nullable String stopReason;
        private @Nullable ExecutorService pool;

        Run(Module program, CallOptions options) {
            this.program = meteredCopy(program);
            options.model().ifPresent(this::expectCalls);
            this.options = options.model()
                    .map(model -> options.withModel(meter.wrap(model)))
                    .orElse(options);
            this.results = new ExampleResult[devset.size()];
        }

        /**
         * The program the run executes: a deep copy of the caller's whose predictors each have their
         * model (their own, else the process-wide default at the start of the run) wrapped by this
         * run's meter, so the run counts exactly its own calls while the caller's program, and any
         * other run of it, is left alone. A program with no predictors runs as it is.
         */
        private Module meteredCopy(Module caller) {
            List<NamedPredictor> callers = caller.namedPredictors();
            if (callers.isEmpty()) {
                return caller;
            }
            Module copy = caller.deepCopy();
            List<NamedPredictor> copies = copy == null || copy == caller ? List.of() : copy.namedPredictors();
            IdentityHashMap<Predict, Predict> originals = new IdentityHashMap<>();
            callers.forEach(named -> originals.put(named.predictor(), named.predictor()));
            boolean independent = copies.size() == callers.size()
                    && copies.stream().noneMatch(named -> originals.containsKey(named.predictor()));
            if (!independent) {
                throw new IllegalStateException("Evaluate runs a deep copy of the program, so that it can meter the "
                        + "copy's models without changing the program, but "
                        + caller.getClass().getName()
                        + ".deepCopy() returned "
                        + (copy == null
                                ? "null"
                                : copy == caller
                                        ? "the program itself"
                                        : "a module whose predictors " + names(copies)
                                                + " are not independent copies of " + names(callers))
                        + "; make deepCopy() return a new instance with copied predictors (ModuleCopier helps)");
            }
            for (int i = 0; i < copies.size(); i++) {
                Predict predictor = copies.get(i).predictor();
                Optional<LanguageModel> model = predictor.model().or(Dspj::defaultModel);
                // a predictor with no model anywhere is left alone: its calls fail with Predict's explanation
                model.ifPresent(m -> {
                    expectCalls(m);
                    predictor.setModel(meter.wrap(m));
                });
                callerPredictorOf.put(predictor, callers.get(i).predictor());
            }
            return copy;
        }

        /** Tells a model the run's calls are coming, as many at once as the run keeps in flight. */
        private void expectCalls(LanguageModel model) {
            int atOnce = Math.min(concurrency, devset.size());
            if (atOnce > 1) {
                model.expectConcurrentCalls(atOnce);
            }
        }

        /** The calls of one example, each naming the caller's predictor rather than the copy's. */
        private List<TraceEntry> attributed(Trace trace) {
            List<TraceEntry> entries = trace.entries();
            if (callerPredictorOf.isEmpty()) {
                return entries;
            }
            List<TraceEntry> out = new ArrayList<>(entries.size());
            for (TraceEntry entry : entries) {
                Predict caller = callerPredictorOf.get(entry.predictor());
                out.add(caller == null ? entry : new TraceEntry(caller, entry.inputs(), entry.prediction()));
            }
            return out;
        }

        /** The trace a metric receives: the recorded one, or one naming the caller's predictors. */
        private Trace metricTrace(Trace recorded, List<TraceEntry> calls) {
            return callerPredictorOf.isEmpty() ? recorded : Trace.of(calls);
        }

        EvaluationResult execute() {
            long start = System.nanoTime();
            ModelUsage usage;
            boolean interrupted = false;
            List<CompletableFuture<Void>> inFlight = new ArrayList<>(devset.size());
            try {
                if (progress) {
                    display = ProgressDisplay.open("Evaluate", devset.size(), progressLines);
                }
                try {
                    for (int index = 0; index < devset.size(); index++) {
                        if (stopReason == null) {
                            try {
                                permits.acquire();
                            } catch (InterruptedException e) {
                                interrupted = true;
                                stop("the calling thread was interrupted");
                                skipFrom(index);
                                break;
                            }
                            if (stopReason != null) {
                                permits.release();
                            }
                        }
                        if (stopReason != null) {
                            skipFrom(index);
                            break;
                        }
                        inFlight.add(start(index));
                    }
                    for (CompletableFuture<Void> future : inFlight) {
                        interrupted |= awaitUninterruptibly(future);
                    }
                } finally {
                    display.close();
                    if (pool != null) {
                        pool.shutdown();
                    }
                }
                usage = meter.total();
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            for (int i = 0; i < results.length; i++) {
                if (results[i] == null) {
                    results[i] = ExampleResult.failed(
                            i,
                            devset.get(i),
                            null,
                            new IllegalStateException("the evaluation lost this example's outcome (a bug in Evaluate)"),
                            ExampleResult.Stage.PROGRAM,
                            Duration.ZERO,
                            List.of());
                }
            }
            return new EvaluationResult(
                    List.of(results),
                    usage,
                    Duration.ofNanos(System.nanoTime() - start),
                    stopReason,
                    String.valueOf(metric));
        }

        /** Starts one example; the future completes when its result is recorded (never exceptionally). */
        private CompletableFuture<Void> start(int index) {
            Example example = devset.get(index);
            CompletableFuture<Void> finished;
            if (program instanceof AsyncModule async) {
                finished = startAsync(index, example, async);
            } else {
                finished = CompletableFuture.runAsync(
                        CallContext.current().wrap(() -> runBlocking(index, example)), pool());
            }
            return finished.handle((ignored, error) -> {
                if (error != null && results[index] == null) {
                    record(ExampleResult.failed(
                            index,
                            example,
                            null,
                            unwrap(error),
                            ExampleResult.Stage.PROGRAM,
                            Duration.ZERO,
                            List.of()));
                }
                permits.release();
                return null;
            });
        }

        private CompletableFuture<Void> startAsync(int index, Example example, AsyncModule async) {
            long began = System.nanoTime();
            CompletableFuture<Prediction> call;
            Trace trace = Trace.start();
            try {
                call = async.forwardAsync(example.inputs(), options);
                if (call == null) {
                    throw new IllegalStateException(async.getClass().getName() + ".forwardAsync returned null");
                }
            } catch (Throwable e) {
                call = CompletableFuture.failedFuture(e);
            } finally {
                trace.close();
            }
            return call.handle((prediction, error) -> new Outcome(
                            prediction,
                            error == null ? null : unwrap(error),
                            Duration.ofNanos(System.nanoTime() - began)))
                    .thenCompose(outcome -> {
                        List<TraceEntry> calls = attributed(trace);
                        if (outcome.error() != null || outcome.prediction() == null) {
                            record(programFailure(index, example, outcome, calls));
                            return CompletableFuture.completedFuture(null);
                        }
                        return scoreAsync(index, example, outcome, metricTrace(trace, calls), calls);
                    });
        }

        private CompletableFuture<Void> scoreAsync(
                int index, Example example, Outcome outcome, Trace trace, List<TraceEntry> calls) {
            // the caller scores only an outcome with a prediction
            Prediction prediction = Objects.requireNonNull(outcome.prediction(), "prediction");
            CompletableFuture<MetricResult> verdict;
            if (metric instanceof AsyncMetric async) {
                try {
                    verdict = async.scoreAsync(example, prediction, trace);
                    if (verdict == null) {
                        throw new IllegalStateException("metric " + metric + " returned no future from scoreAsync");
                    }
                } catch (Throwable e) {
                    verdict = CompletableFuture.failedFuture(e);
                }
            } else {
                verdict = CompletableFuture.supplyAsync(() -> metric.score(example, prediction, trace), pool());
            }
            return verdict.handle((result, error) -> {
                record(metricOutcome(index, example, outcome, calls, result, error == null ? null : unwrap(error)));
                return null;
            });
        }

        /** Runs a program that is not an AsyncModule, and its metric, on a pool thread. */
        private void runBlocking(int index, Example example) {
            long began = System.nanoTime();
            Prediction prediction = null;
            Throwable error = null;
            Trace trace = Trace.start();
            try {
                prediction = program.invoke(example.inputs(), options);
            } catch (Throwable e) {
                error = e;
            } finally {
                trace.close();
            }
            Outcome outcome = new Outcome(prediction, error, Duration.ofNanos(System.nanoTime() - began));
            List<TraceEntry> calls = attributed(trace);
            if (error != null || prediction == null) {
                record(programFailure(index, example, outcome, calls));
                return;
            }
            MetricResult result = null;
            Throwable metricError = null;
            try {
                result = metric.score(example, prediction, metricTrace(trace, calls));
            } catch (Throwable e) {
                metricError = e;
            }
            record(metricOutcome(index, example, outcome, calls, result, metricError));
        }

        private ExampleResult programFailure(int index, Example example, Outcome outcome, List<TraceEntry> calls) {
            Throwable error = outcome.error() != null
                    ? outcome.error()
                    : new IllegalStateException(program.getClass().getName() + " returned no prediction (null)");
            return ExampleResult.failed(
                    index, example, null, error, ExampleResult.Stage.PROGRAM, outcome.latency(), calls);
        }

        private ExampleResult metricOutcome(
                int index,
                Example example,
                Outcome outcome,
                List<TraceEntry> calls,
                @Nullable MetricResult result,
                @Nullable Throwable error) {
            if (error == null && result != null) {
                // scored requires the prediction, which the caller checked
                return ExampleResult.scored(
                        index,
                        example,
                        Objects.requireNonNull(outcome.prediction(), "prediction"),
                        result,
                        outcome.latency(),
                        calls);
            }
            Throwable failure = error != null
                    ? error
                    : new IllegalStateException("metric " + metric + " returned null instead of a MetricResult");
            return ExampleResult.failed(
                    index,
                    example,
                    outcome.prediction(),
                    failure,
                    ExampleResult.Stage.METRIC,
                    outcome.latency(),
                    calls);
        }

        private void record(ExampleResult result) {
            results[result.index()] = result;
            int failed = failures.get();
            if (!result.scored()) {
                failed = failures.incrementAndGet();
                LOG.debug("Evaluate: {}", result.describe());
                if (failed >= maxErrors) {
                    stop("maxErrors=" + maxErrors + " reached");
                }
            }
            synchronized (progressLock) {
                done++;
                total += result.score();
                display.update(done, total, failed);
            }
        }

        private synchronized void stop(String reason) {
            if (stopReason == null) {
                stopReason = reason;
            }
        }

        private void skipFrom(int first) {
            for (int index = first; index < devset.size(); index++) {
                results[index] = ExampleResult.skipped(
                        index,
                        devset.get(index),
                        new CancellationException(
                                "example #" + index + " was not run: the evaluation stopped (" + stopReason + ")"));
            }
        }

        private synchronized ExecutorService pool() {
            if (pool == null) {
                int id = POOLS.incrementAndGet();
                AtomicInteger count = new AtomicInteger();
                ThreadPoolExecutor executor = new ThreadPoolExecutor(
                        concurrency, concurrency, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                            Thread thread = new Thread(runnable, "dspj-evaluate-" + id + "-" + count.incrementAndGet());
                            thread.setDaemon(true);
                            return thread;
                        });
                executor.allowCoreThreadTimeOut(true);
                pool = executor;
            }
            return pool;
        }
    }

    /** What the program did on one example. */
    private record Outcome(
            @Nullable Prediction prediction, @Nullable Throwable error, Duration latency) {}

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

    private static List<String> names(List<NamedPredictor> predictors) {
        return predictors.stream().map(NamedPredictor::name).toList();
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** Configures an {@link Evaluate}. */
    public static final class Builder {
        private final List<Example> devset;
        private final Metric metric;
        private int concurrency = DEFAULT_CONCURRENCY;

        @SuppressWarnings("SystemConsoleNull") // Java 17: null exactly when not attached to a terminal
        private boolean progress = System.console() != null;

        private int maxErrors = Integer.MAX_VALUE;
        private int displayTable;
        private @Nullable Consumer<String> progressLines;
        private PriceTable prices = PriceTable.defaults();

        private Builder(List<Example> devset, Metric metric) {
            Objects.requireNonNull(devset, "devset");
            this.metric = Objects.requireNonNull(metric, "metric");
            for (int i = 0; i < devset.size(); i++) {
                if (devset.get(i) == null) {
                    throw new IllegalArgumentException("example #" + i + " of the dev set is null");
                }
            }
            this.devset = List.copyOf(devset);
        }

        /**
         * Bounds the examples in flight (default {@value Evaluate#DEFAULT_CONCURRENCY}).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder concurrency(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("Evaluate concurrency must be at least 1, got " + value);
            }
            this.concurrency = value;
            return this;
        }

        /**
         * Shows a terminal progress bar with the running score (default: only when a console is
         * attached, {@code System.console() != null}).
         *
         * @param value whether to show it
         * @return this builder
         */
        public Builder progress(boolean value) {
            this.progress = value;
            return this;
        }

        /** Sends the progress bar's lines somewhere else than the console (tests). */
        Builder progressLines(Consumer<String> lines) {
            this.progressLines = lines;
            this.progress = true;
            return this;
        }

        /**
         * Stops the run once this many examples have failed (default: no limit): no new example
         * is started, the ones in flight finish, and {@link Evaluate#run} throws an
         * {@link EvaluationAbortedException} with the partial result.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxErrors(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("Evaluate maxErrors must be at least 1, got " + value);
            }
            this.maxErrors = value;
            return this;
        }

        /**
         * The prices the run's cost is computed with (default {@link PriceTable#defaults()}): each
         * call that is not a cache hit costs its prompt and completion tokens at the price of the
         * model's name, else of the name the provider answered with; a model the table does not
         * know costs nothing.
         *
         * @param value the price table
         * @return this builder
         */
        public Builder prices(PriceTable value) {
            this.prices = Objects.requireNonNull(value, "prices");
            return this;
        }

        /**
         * Prints the first {@code n} rows of the result table to standard output after each run
         * (default 0: none).
         *
         * @param n at least 0
         * @return this builder
         */
        public Builder displayTable(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("Evaluate displayTable must be at least 0, got " + n);
            }
            this.displayTable = n;
            return this;
        }

        /**
         * Builds the evaluation.
         *
         * @return the evaluation
         * @throws IllegalArgumentException when the dev set is empty, holds a null, or has an
         *     example with no inputs marked (naming the first ones)
         */
        public Evaluate build() {
            if (devset.isEmpty()) {
                throw new IllegalArgumentException("Evaluate needs at least one example; the dev set is empty");
            }
            List<Integer> unmarked = new ArrayList<>();
            for (int i = 0; i < devset.size(); i++) {
                if (devset.get(i).inputKeys().isEmpty()) {
                    unmarked.add(i);
                }
            }
            if (!unmarked.isEmpty()) {
                throw new IllegalArgumentException(unmarked.size()
                        + " example(s) of the dev set have no input fields marked, "
                        + "for example #" + unmarked.get(0) + " " + devset.get(unmarked.get(0))
                        + "; mark them with example.withInputs(...), Dataset.withInputs(...) or the loader's inputs(...)"
                        + (unmarked.size() > 1
                                ? " (indices " + unmarked.subList(0, Math.min(10, unmarked.size()))
                                        + (unmarked.size() > 10 ? "..." : "") + ")"
                                : ""));
            }
            return new Evaluate(this);
        }
    }
}
