package dev.dspj.samples.optimizers;

import dev.dspj.data.Dataset;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.Metric;
import dev.dspj.evaluate.Metrics;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.usage.ModelUsage;
import dev.dspj.optimize.Copro;
import dev.dspj.optimize.Gepa;
import dev.dspj.optimize.MiproV2;
import dev.dspj.optimize.Optimizer;
import dev.dspj.optimize.OptimizerReport;
import dev.dspj.optimize.OptimizerResult;
import dev.dspj.optimize.Simba;
import dev.dspj.samples.qa.PlainQuestionPredictor;
import dev.dspj.sim.SimConditions;
import dev.dspj.sim.SimExample;
import dev.dspj.sim.SimMetrics;
import dev.dspj.sim.SimModelProfile;
import dev.dspj.sim.SimTask;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The instruction optimizers' sample: the same bare question answerer ({@code "Answer the
 * question."}, on {@code sim-small}) optimized by COPRO, MIPROv2, SIMBA and GEPA on DSPJ's
 * simulated models over loopback HTTP, with {@code sim-large} writing the instructions, and a table
 * comparing them: held-out dev score, model calls, cost and wall time, against the best this
 * program shape can score.
 *
 * <p>Run it with {@code mvn -B -q -pl samples exec:java -Dexec.mainClass=dev.dspj.samples.optimizers.InstructionOptimizers}.
 */
public final class InstructionOptimizers {

    /** Examples the optimizers learn from. */
    static final int TRAIN_SIZE = 60;
    /** Examples MIPROv2 and GEPA select on. */
    static final int VAL_SIZE = 40;
    /** Held-out examples every program is scored on. */
    static final int DEV_SIZE = 100;

    private InstructionOptimizers() {}

    /**
     * One optimizer's outcome.
     *
     * @param optimizer its name
     * @param devScore the optimized program's held-out score
     * @param calls model calls the optimizer made
     * @param costUsd what they cost
     * @param wallMillis the optimizer's wall time
     * @param idealMillis the wall time's lower bound: the simulated latency of every call the
     *     optimizer made (cache hits take none), divided by its concurrency
     * @param instructions the optimized program's instructions
     */
    public record Row(
            String optimizer,
            double devScore,
            long calls,
            double costUsd,
            long wallMillis,
            long idealMillis,
            String instructions) {}

    /**
     * What the sample measured.
     *
     * @param baseline the unoptimized program's held-out score
     * @param ceiling the best the program shape can score on the held-out examples (4 good demos and
     *     both hint phrases, no reasoning, temperature 0)
     * @param instructionsOnlyCeiling the best with instructions alone (both hints, no demos)
     * @param rows one per optimizer
     */
    public record Result(double baseline, double ceiling, double instructionsOnlyCeiling, List<Row> rows) {}

    /**
     * Runs the sample.
     *
     * @param args optional: the seed
     */
    public static void main(String[] args) {
        run(System.out, args.length > 0 ? Long.parseLong(args[0]) : 0, 0.02);
    }

    /**
     * Runs the four optimizers and prints the comparison.
     *
     * @param out where the table goes
     * @param seed the optimizers' seed
     * @param latencyScale the simulated models' latency, as a fraction of their profiles'
     * @return what was measured
     */
    public static Result run(PrintStream out, long seed, double latencyScale) {
        return run(out, seed, latencyScale, 1);
    }

    /**
     * Runs the four optimizers and, when {@code gepaParallelIterations} is above 1, GEPA once more
     * with that many iterations at once ({@link Gepa.Builder#parallelIterations(int)}), as the row
     * {@code "GEPA (k iterations at once)"} after the others; prints the comparison.
     *
     * @param out where the table goes
     * @param seed the optimizers' seed
     * @param latencyScale the simulated models' latency, as a fraction of their profiles'
     * @param gepaParallelIterations the extra GEPA row's iterations at once; 1 for no extra row
     * @return what was measured
     */
    public static Result run(PrintStream out, long seed, double latencyScale, int gepaParallelIterations) {
        try (SimulatedModelServer server = SimulatedModelServer.builder()
                .latencyScale(latencyScale)
                .build()
                .start()) {
            LanguageModel task = HttpLanguageModel.builder("sim/sim-small")
                    .baseUrl(server.baseUrl())
                    .cache(ResponseCache.memory(100_000))
                    .build();
            LanguageModel prompt = HttpLanguageModel.builder("sim/sim-large")
                    .baseUrl(server.baseUrl())
                    .cache(ResponseCache.memory(10_000))
                    .build();
            // the second MIPROv2 row asks what the first asked: it gets caches of its own, so that it
            // waits for its calls as the first did instead of reading the first one's answers
            LanguageModel ownTask = HttpLanguageModel.builder("sim/sim-small")
                    .baseUrl(server.baseUrl())
                    .cache(ResponseCache.memory(100_000))
                    .build();
            LanguageModel ownPrompt = HttpLanguageModel.builder("sim/sim-large")
                    .baseUrl(server.baseUrl())
                    .cache(ResponseCache.memory(10_000))
                    .build();
            // and so does the second GEPA row
            LanguageModel gepaTask = HttpLanguageModel.builder("sim/sim-small")
                    .baseUrl(server.baseUrl())
                    .cache(ResponseCache.memory(100_000))
                    .build();
            LanguageModel gepaPrompt = HttpLanguageModel.builder("sim/sim-large")
                    .baseUrl(server.baseUrl())
                    .cache(ResponseCache.memory(10_000))
                    .build();
            try {
                out.println(
                        "Optimizing \"Answer the question.\" on sim-small (instructions written by sim-large), over HTTP at "
                                + server.baseUrl());
                return compare(
                        out,
                        seed,
                        task,
                        prompt,
                        List.of(ownTask, ownPrompt, gepaTask, gepaPrompt),
                        latencyScale,
                        gepaParallelIterations);
            } finally {
                task.close();
                prompt.close();
                ownTask.close();
                ownPrompt.close();
                gepaTask.close();
                gepaPrompt.close();
            }
        }
    }

    /**
     * The simulated latency of the calls in a report, summed: each model's fixed latency per call
     * answered by the model plus its time per completion token, times the server's latency scale.
     *
     * @param report an optimizer's report
     * @param latencyScale the server's latency scale
     * @return milliseconds
     */
    public static double simulatedLatencyMillis(OptimizerReport report, double latencyScale) {
        double total = 0;
        for (ModelUsage usage : report.byModel()) {
            String name = usage.model().substring(usage.model().lastIndexOf('/') + 1);
            Optional<SimModelProfile> profile = SimModelProfile.builtIn(name);
            if (profile.isPresent()) {
                long answered = usage.calls() - usage.cacheHits() - usage.failures();
                total += answered * profile.get().fixedLatencyMillis()
                        + usage.completionTokens() * profile.get().millisPerOutputToken();
            }
        }
        return total * latencyScale;
    }

    private static Result compare(
            PrintStream out,
            long seed,
            LanguageModel task,
            LanguageModel prompt,
            List<LanguageModel> ownModels,
            double latencyScale,
            int gepaParallelIterations) {
        LanguageModel ownTask = ownModels.get(0);
        LanguageModel ownPrompt = ownModels.get(1);
        LanguageModel gepaTask = ownModels.get(2);
        LanguageModel gepaPrompt = ownModels.get(3);
        SimTask simTask = SimTasks.factoidQa();
        Dataset all = simTask.dataset();
        Dataset train = all.take(TRAIN_SIZE);
        Dataset val = all.skip(TRAIN_SIZE).take(VAL_SIZE);
        Dataset dev = all.skip(TRAIN_SIZE + VAL_SIZE).take(DEV_SIZE);
        List<SimExample> devExamples =
                simTask.examples().subList(TRAIN_SIZE + VAL_SIZE, TRAIN_SIZE + VAL_SIZE + DEV_SIZE);
        Metric metric = Metrics.exactMatch("answer");
        Metric withFeedback = SimMetrics.exactMatchWithFeedback(simTask, "answer");
        Evaluate onDev =
                Evaluate.builder(dev, metric).concurrency(16).progress(false).build();

        Supplier<PlainQuestionPredictor> student =
                () -> PlainQuestionPredictor.predict().withModel(task);
        double baseline = onDev.run(student.get()).score();
        double ceiling =
                SimTask.expectedAccuracy(SimModelProfile.SMALL, new SimConditions(4, 0, false, 2, 0.0), devExamples);
        double instructionsOnly =
                SimTask.expectedAccuracy(SimModelProfile.SMALL, new SimConditions(0, 0, false, 2, 0.0), devExamples);

        Map<String, Function<Long, Optimizer>> optimizers = new LinkedHashMap<>();
        optimizers.put(
                "COPRO", s -> Copro.builder(metric).promptModel(prompt).seed(s).build());
        optimizers.put(
                "MIPROv2",
                s -> MiproV2.builder(metric)
                        .auto(MiproV2.Auto.LIGHT)
                        .valset(val)
                        .promptModel(prompt)
                        .seed(s)
                        .build());
        optimizers.put(
                "MIPROv2 (4 trials at once)",
                s -> MiproV2.builder(metric)
                        .auto(MiproV2.Auto.LIGHT)
                        .valset(val)
                        .promptModel(ownPrompt)
                        .taskModel(ownTask)
                        .parallelTrials(4)
                        .seed(s)
                        .build());
        optimizers.put(
                "SIMBA",
                s -> Simba.builder(withFeedback)
                        .bsize(16)
                        .numCandidates(4)
                        .maxSteps(4)
                        .promptModel(prompt)
                        .seed(s)
                        .build());
        optimizers.put(
                "GEPA",
                s -> Gepa.builder(withFeedback)
                        .maxMetricCalls(400)
                        .reflectionModel(prompt)
                        .valset(val)
                        .seed(s)
                        .build());
        if (gepaParallelIterations > 1) {
            optimizers.put(
                    "GEPA (" + gepaParallelIterations + " iterations at once)",
                    s -> Gepa.builder(withFeedback)
                            .maxMetricCalls(400)
                            .reflectionModel(gepaPrompt)
                            .valset(val)
                            .parallelIterations(gepaParallelIterations)
                            .seed(s)
                            .build());
        }

        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Function<Long, Optimizer>> entry : optimizers.entrySet()) {
            Optimizer optimizer = entry.getValue().apply(seed);
            long start = System.nanoTime();
            PlainQuestionPredictor program = entry.getKey().startsWith("GEPA (")
                    ? PlainQuestionPredictor.predict().withModel(gepaTask)
                    : student.get();
            OptimizerResult<PlainQuestionPredictor> result = optimizer.compileWithResult(program, train);
            long wall = (System.nanoTime() - start) / 1_000_000;
            PlainQuestionPredictor optimized = result.program();
            OptimizerReport report = result.report();
            double score = onDev.run(optimized).score();
            long ideal = Math.round(simulatedLatencyMillis(report, latencyScale) / Evaluate.DEFAULT_CONCURRENCY);
            rows.add(new Row(
                    entry.getKey(),
                    score,
                    report.calls(),
                    report.costUsd().doubleValue(),
                    wall,
                    ideal,
                    optimized.predictor().instructions()));
            out.printf(
                    Locale.ROOT,
                    "  %-8s done: dev %.1f%%, %d calls, %s%n",
                    entry.getKey(),
                    100 * score,
                    report.calls(),
                    report.stoppedReason());
        }

        out.println();
        out.printf(
                Locale.ROOT,
                "%-10s %9s %8s %10s %10s %12s%n",
                "optimizer",
                "dev score",
                "calls",
                "cost",
                "wall time",
                "lower bound");
        out.printf(Locale.ROOT, "%-10s %8.1f%% %8s %10s %10s %12s%n", "none", 100 * baseline, "-", "-", "-", "-");
        for (Row row : rows) {
            out.printf(
                    Locale.ROOT,
                    "%-10s %8.1f%% %8d %10s %8.1f s %10.1f s%n",
                    row.optimizer(),
                    100 * row.devScore(),
                    row.calls(),
                    String.format(Locale.ROOT, "$%.4f", row.costUsd()),
                    row.wallMillis() / 1000.0,
                    row.idealMillis() / 1000.0);
        }
        out.printf(
                Locale.ROOT,
                "Best this program can score on these examples: %.1f%% (4 good demos and both hint phrases),"
                        + " %.1f%% with instructions alone%n",
                100 * ceiling,
                100 * instructionsOnly);
        for (Row row : rows) {
            out.printf(
                    Locale.ROOT,
                    "%s's instructions: %s%n",
                    row.optimizer(),
                    row.instructions().replace('\n', ' '));
        }
        return new Result(baseline, ceiling, instructionsOnly, rows);
    }
}
