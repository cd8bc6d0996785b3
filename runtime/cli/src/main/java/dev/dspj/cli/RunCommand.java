package dev.dspj.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dspj.Dspj;
import dev.dspj.data.Dataset;
import dev.dspj.execution.Workers;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.LmUsage;
import dev.dspj.primitives.Prediction;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dspj run}: applies a program to every row of a JSONL or CSV file and writes each row with
 * the program's outputs as a JSON line. Resumable: a run started again with the same output skips
 * the rows already written (see {@link RunOutput}).
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Apply a program to every row of a JSONL or CSV file, writing JSONL: each row's fields, the program's"
                    + " outputs, \"_row\" (its number in the input) and, for a row that failed after retries, \"_error\".",
            "Resumable: started again with the same --output, rows already written are not run again."
        })
final class RunCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // set by picocli
    CommandSpec spec;

    @Mixin
    ProgramOptions program = new ProgramOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "the rows: JSONL, or CSV/TSV")
    @SuppressWarnings("NullAway.Init") // required
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "where the rows go, as JSONL")
    @SuppressWarnings("NullAway.Init") // required
    Path output;

    @Mixin
    DataOptions data = new DataOptions();

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            defaultValue = "8",
            description = "rows in flight at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--limit", paramLabel = "N", description = "run only the first N rows")
    @Nullable
    Integer limit;

    @Option(names = "--retry-failed", description = "run again the rows an earlier run wrote with an error")
    boolean retryFailed;

    @Option(names = "--restart", description = "discard what an earlier run wrote to --output and start over")
    boolean restart;

    @Override
    public Integer call() {
        if (concurrency < 1) {
            throw new CliException("--concurrency must be at least 1, got " + concurrency);
        }
        if (limit != null && limit < 1) {
            throw new CliException("--limit must be at least 1, got " + limit);
        }
        ProgramOptions.LoadedProgram loaded = program.load();
        Dataset rows = data.load("--input", input, loaded, null);
        if (limit != null && limit < rows.size()) {
            rows = rows.take(limit);
        }
        HttpLanguageModel client = model.build(concurrency, System::getenv, false);
        int atOnce = Math.min(concurrency, rows.size());
        if (atOnce > 1) {
            client.expectConcurrentCalls(atOnce);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean bar = data.progress();
        try (RunOutput record = RunOutput.open(output, describe(loaded, client), restart)) {
            Dspj.configure(client);
            return run(loaded, rows, record, out, err, bar);
        } finally {
            Dspj.configure(null);
            client.close();
        }
    }

    private ObjectNode describe(ProgramOptions.LoadedProgram loaded, HttpLanguageModel client) {
        ObjectNode run = RowJson.JSON.createObjectNode();
        run.put("program", loaded.className());
        run.put("state", loaded.state() == null ? "" : loaded.stateDigest());
        run.put("input", input.toAbsolutePath().normalize().toString());
        run.put("model", client.modelName());
        return run;
    }

    private int run(
            ProgramOptions.LoadedProgram loaded,
            Dataset rows,
            RunOutput record,
            PrintWriter out,
            PrintWriter err,
            boolean bar) {
        List<Integer> pending = new ArrayList<>();
        for (int row = 1; row <= rows.size(); row++) {
            if (!record.done(row, retryFailed)) {
                pending.add(row);
            }
        }
        int skipped = rows.size() - pending.size();
        err.printf(
                Locale.ROOT,
                "dspj run: %d rows in %s, %d written by an earlier run, %d to run%n",
                rows.size(),
                input,
                skipped,
                pending.size());
        err.flush();
        RowJson json = new RowJson(loaded.signature());
        RunProgress shown = RunProgress.open(bar, pending.size(), err);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        UsageTotal usage = new UsageTotal();
        long started = System.nanoTime();
        int threads = Math.min(concurrency, Math.max(1, pending.size()));
        ExecutorService pool = Workers.fixed("run", threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                workers.add(pool.submit(() -> {
                    for (int index = next.getAndIncrement(); index < pending.size(); index = next.getAndIncrement()) {
                        int row = pending.get(index);
                        if (!runRow(loaded, rows.get(row - 1), row, json, record, usage)) {
                            failed.incrementAndGet();
                        }
                        shown.step(failed.get());
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted: the rows written so far are kept; run again to finish", 1, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new CliException("a row could not be written: " + DspjCli.describe(cause), 1, cause);
        } finally {
            pool.shutdownNow();
            shown.close();
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        List<Integer> missing = record.finish(rows.size());
        if (!missing.isEmpty()) {
            throw new CliException(
                    "rows " + missing.subList(0, Math.min(10, missing.size())) + " are not in " + output
                            + " after the run; run again to finish them",
                    1,
                    null);
        }
        summarize(out, rows.size(), pending.size(), skipped, failed.get(), usage.get(), wall);
        return failed.get() > 0 ? DspjCli.ROWS_FAILED : 0;
    }

    /** Runs one row and appends it; false when the program failed on it. */
    private static boolean runRow(
            ProgramOptions.LoadedProgram loaded,
            Example example,
            int row,
            RowJson json,
            RunOutput record,
            UsageTotal usage) {
        ObjectNode line = RowJson.JSON.createObjectNode();
        line.put(RunOutput.ROW, row);
        json.putAll(line, example.values());
        Map<String, Object> arguments = example.inputKeys().isEmpty() ? example.values() : example.inputs();
        boolean answered;
        try {
            Prediction prediction = loaded.module().invoke(arguments);
            json.putAll(line, prediction.values());
            usage.add(prediction.lmUsage());
            answered = true;
        } catch (RuntimeException e) {
            line.put(RunOutput.ERROR, DspjCli.describe(e));
            answered = false;
        }
        record.append(line);
        return answered;
    }

    /** The usage of every row's prediction, summed across the run's threads. */
    private static final class UsageTotal {
        private LmUsage total = LmUsage.NONE;

        synchronized void add(LmUsage usage) {
            total = total.plus(usage);
        }

        synchronized LmUsage get() {
            return total;
        }
    }

    private void summarize(PrintWriter out, int rows, int ran, int skipped, int failed, LmUsage usage, Duration wall) {
        LmUsage.ModelTotals total = usage.total();
        double seconds = wall.toNanos() / 1e9;
        out.printf(
                Locale.ROOT,
                "%d rows written to %s: %d run now, %d failed%s, %d from an earlier run%n",
                rows,
                output,
                ran,
                failed,
                failed == 0 ? "" : " (written with their \"" + RunOutput.ERROR + "\")",
                skipped);
        out.printf(
                Locale.ROOT,
                "%d model calls (%d from the cache), %d tokens, $%.4f, %.1f s, %.1f rows/s%n",
                total.calls(),
                total.cacheHits(),
                total.totalTokens(),
                total.costUsd().doubleValue(),
                seconds,
                seconds > 0 ? ran / seconds : 0.0);
        out.flush();
    }
}
