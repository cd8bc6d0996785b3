package dev.dspj.bench;

import dev.dspj.agent.ReAct;
import dev.dspj.data.Dataset;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.Metric;
import dev.dspj.evaluate.Metrics;
import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.module.Module;
import dev.dspj.optimize.Copro;
import dev.dspj.optimize.Gepa;
import dev.dspj.optimize.MiproV2;
import dev.dspj.optimize.Optimizer;
import dev.dspj.optimize.OptimizerResult;
import dev.dspj.optimize.Simba;
import dev.dspj.primitives.Example;
import dev.dspj.sim.SimConditions;
import dev.dspj.sim.SimExample;
import dev.dspj.sim.SimMetrics;
import dev.dspj.sim.SimModelProfile;
import dev.dspj.sim.SimTask;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.sim.ToolConditions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Every instruction optimizer (COPRO, MIPROv2, SIMBA, GEPA) on every simulated task (factoid QA,
 * sentiment, arithmetic, tool arithmetic, tool lookup), several seeds each, as a fraction of the
 * known optimum of the program it optimizes.
 *
 * <p>The program is bare: {@code "Answer the question."} ({@link PlainQuestion}) or {@code
 * "Classify the review."} ({@link PlainReview}) on {@code sim-small}, and for the tool tasks a
 * {@link ReAct} agent over the task's tools ({@code maxIters} 5) with those instructions.
 * {@code sim-large} writes instructions. Each task has 400 examples: 60 to train on, 40 more to
 * select on (MIPROv2, GEPA) and 300 held-out examples each optimized program is scored on. Two ceilings per
 * task: with 4 good demos and every hint (what MIPROv2 and SIMBA can reach), and with the hints
 * alone (COPRO and GEPA change instructions only).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.dspj.bench.OptimizerTasksBench
 * [seeds=5] [tasks=factoid-qa,sentiment,arithmetic,tool-arithmetic,tool-lookup]
 * [optimizers=COPRO,MIPROv2,SIMBA,GEPA,GEPA+tools]}; {@code GEPA+tools} is GEPA with {@code
 * optimizeToolDescriptions(true)}, run on the tool tasks only.
 */
public final class OptimizerTasksBench {

    private static final int TRAIN = 60;
    private static final int VAL = 40;
    private static final int DEV = 300;
    private static final int SIZE = TRAIN + VAL + DEV;
    private static final int MAX_ITERS = 5;

    private OptimizerTasksBench() {}

    /** A task's program, metrics and ceilings. */
    private record Setup(
            SimTask task,
            String field,
            Function<LanguageModel, Module> program,
            double ceiling,
            double instructionsCeiling) {}

    /**
     * Runs the benchmark.
     *
     * @param args [seeds] [tasks, comma separated] [optimizers, comma separated]
     */
    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> taskNames = Arrays.asList(
                (args.length > 1 ? args[1] : "factoid-qa,sentiment,arithmetic,tool-arithmetic,tool-lookup").split(","));
        List<String> optimizerNames =
                Arrays.asList((args.length > 2 ? args[2] : "COPRO,MIPROv2,SIMBA,GEPA,GEPA+tools").split(","));
        List<SimTask> tasks = List.of(
                SimTasks.factoidQa(SimTasks.DEFAULT_SEED, SIZE),
                SimTasks.sentiment(SimTasks.DEFAULT_SEED, SIZE),
                SimTasks.arithmetic(SimTasks.DEFAULT_SEED, SIZE),
                SimTasks.toolArithmetic(SimTasks.DEFAULT_SEED, SIZE),
                SimTasks.toolLookup(SimTasks.DEFAULT_SEED, SIZE));
        Map<String, Map<String, List<double[]>>> results = new LinkedHashMap<>();
        Map<String, Double> baselines = new LinkedHashMap<>();
        Map<String, double[]> ceilings = new LinkedHashMap<>();
        try (SimulatedModelServer server = SimulatedModelServer.builder()
                .tasks(tasks)
                .latencyScale(0)
                .build()
                .start()) {
            for (String name : taskNames) {
                SimTask task = tasks.stream()
                        .filter(t -> t.name().equals(name))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no task " + name + "; tasks: "
                                + tasks.stream().map(SimTask::name).toList()));
                Setup setup = setup(task);
                ceilings.put(name, new double[] {setup.ceiling(), setup.instructionsCeiling()});
                Dataset all = task.dataset();
                List<Example> train = all.take(TRAIN);
                List<Example> val = all.skip(TRAIN).take(VAL);
                List<Example> dev = all.skip(TRAIN + VAL).take(DEV);
                Metric metric = Metrics.exactMatch(setup.field());
                Metric feedback = SimMetrics.exactMatchWithFeedback(task, setup.field());
                Evaluate onDev = Evaluate.builder(dev, metric)
                        .concurrency(16)
                        .progress(false)
                        .build();
                try (HttpLanguageModel small = model(server, "sim-small")) {
                    var baseline = onDev.run(setup.program().apply(small));
                    baselines.put(name, baseline.score());
                    if (!baseline.failures().isEmpty()) {
                        System.out.println(name + ": " + baseline.failures().size() + " failures, the first: "
                                + baseline.failures().get(0));
                    }
                }
                for (String optimizerName : optimizerNames) {
                    if (optimizerName.equals("GEPA+tools")
                            && task.expectedTool().isEmpty()) {
                        continue;
                    }
                    for (int seed = 0; seed < seeds; seed++) {
                        long start = System.nanoTime();
                        try (HttpLanguageModel small = model(server, "sim-small");
                                HttpLanguageModel large = model(server, "sim-large")) {
                            Optimizer optimizer = optimizer(optimizerName, seed, metric, feedback, val, large);
                            OptimizerResult<Module> result =
                                    optimizer.compileWithResult(setup.program().apply(small), train);
                            double score = onDev.run(result.program()).score();
                            if (Boolean.getBoolean("verbose")) {
                                result.program()
                                        .namedPredictors()
                                        .forEach(named -> System.out.println("  " + named.name() + " ("
                                                + named.predictor().demos().size() + " demos): "
                                                + shortened(named.predictor().instructions())));
                                if (result.program() instanceof dev.dspj.agent.ToolUsing agent) {
                                    agent.describableTools()
                                            .forEach(tool -> System.out.println("  tool " + tool.name() + ": "
                                                    + tool.description().orElse("")));
                                }
                            }
                            double ceiling = optimizerName.equals("COPRO") || optimizerName.startsWith("GEPA")
                                    ? setup.instructionsCeiling()
                                    : setup.ceiling();
                            results.computeIfAbsent(name, k -> new LinkedHashMap<>())
                                    .computeIfAbsent(optimizerName, k -> new ArrayList<>())
                                    .add(new double[] {
                                        score,
                                        score / ceiling,
                                        score / setup.ceiling(),
                                        result.report().calls()
                                    });
                            System.out.printf(
                                    Locale.ROOT,
                                    "%-16s %-8s seed %d: %.3f (%.0f%% of its ceiling %.3f), %d calls, %.1f s%n",
                                    name,
                                    optimizerName,
                                    seed,
                                    score,
                                    100 * score / ceiling,
                                    ceiling,
                                    result.report().calls(),
                                    (System.nanoTime() - start) / 1e9);
                        }
                    }
                }
            }
        }
        System.out.println();
        System.out.println(
                "| task | baseline | ceiling (demos + hints / hints only) | optimizer | held-out score, median"
                        + " (range) | of its ceiling, median (range) | of the task's ceiling | calls, median |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
        results.forEach((task, byOptimizer) -> byOptimizer.forEach((optimizer, runs) -> System.out.printf(
                Locale.ROOT,
                "| %s | %.3f | %.3f / %.3f | %s | %.3f (%.3f–%.3f) | %.0f%% (%.0f–%.0f%%) | %.0f%% | %,.0f |%n",
                task,
                baselines.get(task),
                ceilings.get(task)[0],
                ceilings.get(task)[1],
                optimizer,
                median(runs, 0),
                min(runs, 0),
                max(runs, 0),
                100 * median(runs, 1),
                100 * min(runs, 1),
                100 * max(runs, 1),
                100 * median(runs, 2),
                median(runs, 3))));
    }

    private static HttpLanguageModel model(SimulatedModelServer server, String name) {
        return HttpLanguageModel.builder("sim/" + name)
                .baseUrl(server.baseUrl())
                .cache(ResponseCache.memory(100_000))
                .build();
    }

    private static Setup setup(SimTask task) {
        List<SimExample> dev = task.examples().subList(TRAIN + VAL, TRAIN + VAL + DEV);
        int hints = task.hints().size();
        if (task.expectedTool().isPresent()) {
            SimConditions extractBest = new SimConditions(4, 0, true, hints, 0.0);
            SimConditions extractHints = new SimConditions(0, 0, true, hints, 0.0);
            return new Setup(
                    task,
                    "answer",
                    lm -> ReAct.builder(PlainQuestionSignature.DESCRIPTOR, task.tools())
                            .maxIters(MAX_ITERS)
                            .build()
                            .withModel(lm),
                    task.expectedAgentAccuracy(SimModelProfile.SMALL, ToolConditions.BEST, extractBest, MAX_ITERS),
                    task.expectedAgentAccuracy(
                            SimModelProfile.SMALL,
                            new ToolConditions(0, 0, ToolConditions.BEST.hintsFound(), 0.0),
                            extractHints,
                            MAX_ITERS));
        }
        double ceiling =
                SimTask.expectedAccuracy(SimModelProfile.SMALL, new SimConditions(4, 0, false, hints, 0.0), dev);
        double hintsOnly =
                SimTask.expectedAccuracy(SimModelProfile.SMALL, new SimConditions(0, 0, false, hints, 0.0), dev);
        if (task.outputFields().contains("sentiment")) {
            return new Setup(
                    task, "sentiment", lm -> PlainReviewPredictor.predict().withModel(lm), ceiling, hintsOnly);
        }
        return new Setup(task, "answer", lm -> PlainQuestionPredictor.predict().withModel(lm), ceiling, hintsOnly);
    }

    private static Optimizer optimizer(
            String name, long seed, Metric metric, Metric feedback, List<Example> val, LanguageModel prompt) {
        return switch (name) {
            case "COPRO" -> Copro.builder(metric).promptModel(prompt).seed(seed).build();
            case "MIPROv2" ->
                MiproV2.builder(metric)
                        .auto(MiproV2.Auto.LIGHT)
                        .valset(val)
                        .promptModel(prompt)
                        .seed(seed)
                        .build();
            case "SIMBA" ->
                Simba.builder(feedback)
                        .bsize(16)
                        .numCandidates(4)
                        .maxSteps(4)
                        .promptModel(prompt)
                        .seed(seed)
                        .build();
            case "GEPA" ->
                Gepa.builder(feedback)
                        .maxMetricCalls(400)
                        .reflectionModel(prompt)
                        .valset(val)
                        .seed(seed)
                        .build();
            case "GEPA+tools" ->
                Gepa.builder(feedback)
                        .maxMetricCalls(400)
                        .reflectionModel(prompt)
                        .valset(val)
                        .optimizeToolDescriptions(true)
                        .seed(seed)
                        .build();
            default ->
                throw new IllegalArgumentException(
                        "no optimizer " + name + "; COPRO, MIPROv2, SIMBA, GEPA or GEPA+tools (tool tasks)");
        };
    }

    private static String shortened(String text) {
        String line = text.replace('\n', ' ');
        return line.length() <= 300 ? line : line.substring(0, 60) + " [...] " + line.substring(line.length() - 240);
    }

    private static double median(List<double[]> runs, int column) {
        return RunMonitor.median(runs.stream().mapToDouble(r -> r[column]).toArray());
    }

    private static double min(List<double[]> runs, int column) {
        return runs.stream().mapToDouble(r -> r[column]).min().orElse(Double.NaN);
    }

    private static double max(List<double[]> runs, int column) {
        return runs.stream().mapToDouble(r -> r[column]).max().orElse(Double.NaN);
    }
}
