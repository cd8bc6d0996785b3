package dev.dspj.bench;

import dev.dspj.study.StudyStore;
import dev.dspj.variable.Configuration;
import dev.dspj.variable.Variable;
import dev.dspj.variable.VariableSpace;
import dev.dspj.variable.objective.Measurement;
import dev.dspj.variable.objective.Objective;
import dev.dspj.variable.search.Observation;
import dev.dspj.variable.search.Sampler;
import dev.dspj.variable.search.Samplers;
import dev.dspj.variable.search.SearchStrategy;
import dev.dspj.variable.tune.Budget;
import dev.dspj.variable.tune.TrialEvaluator;
import dev.dspj.variable.tune.Tuner;
import dev.dspj.variable.tune.TuningResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * The search's own cost per trial: a {@link Tuner} over 10 variables (choices, booleans,
 * integers, linear and log reals, one conditional) with an evaluator that answers at once, so the
 * wall time is all search machinery: proposing (the sampler, given every finished trial), claiming
 * and completing the trial in the study, reading the study back, and the bookkeeping around them.
 * Reported per store (memory, SQLite file) and strategy, as the median over rounds of wall time per
 * trial, with the sampler's share measured by timing its {@code propose} calls.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.dspj.bench.TunerOverheadBench
 * [trials=500] [rounds=5] [strategies=TPE,RANDOM,NSGA_II]}.
 */
public final class TunerOverheadBench {

    private TunerOverheadBench() {}

    /** Ten variables of every kind. */
    static VariableSpace tenVariables() {
        return VariableSpace.of(
                Variable.choice("adapter", List.of("chat", "json", "xml"), "chat"),
                Variable.choice("module", List.of("predict", "chain_of_thought", "best_of_n"), "predict"),
                Variable.choice("model", List.of("small", "medium", "large", "xl"), "small"),
                Variable.real("temperature", 0, 1.5, false, 0.0),
                Variable.integer("demos", 0, 8, 1, 4),
                Variable.integer("passages", 1, 20, 1, 5),
                Variable.real("top_p", 0.1, 1.0, false, 1.0),
                Variable.real("learning_rate", 1e-5, 1e-1, true, 1e-3),
                Variable.bool("rerank", false),
                Variable.integer("rerank_depth", 5, 50, 5, 20).when("rerank", "true"));
    }

    /** A smooth synthetic landscape: a few variables matter, the rest are noise. */
    static Measurement landscape(Configuration c) {
        double accuracy = 0.3
                + 0.1 * List.of("small", "medium", "large", "xl").indexOf(c.getString("model"))
                + 0.03 * c.getInt("demos")
                - 0.1 * c.getDouble("temperature")
                + (c.getString("module").equals("chain_of_thought") ? 0.05 : 0)
                + (c.getBoolean("rerank") ? 0.02 * c.getInt("rerank_depth") / 50.0 : 0);
        accuracy = Math.max(0, Math.min(1, accuracy));
        double cost = Math.pow(2, List.of("small", "medium", "large", "xl").indexOf(c.getString("model")))
                * (1 + c.getInt("demos"))
                * 1e-5;
        double[] latencies = new double[10];
        Arrays.fill(latencies, 100 + 1000 * cost);
        double sum = Math.round(accuracy * 10);
        return new Measurement(10, sum, sum, latencies, 10, 0, 0, 0, 0, 100, 20, cost * 10, cost * 10, List.of(), 0);
    }

    /** Counts the time spent in another sampler's {@code propose}. */
    static final class TimedSampler implements Sampler {
        private final Sampler inner;
        final AtomicLong nanos = new AtomicLong();
        final AtomicLong calls = new AtomicLong();

        TimedSampler(Sampler inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public Optional<Configuration> propose(
                VariableSpace space, List<Observation> completed, List<Configuration> pending, RandomGenerator random) {
            long start = System.nanoTime();
            try {
                return inner.propose(space, completed, pending, random);
            } finally {
                nanos.addAndGet(System.nanoTime() - start);
                calls.incrementAndGet();
            }
        }
    }

    /** One measured search. */
    record Run(int trials, double msPerTrial, double samplerMsPerTrial) {}

    static Run once(SearchStrategy strategy, StudyStore store, String study, int trials, long seed) {
        VariableSpace space = tenVariables();
        TimedSampler sampler =
                new TimedSampler(Samplers.of(strategy, space, trials, 2).sampler());
        long start = System.nanoTime();
        TuningResult result = Tuner.builder(space, TrialEvaluator.of(TunerOverheadBench::landscape))
                .objectives(Objective.accuracy(), Objective.cost())
                .sampler(sampler)
                .budget(Budget.trials(trials))
                .parallelTrials(1)
                .study(store, study)
                .seed(seed)
                .build()
                .run();
        long wall = System.nanoTime() - start;
        int done = result.trials().size();
        return new Run(done, wall / 1e6 / done, sampler.nanos.get() / 1e6 / done);
    }

    /**
     * Runs the benchmark.
     *
     * @param args [trials] [rounds] [strategies]
     * @throws Exception when the SQLite file cannot be made
     */
    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<SearchStrategy> strategies = new ArrayList<>();
        for (String name : (args.length > 2 ? args[2] : "TPE,RANDOM,NSGA_II").split(",")) {
            strategies.add(SearchStrategy.valueOf(name.trim()));
        }
        System.out.printf(
                Locale.ROOT,
                "Tuner overhead: 10 variables, %d trials, %d rounds (+1 warm-up), 1 trial at a time%n",
                trials,
                rounds);
        Path dir = Files.createTempDirectory("dspj-tuner-bench");
        for (SearchStrategy strategy : strategies) {
            for (String storeName : List.of("memory", "sqlite")) {
                double[] perTrial = new double[rounds];
                double[] sampler = new double[rounds];
                for (int round = -1; round < rounds; round++) {
                    try (StudyStore store = storeName.equals("memory")
                            ? StudyStore.inMemory()
                            : StudyStore.sqlite(dir.resolve(strategy + "-" + round + ".db"))) {
                        Run run = once(strategy, store, "bench", trials, round + 100);
                        if (round >= 0) {
                            perTrial[round] = run.msPerTrial();
                            sampler[round] = run.samplerMsPerTrial();
                        }
                    }
                }
                Arrays.sort(perTrial);
                Arrays.sort(sampler);
                System.out.printf(
                        Locale.ROOT,
                        "  %-8s %-7s per trial: median %.3f ms (min %.3f, max %.3f); sampler propose: median %.3f ms%n",
                        strategy,
                        storeName,
                        perTrial[rounds / 2],
                        perTrial[0],
                        perTrial[rounds - 1],
                        sampler[rounds / 2]);
            }
        }
    }
}
