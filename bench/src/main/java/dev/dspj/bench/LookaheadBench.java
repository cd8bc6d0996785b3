package dev.dspj.bench;

import dev.dspj.data.Dataset;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.Metric;
import dev.dspj.evaluate.Metrics;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.optimize.MiproV2;
import dev.dspj.optimize.Optimizer;
import dev.dspj.optimize.OptimizerResult;
import dev.dspj.optimize.Simba;
import dev.dspj.samples.optimizers.InstructionOptimizers;
import dev.dspj.samples.qa.PlainQuestionPredictor;
import dev.dspj.sim.SimMetrics;
import dev.dspj.sim.SimTask;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.state.ProgramState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lookaheads against none, with the same program expected: SIMBA's {@link
 * Simba.Builder#ruleLookahead(int)} (the instruction optimizers sample's SIMBA: the bare question
 * answerer on {@code sim-small}, rules by {@code sim-large}, 60 training examples, minibatches of 16,
 * 4 candidates, 4 steps) or MIPROv2's {@link MiproV2.Builder#teacherLookahead(int)} (the sample's
 * MIPROv2: {@code auto = LIGHT}, 40 validation examples, one trial at a time), each run with fresh
 * models and no shared cache, over several seeds. Prints each run's wall time, its lower bound (the
 * simulated latency of its calls over the evaluation concurrency, as {@code
 * InstructionOptimizersBench}), calls and cost, and whether the program is the one the first
 * lookahead's run returned.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.dspj.bench.LookaheadBench [simba|mipro]
 * [seeds=5] [latencyScale=1.0] [lookaheads=0,2,4]}
 */
public final class LookaheadBench {

    private LookaheadBench() {}

    /**
     * Runs the benchmark.
     *
     * @param args [seeds] [latencyScale] [lookaheads, comma-separated, the first the reference]
     */
    public static void main(String[] args) {
        boolean mipro = args.length > 0 && args[0].equals("mipro");
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        double latencyScale = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
        String[] lookaheads = (args.length > 3 ? args[3] : "0,2,4").split(",");
        SimTask task = SimTasks.factoidQa();
        Dataset train = task.dataset().take(60);
        Dataset val = task.dataset().skip(60).take(40);
        Metric metric = SimMetrics.exactMatchWithFeedback(task, "answer");
        Map<String, List<double[]>> rows = new LinkedHashMap<>();
        try (SimulatedModelServer server = SimulatedModelServer.builder()
                .latencyScale(latencyScale)
                .build()
                .start()) {
            for (int seed = 0; seed < seeds; seed++) {
                String reference = null;
                for (String lookahead : lookaheads) {
                    try (HttpLanguageModel student = HttpLanguageModel.builder("sim/sim-small")
                                    .baseUrl(server.baseUrl())
                                    .cache(ResponseCache.memory(100_000))
                                    .build();
                            HttpLanguageModel rules = HttpLanguageModel.builder("sim/sim-large")
                                    .baseUrl(server.baseUrl())
                                    .cache(ResponseCache.memory(10_000))
                                    .build()) {
                        int ahead = Integer.parseInt(lookahead.trim());
                        Optimizer optimizer = mipro
                                ? MiproV2.builder(Metrics.exactMatch("answer"))
                                        .auto(MiproV2.Auto.LIGHT)
                                        .valset(val)
                                        .teacherLookahead(ahead)
                                        .promptModel(rules)
                                        .seed(seed)
                                        .build()
                                : Simba.builder(metric)
                                        .bsize(16)
                                        .numCandidates(4)
                                        .maxSteps(4)
                                        .ruleLookahead(ahead)
                                        .promptModel(rules)
                                        .seed(seed)
                                        .build();
                        long start = System.nanoTime();
                        OptimizerResult<PlainQuestionPredictor> result = optimizer.compileWithResult(
                                PlainQuestionPredictor.predict().withModel(student), train);
                        double wall = (System.nanoTime() - start) / 1e9;
                        double bound = InstructionOptimizers.simulatedLatencyMillis(result.report(), latencyScale)
                                / Evaluate.DEFAULT_CONCURRENCY
                                / 1000;
                        String program = ProgramState.toJson(result.program()).toString();
                        if (reference == null) {
                            reference = program;
                        }
                        boolean same = reference.equals(program);
                        System.out.printf(
                                Locale.ROOT,
                                "seed %d, lookahead %s: %.1f s (bound %.1f s, %.2f), %d calls, $%.4f, %s program%n",
                                seed,
                                lookahead,
                                wall,
                                bound,
                                wall / bound,
                                result.report().calls(),
                                result.report().costUsd().doubleValue(),
                                same ? "the same" : "A DIFFERENT");
                        rows.computeIfAbsent(lookahead, k -> new ArrayList<>()).add(new double[] {
                            wall,
                            bound,
                            wall / bound,
                            result.report().calls(),
                            result.report().costUsd().doubleValue(),
                            same ? 1 : 0
                        });
                    }
                }
            }
        }
        System.out.println();
        System.out.println("| lookahead | wall time | lower bound | wall / bound | calls | cost | same program |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        rows.forEach((lookahead, runs) -> System.out.printf(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s | %d of %d |%n",
                lookahead,
                spread(runs, 0, "%.1f s"),
                spread(runs, 1, "%.1f s"),
                spread(runs, 2, "%.2f"),
                spread(runs, 3, "%.0f"),
                spread(runs, 4, "$%.4f"),
                runs.stream().mapToInt(r -> (int) r[5]).sum(),
                runs.size()));
    }

    private static String spread(List<double[]> runs, int column, String format) {
        return InstructionOptimizersBench.spread(
                runs.stream().mapToDouble(r -> r[column]).toArray(), format);
    }
}
