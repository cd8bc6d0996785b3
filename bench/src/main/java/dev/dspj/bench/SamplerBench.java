package dev.dspj.bench;

import dev.dspj.sim.SimLandscape;
import dev.dspj.variable.Configuration;
import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import dev.dspj.variable.search.GridSampler;
import dev.dspj.variable.search.NsgaIISampler;
import dev.dspj.variable.search.Observation;
import dev.dspj.variable.search.RandomSampler;
import dev.dspj.variable.search.Sampler;
import dev.dspj.variable.search.TpeSampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Issue 5's sampler benchmark, in two parts.
 *
 * <ol>
 *   <li><b>Trials to reach 95% of the optimum</b> on {@link SimLandscape} (the factoid-QA
 *       landscape over adapter × module × model × temperature × demos, whose best expected
 *       accuracy is known): each sampler proposes one configuration at a time from the history
 *       (single objective: expected accuracy), for {@code seeds} seeds, until a configuration
 *       reaches 95% of {@link SimLandscape#bestAccuracy()} or the {@code cap} is hit. Reported:
 *       median and range of the trials needed, and how many seeds reached it within a quarter of
 *       the 900-point grid (225 trials).</li>
 *   <li><b>Overhead of the search itself</b>: the time of one {@link Sampler#propose} call with
 *       {@code observations} completed trials over a space of 10 variables (3 choices, a
 *       boolean, 3 integers, one with a step of 5, 3 reals, one on a log scale; a smooth
 *       synthetic objective), timed call by call after a warm-up; median, 90th percentile and
 *       maximum.</li>
 * </ol>
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.dspj.bench.SamplerBench [seeds=10]
 * [cap=900] [observations=500] [proposals=2000] [warmup=2000]}.
 */
public final class SamplerBench {

    /** The fraction of the optimum accuracy a search must reach. */
    public static final double TARGET = 0.95;
    /** The budget that counts as "within a quarter of the grid". */
    public static final int QUARTER_GRID = 225;

    private SamplerBench() {}

    /**
     * The samplers compared on the landscape, by name.
     *
     * @param cap the trial cap (the Latin hypercube is as large)
     * @return name to sampler
     */
    public static Map<String, Sampler> landscapeSamplers(int cap) {
        Map<String, Sampler> samplers = new LinkedHashMap<>();
        samplers.put("grid, in order", new GridSampler(10));
        samplers.put("grid, shuffled", GridSampler.shuffled(10));
        samplers.put("random, uniform", RandomSampler.uniform());
        samplers.put("random, Latin hypercube", RandomSampler.latinHypercube(cap));
        samplers.put("TPE", TpeSampler.create());
        return samplers;
    }

    /**
     * One sampler's runs on the landscape.
     *
     * @param sampler the sampler's name
     * @param trials per seed, the trials needed to reach the target (-1 when the cap was hit)
     * @param proposeNanos total time spent in {@code propose}
     * @param proposals proposals made
     */
    @SuppressWarnings("ArrayRecordComponent") // a result printed by the harness, never compared
    public record Reach(String sampler, int[] trials, long proposeNanos, int proposals) {

        /**
         * The median of the trials needed, counting a miss as more than the cap.
         *
         * @param cap the cap
         * @return the median
         */
        public double median(int cap) {
            int[] sorted =
                    Arrays.stream(trials).map(t -> t < 0 ? cap + 1 : t).sorted().toArray();
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
        }

        /**
         * How many seeds reached the target within a budget.
         *
         * @param budget the budget
         * @return the count
         */
        public long within(int budget) {
            return Arrays.stream(trials).filter(t -> t >= 0 && t <= budget).count();
        }
    }

    /**
     * Runs a sampler on the landscape for each seed until the target is reached or the cap hit.
     *
     * @param name the sampler's name
     * @param sampler the sampler
     * @param landscape the landscape
     * @param seeds the number of seeds (0, 1, ...)
     * @param cap the most trials per seed
     * @return the trials needed per seed
     */
    public static Reach reach(String name, Sampler sampler, SimLandscape landscape, int seeds, int cap) {
        VariableSpace space = SimLandscape.qaSpace();
        double target = TARGET * landscape.bestAccuracy();
        int[] trials = new int[seeds];
        long nanos = 0;
        int proposals = 0;
        for (int seed = 0; seed < seeds; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<Observation> completed = new ArrayList<>();
            trials[seed] = -1;
            for (int trial = 1; trial <= cap; trial++) {
                long start = System.nanoTime();
                Optional<Configuration> next = sampler.propose(space, completed, List.of(), random);
                nanos += System.nanoTime() - start;
                proposals++;
                if (next.isEmpty()) {
                    break;
                }
                double accuracy = landscape.accuracy(next.get());
                if (accuracy >= target) {
                    trials[seed] = trial;
                    break;
                }
                completed.add(Observation.of(next.get(), accuracy));
            }
        }
        return new Reach(name, trials, nanos, proposals);
    }

    /**
     * The 10-variable space of the overhead measurement.
     *
     * @return the space
     */
    public static VariableSpace tenVariables() {
        return VariableSpace.of(
                Variable.choice("adapter", List.of("chat", "json", "xml"), "chat"),
                Variable.choice(
                        "module", List.of("predict", "chain_of_thought", "react", "program_of_thought"), "predict"),
                Variable.choice("model", List.of("sim-small", "sim-medium", "sim-large"), "sim-small"),
                Variable.bool("cache", true),
                Variable.integer("demos", 0, 8, 1, 0),
                Variable.integer("max_tokens", 100, 2000, 5, 500),
                Variable.integer("hops", 1, 4, 1, 2),
                Variable.real("temperature", 0.0, 1.5, false, 0.0),
                Variable.real("top_p", 0.1, 1.0, false, 1.0),
                Variable.real("learning_rate", 1e-5, 1e-1, true, 1e-3));
    }

    /**
     * A smooth synthetic objective over {@link #tenVariables()}: the first value peaks at one
     * corner of the unit cube, the second (for two objectives) at the opposite one.
     *
     * @param space the space
     * @param configuration a configuration
     * @param objectives 1 or 2
     * @return the values, to be maximized
     */
    public static double[] objective(VariableSpace space, Configuration configuration, int objectives) {
        double first = 0;
        double second = 0;
        int i = 0;
        for (Variable variable : space.variables()) {
            double u = variable.toUnit(configuration.get(variable.name()));
            double peak = (i % 3) / 2.0;
            first -= (u - peak) * (u - peak);
            second -= (u - 1 + peak) * (u - 1 + peak);
            i++;
        }
        return objectives == 1 ? new double[] {first} : new double[] {first, second};
    }

    /**
     * Timings of one sampler's {@code propose} with a fixed history.
     *
     * @param sampler the sampler's name
     * @param nanos each measured call's time, sorted
     */
    @SuppressWarnings("ArrayRecordComponent") // a result printed by the harness, never compared
    public record Overhead(String sampler, long[] nanos) {

        /**
         * A percentile of the call times.
         *
         * @param p the percentile, 0..100
         * @return nanoseconds
         */
        public long percentile(double p) {
            int index = (int) Math.min(nanos.length - 1, Math.max(0, Math.ceil(p / 100 * nanos.length) - 1));
            return nanos[index];
        }
    }

    /**
     * A history of {@code n} completed trials drawn uniformly from the space.
     *
     * @param space the space
     * @param n the number of trials
     * @param objectives 1 or 2
     * @param seed the seed
     * @return the history, oldest first
     */
    public static List<Observation> history(VariableSpace space, int n, int objectives, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Observation> history = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Configuration configuration = space.sample(random);
            history.add(new Observation(configuration, objective(space, configuration, objectives)));
        }
        return history;
    }

    /**
     * Times {@code propose} calls with a fixed history.
     *
     * @param name the sampler's name
     * @param sampler the sampler
     * @param space the space
     * @param history the completed trials
     * @param warmup calls before measuring
     * @param proposals measured calls
     * @return the timings
     */
    public static Overhead overhead(
            String name, Sampler sampler, VariableSpace space, List<Observation> history, int warmup, int proposals) {
        SplittableRandom random = new SplittableRandom(42);
        long sink = 0;
        for (int i = 0; i < warmup; i++) {
            sink += sampler.propose(space, history, List.of(), random)
                    .map(Configuration::size)
                    .orElse(0);
        }
        long[] nanos = new long[proposals];
        for (int i = 0; i < proposals; i++) {
            long start = System.nanoTime();
            Optional<Configuration> next = sampler.propose(space, history, List.of(), random);
            nanos[i] = System.nanoTime() - start;
            sink += next.map(Configuration::size).orElse(0);
        }
        if (sink == 42) {
            System.out.print("");
        }
        Arrays.sort(nanos);
        return new Overhead(name, nanos);
    }

    /**
     * Runs both parts and prints the results.
     *
     * @param args {@code [seeds] [cap] [observations] [proposals] [warmup]}
     */
    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int cap = args.length > 1 ? Integer.parseInt(args[1]) : 900;
        int observations = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int proposals = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 2000;
        System.out.printf(
                Locale.ROOT,
                "Samplers: %d processors, java %s, max heap %.0f MiB; load average %.2f%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / RunMonitor.MIB,
                RunMonitor.loadAverage());

        SimLandscape landscape = SimLandscape.factoidQa();
        System.out.printf(
                Locale.ROOT,
                "%n1. Trials to reach %.0f%% of the best expected accuracy %.4f (%s), %d seeds, "
                        + "cap %d trials; grid of %d configurations%n",
                100 * TARGET,
                landscape.bestAccuracy(),
                landscape.bestConfiguration(),
                seeds,
                cap,
                SimLandscape.qaSpace().grid(10).size());
        System.out.printf(
                Locale.ROOT,
                "   %-26s %8s %12s %14s %12s   per seed%n",
                "sampler",
                "median",
                "range",
                "within " + QUARTER_GRID,
                "us/propose");
        for (Map.Entry<String, Sampler> entry : landscapeSamplers(cap).entrySet()) {
            Reach r = reach(entry.getKey(), entry.getValue(), landscape, seeds, cap);
            int[] counted = Arrays.stream(r.trials())
                    .map(t -> t < 0 ? cap + 1 : t)
                    .sorted()
                    .toArray();
            System.out.printf(
                    Locale.ROOT,
                    "   %-26s %8.1f %12s %11d/%-2d %12.1f   %s%n",
                    r.sampler(),
                    r.median(cap),
                    counted[0] + "-" + (counted[counted.length - 1] > cap ? ">" + cap : counted[counted.length - 1]),
                    r.within(QUARTER_GRID),
                    seeds,
                    r.proposeNanos() / 1e3 / r.proposals(),
                    Arrays.toString(r.trials()));
        }

        VariableSpace space = tenVariables();
        System.out.printf(
                Locale.ROOT,
                "%n2. propose() with %d completed trials, %d variables: %d calls timed after %d " + "warm-up calls%n",
                observations,
                space.dimensionality(),
                proposals,
                warmup);
        System.out.printf(Locale.ROOT, "   %-34s %10s %10s %10s%n", "sampler", "median us", "p90 us", "max us");
        Map<String, Supplier<Overhead>> runs = new LinkedHashMap<>();
        List<Observation> one = history(space, observations, 1, 7);
        List<Observation> two = history(space, observations, 2, 7);
        runs.put(
                "TPE, 1 objective",
                () -> overhead("TPE, 1 objective", TpeSampler.create(), space, one, warmup, proposals));
        runs.put(
                "TPE, 2 objectives (MOTPE)",
                () -> overhead("TPE, 2 objectives (MOTPE)", TpeSampler.create(), space, two, warmup, proposals));
        runs.put(
                "NSGA-II, 2 objectives",
                () -> overhead("NSGA-II, 2 objectives", NsgaIISampler.create(), space, two, warmup, proposals));
        runs.put(
                "random, uniform",
                () -> overhead("random, uniform", RandomSampler.uniform(), space, one, warmup, proposals));
        for (Supplier<Overhead> run : runs.values()) {
            Overhead o = run.get();
            System.out.printf(
                    Locale.ROOT,
                    "   %-34s %10.1f %10.1f %10.1f%n",
                    o.sampler(),
                    o.percentile(50) / 1e3,
                    o.percentile(90) / 1e3,
                    o.percentile(100) / 1e3);
        }
        System.out.printf(Locale.ROOT, "%nload average now %.2f%n", RunMonitor.loadAverage());
    }
}
