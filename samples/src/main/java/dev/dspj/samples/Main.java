package dev.dspj.samples;

import dev.dspj.Dspj;
import dev.dspj.data.Dataset;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.EvaluationResult;
import dev.dspj.evaluate.Metric;
import dev.dspj.evaluate.Metrics;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LanguageModels;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.usage.ModelUsage;
import dev.dspj.optimize.BootstrapFewShotWithRandomSearch;
import dev.dspj.optimize.OptimizerReport;
import dev.dspj.samples.qa.FactoidQuestionPredictor;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.state.ProgramState;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The sample the README's main command runs, DSPy's loop typed: load a question-answering task,
 * evaluate the zero-shot program, optimize it with {@link BootstrapFewShotWithRandomSearch},
 * evaluate again, save the optimized program, load it into a fresh program and show the same
 * score, with calls and cost at each step.
 *
 * <p>With no {@code DSPJ_LM} set it runs offline against DSPJ's simulated model ({@code sim-small},
 * a weak model with room to improve) served over real HTTP on a loopback port. With
 * {@code DSPJ_LM=openai/gpt-4o-mini} (and {@code OPENAI_API_KEY}) or another model string, the
 * same program runs against that model (the simulated task's facts are invented, so a real model
 * scores low on it: the point is the loop).
 */
public final class Main {

    /** Training examples the optimizer bootstraps demos from. */
    static final int TRAIN_SIZE = 100;
    /** Validation examples the optimizer picks its best candidate on. */
    static final int VAL_SIZE = 100;
    /** Held-out dev examples every version of the program is scored on. */
    static final int DEV_SIZE = 100;

    private Main() {}

    /**
     * Runs the sample.
     *
     * @param args optional: the file to save the optimized program to
     */
    @SuppressWarnings("SystemConsoleNull") // Java 17: null exactly when the output is not a terminal
    public static void main(String[] args) {
        Path file = args.length > 0 ? Path.of(args[0]) : defaultFile();
        run(System.out, file, System.console() != null);
    }

    private static Path defaultFile() {
        try {
            return Files.createTempDirectory("dspj-sample").resolve("optimized-factoid-qa.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The scores of one run.
     *
     * @param zeroShot the zero-shot program's dev score
     * @param optimized the optimized program's dev score
     * @param reloaded the dev score of a fresh program loaded from the saved file
     * @param report what the optimizer spent
     */
    public record Result(double zeroShot, double optimized, double reloaded, OptimizerReport report) {}

    /**
     * Runs the sample, printing to {@code out}.
     *
     * @param out where the report goes
     * @param file where the optimized program is saved
     * @param progress whether to draw progress bars
     * @return the scores
     */
    public static Result run(PrintStream out, Path file, boolean progress) {
        SimulatedModelServer server = null;
        LanguageModel model;
        Optional<LanguageModel> configured = LanguageModels.fromEnvironment();
        if (configured.isPresent()) {
            model = configured.get();
            out.println("Using DSPJ_LM=" + model.modelName());
        } else {
            server = SimulatedModelServer.builder().latencyScale(0.02).build().start();
            model = HttpLanguageModel.builder("sim/sim-small")
                    .baseUrl(server.baseUrl())
                    .cache(ResponseCache.memory(100_000))
                    .build();
            out.println("No DSPJ_LM set: using DSPJ's simulated model " + model.modelName() + " over HTTP at "
                    + server.baseUrl());
        }
        Dspj.configure(model);
        try {
            return optimize(out, file, progress);
        } finally {
            Dspj.configure(null);
            model.close();
            if (server != null) {
                server.close();
            }
        }
    }

    private static Result optimize(PrintStream out, Path file, boolean progress) {
        Dataset task = SimTasks.factoidQa().dataset();
        Dataset train = task.take(TRAIN_SIZE);
        Dataset validation = task.skip(TRAIN_SIZE).take(VAL_SIZE);
        Dataset dev = task.skip(TRAIN_SIZE + VAL_SIZE).take(DEV_SIZE);
        Metric metric = Metrics.exactMatch("answer");
        Evaluate evaluate =
                Evaluate.builder(dev, metric).concurrency(32).progress(progress).build();
        out.printf(
                Locale.ROOT,
                "Factoid QA: %d training, %d validation and %d held-out dev examples, exact match%n",
                train.size(),
                validation.size(),
                dev.size());

        FactoidQuestionPredictor program = FactoidQuestionPredictor.predict();
        EvaluationResult before = evaluate.run(program);
        print(out, "zero-shot", before);

        BootstrapFewShotWithRandomSearch optimizer = BootstrapFewShotWithRandomSearch.builder(metric)
                .numCandidatePrograms(6)
                .maxBootstrappedDemos(4)
                .maxLabeledDemos(4)
                .valset(validation)
                .build();
        BootstrapFewShotWithRandomSearch.Result<FactoidQuestionPredictor> result =
                optimizer.compileWithResult(program, train);
        FactoidQuestionPredictor optimized = result.program();
        OptimizerReport report = result.report();
        out.printf(
                Locale.ROOT,
                "  optimizing: %d candidate programs, %d calls, %d tokens, $%.4f, %d ms (%s)%n",
                report.candidates().size(),
                report.calls(),
                report.totalTokens(),
                report.costUsd(),
                report.elapsed().toMillis(),
                report.stoppedReason());

        EvaluationResult after = evaluate.run(optimized);
        print(out, "optimized (" + optimized.demos().size() + " demos)", after);

        try {
            ProgramState.save(optimized, file);
            FactoidQuestionPredictor fresh = FactoidQuestionPredictor.predict();
            ProgramState.load(fresh, file);
            EvaluationResult reloaded = evaluate.run(fresh);
            print(out, "loaded from " + file.getFileName(), reloaded);
            out.println("Saved program (DSPy's layout): " + file.toAbsolutePath());
            ModelUsage total = Dspj.usage().total();
            out.printf(
                    Locale.ROOT,
                    "Total: %d calls (%d from cache), %d tokens, $%.4f%n",
                    total.calls(),
                    total.cacheHits(),
                    total.totalTokens(),
                    total.costUsd());
            return new Result(before.score(), after.score(), reloaded.score(), report);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save or load " + file, e);
        }
    }

    private static void print(PrintStream out, String what, EvaluationResult result) {
        ModelUsage usage = result.usage();
        out.printf(
                Locale.ROOT,
                "  %-40s %6.1f%%   (%d failed; %d calls, %d from cache, $%.4f; p50 %d ms)%n",
                what,
                result.percent(),
                result.failures().size(),
                usage.calls(),
                usage.cacheHits(),
                usage.costUsd(),
                result.latencyP50().toMillis());
    }
}
