package dev.dspj.bench;

import dev.dspj.samples.optimizers.InstructionOptimizers;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Issue 6's benchmark: the samples' comparison of COPRO, MIPROv2, SIMBA and GEPA
 * ({@link InstructionOptimizers}: the bare question answerer on {@code sim-small}, instructions
 * written by {@code sim-large}, over loopback HTTP) over several seeds, reported per optimizer as
 * the median and range of the held-out score, model calls, cost and wall time, with the program's
 * known ceilings and each run's lower bound on wall time (the simulated latency of its calls over
 * its concurrency).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.dspj.bench.InstructionOptimizersBench
 * [seeds=5] [latencyScale=0.25] [gepaParallelIterations=4]}: the last adds the row "GEPA (k
 * iterations at once)", GEPA with {@code parallelIterations(k)} beside the row of one at a time
 * (1 leaves it out).
 */
public final class InstructionOptimizersBench {

    private InstructionOptimizersBench() {}

    /**
     * Runs the benchmark.
     *
     * @param args [seeds] [latencyScale] [gepaParallelIterations]
     */
    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double latencyScale = args.length > 1 ? Double.parseDouble(args[1]) : 0.25;
        int gepaParallelIterations = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        List<InstructionOptimizers.Result> results = new ArrayList<>();
        for (int seed = 0; seed < seeds; seed++) {
            long start = System.nanoTime();
            InstructionOptimizers.Result result =
                    InstructionOptimizers.run(quiet, seed, latencyScale, gepaParallelIterations);
            results.add(result);
            System.out.printf(
                    Locale.ROOT,
                    "seed %d (%.0f s): baseline %.3f",
                    seed,
                    (System.nanoTime() - start) / 1e9,
                    result.baseline());
            for (InstructionOptimizers.Row row : result.rows()) {
                System.out.printf(
                        Locale.ROOT,
                        " | %s %.3f %d calls $%.4f %.1f s (bound %.1f s)",
                        row.optimizer(),
                        row.devScore(),
                        row.calls(),
                        row.costUsd(),
                        row.wallMillis() / 1000.0,
                        row.idealMillis() / 1000.0);
            }
            System.out.println();
        }
        System.out.println(table(results, latencyScale));
    }

    /**
     * The comparison table over seeds, as Markdown.
     *
     * @param results one per seed
     * @param latencyScale the server's latency scale
     * @return the table
     */
    static String table(List<InstructionOptimizers.Result> results, double latencyScale) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT,
                "%d seeds, latency scale %.2f; held-out baseline %s; ceilings: %s (demos + hints), %s (instructions only)%n%n",
                results.size(),
                latencyScale,
                spread(
                        results.stream()
                                .mapToDouble(InstructionOptimizers.Result::baseline)
                                .toArray(),
                        "%.3f"),
                spread(
                        results.stream()
                                .mapToDouble(InstructionOptimizers.Result::ceiling)
                                .toArray(),
                        "%.3f"),
                spread(
                        results.stream()
                                .mapToDouble(InstructionOptimizers.Result::instructionsOnlyCeiling)
                                .toArray(),
                        "%.3f")));
        text.append("| optimizer | dev score | calls | cost | wall time | lower bound | wall / bound |\n");
        text.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        Map<String, List<InstructionOptimizers.Row>> byOptimizer = new LinkedHashMap<>();
        for (InstructionOptimizers.Result result : results) {
            for (InstructionOptimizers.Row row : result.rows()) {
                byOptimizer
                        .computeIfAbsent(row.optimizer(), k -> new ArrayList<>())
                        .add(row);
            }
        }
        byOptimizer.forEach((name, rows) -> text.append(String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s | %s |%n",
                name,
                column(rows, InstructionOptimizers.Row::devScore, "%.3f"),
                column(rows, InstructionOptimizers.Row::calls, "%.0f"),
                column(rows, InstructionOptimizers.Row::costUsd, "$%.4f"),
                column(rows, r -> r.wallMillis() / 1000.0, "%.1f s"),
                column(rows, r -> r.idealMillis() / 1000.0, "%.1f s"),
                column(rows, r -> r.idealMillis() == 0 ? 0 : (double) r.wallMillis() / r.idealMillis(), "%.2f"))));
        return text.toString();
    }

    private static String column(
            List<InstructionOptimizers.Row> rows, ToDoubleFunction<InstructionOptimizers.Row> value, String format) {
        return spread(rows.stream().mapToDouble(value).toArray(), format);
    }

    /** "median (min–max)". */
    static String spread(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return String.format(Locale.ROOT, format, RunMonitor.median(values)) + " ("
                + String.format(Locale.ROOT, format, sorted[0]) + "–"
                + String.format(Locale.ROOT, format, sorted[n - 1]) + ")";
    }
}
