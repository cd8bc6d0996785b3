package dev.dspj.cli;

import dev.dspj.Dspj;
import dev.dspj.data.Dataset;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.EvaluationResult;
import dev.dspj.evaluate.ExampleResult;
import dev.dspj.lm.http.HttpLanguageModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dspj evaluate}: scores a program on a labeled file with DSPJ's {@link Evaluate}, prints
 * DSPy's table of examples and the summary, lists every example that failed and why, and writes
 * each example's result when asked.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Score a program on a labeled JSONL or CSV file, printing DSPy's table and every failure.")
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // set by picocli
    CommandSpec spec;

    @Mixin
    ProgramOptions program = new ProgramOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    MetricOptions metric = new MetricOptions();

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "the labeled rows: JSONL, or CSV/TSV")
    @SuppressWarnings("NullAway.Init") // required
    Path data;

    @Mixin
    DataOptions files = new DataOptions();

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            defaultValue = "8",
            description = "examples in flight at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(
            names = "--show",
            paramLabel = "N",
            defaultValue = "5",
            description = "rows of the table (default: ${DEFAULT-VALUE})")
    int show;

    @Option(
            names = "--max-errors",
            paramLabel = "N",
            description = "stop after this many examples fail (default: never; every failure is reported)")
    @Nullable
    Integer maxErrors;

    @Option(
            names = "--output",
            paramLabel = "FILE",
            description = "each example's inputs, outputs, score and error: JSON, or CSV when the name ends in .csv")
    @Nullable
    Path output;

    @Override
    public Integer call() {
        if (concurrency < 1) {
            throw new CliException("--concurrency must be at least 1, got " + concurrency);
        }
        ProgramOptions.LoadedProgram loaded = program.load();
        files.requireInputs(loaded);
        String label = metric.labelField(loaded);
        Dataset devset = files.load("--data", data, loaded, label);
        Evaluate.Builder evaluate = Evaluate.builder(devset, metric.create(loaded, loaded.loader()))
                .concurrency(concurrency)
                .progress(files.progress())
                .displayTable(0);
        if (maxErrors != null) {
            evaluate.maxErrors(maxErrors);
        }
        HttpLanguageModel client = model.build(concurrency, System::getenv, true);
        PrintWriter out = spec.commandLine().getOut();
        try {
            Dspj.configure(client);
            EvaluationResult result = evaluate.build().run(loaded.module());
            if (show > 0) {
                out.println(result.table(show));
            }
            out.println(result);
            for (ExampleResult failure : result.failures()) {
                out.printf(
                        Locale.ROOT,
                        "  example %d failed in %s: %s%n",
                        failure.index() + 1,
                        failure.failedIn()
                                .map(stage -> stage.toString().toLowerCase(Locale.ROOT))
                                .orElse("the program"),
                        failure.failure().map(DspjCli::describe).orElse("no reason given"));
            }
            if (output != null) {
                write(result, output);
                out.println("results written to " + output);
            }
            out.flush();
            return 0;
        } finally {
            Dspj.configure(null);
            client.close();
        }
    }

    private static void write(EvaluationResult result, Path file) {
        try {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
                result.writeCsv(file);
            } else {
                result.writeJson(file);
            }
        } catch (RuntimeException e) {
            throw new CliException("--output " + file + ": " + DspjCli.describe(e), 1, e);
        }
    }
}
