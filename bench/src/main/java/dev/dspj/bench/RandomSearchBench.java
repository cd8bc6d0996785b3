package dev.dspj.bench;

import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.EvaluationResult;
import dev.dspj.evaluate.Metric;
import dev.dspj.evaluate.Metrics;
import dev.dspj.lm.LmRequest;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.Provider;
import dev.dspj.optimize.BootstrapFewShotWithRandomSearch;
import dev.dspj.optimize.OptimizerReport;
import dev.dspj.primitives.Example;
import dev.dspj.sim.SimConditions;
import dev.dspj.sim.SimDecision;
import dev.dspj.sim.SimExample;
import dev.dspj.sim.SimModelProfile;
import dev.dspj.sim.SimOptimum;
import dev.dspj.sim.SimTask;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModel;
import dev.dspj.sim.SimulatedModelServer;
import java.util.List;
import java.util.Locale;

/**
 * Issue 4's optimizer benchmark: {@link BootstrapFewShotWithRandomSearch} with
 * {@code candidates} shuffled candidates (plus DSPy's three baselines: zero-shot, labeled only,
 * unshuffled bootstrap) over {@code train} training examples, scoring every candidate on
 * {@code dev} validation examples, for the generated {@code PlainQuestionPredictor} (a Predict,
 * question to answer, no reasoning field, instructions without the task's hint phrases) on the
 * simulated model served over HTTP at its profile's latency times {@code latencyScale}.
 *
 * <p>Everything else is the optimizer's defaults (DSPy's): up to 4 bootstrapped demos, 16 labeled
 * demos, 1 round, 4 candidates at a time, Evaluate's default concurrency (16) per candidate. The
 * client is {@code sim/<model>} with a memory-only response cache (as DSPy caches by default; the
 * teacher's runs on the training set repeat across candidates and are answered from it) and the
 * default limits (64 requests in flight).
 *
 * <p>It reports the wall time of {@code compile}, the optimizer's report (calls, cache hits, tokens,
 * cost, every candidate's score), the returned program's dev score, and that score against two
 * ceilings computed in closed form from the competence model on the same dev examples:
 * <ul>
 *   <li>{@link SimTask#bestAchievable(List)} for the model used: its best prompt (4 good demos, a
 *       reasoning field, both hint phrases, temperature 0), which this program shape cannot reach;</li>
 *   <li>the best for this program shape: 4 good demos (more do not help), no reasoning, no hints,
 *       temperature 0.</li>
 * </ul>
 * It also scores the zero-shot and the returned program on {@code heldOut} further examples, which
 * no candidate was chosen on (not counted in the optimizer's report), and asks the simulated model
 * what it reads in the returned program's prompt ({@link SimulatedModel#explain}).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.dspj.bench.RandomSearchBench
 * [candidates=16] [train=200] [dev=200] [latencyScale=1.0] [model=sim-small] [heldOut=1000]}.
 */
public final class RandomSearchBench {

    /** The seed of the factoid QA task the examples come from ({@link SimTasks#DEFAULT_SEED}). */
    public static final long TASK_SEED = SimTasks.DEFAULT_SEED;

    private RandomSearchBench() {}

    /**
     * A run's outcome.
     *
     * @param model the simulated model
     * @param latencyScale the server's latency scale
     * @param wallNanos the wall time of {@code compile}
     * @param report the optimizer's report
     * @param demos demos of the returned program
     * @param augmentedDemos of which bootstrapped (teacher outputs that passed the metric)
     * @param dev the returned program's evaluation on the dev (validation) set
     * @param heldOutZeroShot the zero-shot program on the held-out examples, or null when there are none
     * @param heldOutBest the returned program on the held-out examples, or null when there are none
     * @param readConditions what the simulated model reads in the returned program's prompt
     * @param expectedZeroShotDev the competence model's zero-shot accuracy on the dev examples
     * @param bestAchievable {@link SimTask#bestAchievable(List)} over the model used (whole task)
     * @param bestAchievableDev the same conditions' expected accuracy on the dev examples
     * @param shapeBestDev the best expected accuracy on the dev examples for this program shape
     * @param shapeBestHeldOut the same on the held-out examples (NaN when there are none)
     */
    public record Result(
            SimModelProfile model,
            double latencyScale,
            long wallNanos,
            OptimizerReport report,
            int demos,
            int augmentedDemos,
            EvaluationResult dev,
            EvaluationResult heldOutZeroShot,
            EvaluationResult heldOutBest,
            SimConditions readConditions,
            double expectedZeroShotDev,
            SimOptimum bestAchievable,
            double bestAchievableDev,
            double shapeBestDev,
            double shapeBestHeldOut) {}

    /**
     * The conditions of the best prompt this program shape can give: {@code MAX_GOOD_DEMOS} good
     * demos, no bad ones, no reasoning field, no hint phrase, temperature 0.
     *
     * @return the conditions
     */
    public static SimConditions shapeBest() {
        return new SimConditions(4, 0, false, 0, 0.0);
    }

    /**
     * Runs the optimizer once against a fresh server and client.
     *
     * @param candidates shuffled candidates ({@code numCandidatePrograms})
     * @param trainSize training examples
     * @param devSize validation examples
     * @param heldOutSize further examples to score the result on (0 for none)
     * @param latencyScale the server's latency scale (1 = the profile's latency)
     * @param profile the simulated model
     * @return the outcome
     */
    public static Result run(
            int candidates, int trainSize, int devSize, int heldOutSize, double latencyScale, SimModelProfile profile) {
        SimTask task = SimTasks.factoidQa(TASK_SEED, trainSize + devSize + heldOutSize);
        List<SimExample> trainExamples = task.examples().subList(0, trainSize);
        List<SimExample> devExamples = task.examples().subList(trainSize, trainSize + devSize);
        List<SimExample> heldOutExamples = task.examples().subList(trainSize + devSize, task.size());
        List<Example> train = SimTask.toExamples(trainExamples);
        List<Example> dev = SimTask.toExamples(devExamples);
        List<Example> heldOut = SimTask.toExamples(heldOutExamples);
        Metric metric = Metrics.exactMatch("answer");

        try (SimulatedModelServer server = SimulatedModelServer.builder()
                        .task(task)
                        .latencyScale(latencyScale)
                        .requestLogCapacity(0)
                        .build()
                        .start();
                HttpLanguageModel model = HttpLanguageModel.builder(Provider.SIM)
                        .model(profile.name())
                        .baseUrl(server.baseUrl())
                        .cache(ResponseCache.memory(100_000))
                        .build()) {
            PlainQuestionPredictor student = PlainQuestionPredictor.predict().withModel(model);
            BootstrapFewShotWithRandomSearch optimizer = BootstrapFewShotWithRandomSearch.builder(metric)
                    .numCandidatePrograms(candidates)
                    .valset(dev)
                    .build();
            long start = System.nanoTime();
            BootstrapFewShotWithRandomSearch.Result<PlainQuestionPredictor> result =
                    optimizer.compileWithResult(student, train);
            long wall = System.nanoTime() - start;
            PlainQuestionPredictor best = result.program();
            OptimizerReport report = result.report();

            Evaluate onDev = Evaluate.builder(dev, metric).progress(false).build();
            EvaluationResult devResult = onDev.run(best);
            EvaluationResult heldOutZeroShot = null;
            EvaluationResult heldOutBest = null;
            if (!heldOut.isEmpty()) {
                Evaluate onHeldOut = Evaluate.builder(heldOut, metric)
                        .concurrency(64)
                        .progress(false)
                        .build();
                heldOutZeroShot = onHeldOut.run(student);
                heldOutBest = onHeldOut.run(best);
            }
            List<Example> demos = best.predictor().demos();
            int augmented = (int) demos.stream().filter(Example::augmented).count();
            SimulatedModel inProcess =
                    SimulatedModel.builder().model(profile).task(task).build();
            SimDecision decision = inProcess.explain(new LmRequest(
                    best.predictor().formatPrompt(dev.get(0).inputs()),
                    best.predictor().settings()));

            SimOptimum optimum = task.bestAchievable(List.of(profile));
            return new Result(
                    profile,
                    latencyScale,
                    wall,
                    report,
                    demos.size(),
                    augmented,
                    devResult,
                    heldOutZeroShot,
                    heldOutBest,
                    decision.conditions(),
                    SimTask.expectedAccuracy(profile, SimConditions.BASELINE, devExamples),
                    optimum,
                    SimTask.expectedAccuracy(profile, optimum.conditions(), devExamples),
                    SimTask.expectedAccuracy(profile, shapeBest(), devExamples),
                    heldOutExamples.isEmpty()
                            ? Double.NaN
                            : SimTask.expectedAccuracy(profile, shapeBest(), heldOutExamples));
        }
    }

    /**
     * Runs the benchmark once and prints the outcome.
     *
     * @param args {@code [candidates] [train] [dev] [latencyScale] [model] [heldOut]}
     */
    public static void main(String[] args) {
        int candidates = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int train = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int dev = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        double latencyScale = args.length > 3 ? Double.parseDouble(args[3]) : 1.0;
        SimModelProfile profile = SimModelProfile.builtIn(args.length > 4 ? args[4] : "sim-small")
                .orElseThrow(() -> new IllegalArgumentException("unknown model " + args[4] + "; use one of "
                        + SimModelProfile.builtIns().stream()
                                .map(SimModelProfile::name)
                                .toList()));
        int heldOut = args.length > 5 ? Integer.parseInt(args[5]) : 1000;
        System.out.printf(
                Locale.ROOT,
                "BootstrapFewShotWithRandomSearch: %d candidates (+3 baselines), %d train / %d "
                        + "dev (valset), %s over HTTP at latency scale %s, memory cache; %d processors, java %s, max heap "
                        + "%.0f MiB; load average %.2f%n",
                candidates,
                train,
                dev,
                profile.name(),
                latencyScale,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / RunMonitor.MIB,
                RunMonitor.loadAverage());
        Result r = run(candidates, train, dev, heldOut, latencyScale, profile);
        OptimizerReport report = r.report();
        System.out.println("candidate scores (validation = dev):");
        for (OptimizerReport.CandidateScore candidate : report.candidates()) {
            System.out.printf(
                    Locale.ROOT,
                    "  %3d  %-48s %6.3f  %2d demos%s%n",
                    candidate.seed(),
                    candidate.description(),
                    candidate.score(),
                    candidate.demos(),
                    candidate.seed() == report.bestCandidate() ? "  <- returned" : "");
        }
        System.out.printf(
                Locale.ROOT,
                "wall time of compile: %.3f s (report: %d ms, %s)%n",
                r.wallNanos() / 1e9,
                report.elapsed().toMillis(),
                report.stoppedReason());
        System.out.printf(
                Locale.ROOT,
                "LM calls: %d (%d from cache, %d failed; %d bootstrap teacher runs, %d gave "
                        + "demos), tokens %d (prompt %d + completion %d), cost $%s%n",
                report.calls(),
                report.cacheHits(),
                report.failedCalls(),
                report.bootstrapAttempts(),
                report.bootstrapped(),
                report.totalTokens(),
                report.promptTokens(),
                report.completionTokens(),
                report.costUsd().stripTrailingZeros().toPlainString());
        System.out.printf(
                Locale.ROOT,
                "returned program: candidate %d, %d demos (%d bootstrapped); the simulated model " + "reads %s%n",
                report.bestCandidate(),
                r.demos(),
                r.augmentedDemos(),
                r.readConditions());
        double devScore = r.dev().score();
        System.out.printf(
                Locale.ROOT,
                "final dev score %.4f (%d scored, %d failed; zero-shot candidate %.4f, " + "expected zero-shot %.4f)%n",
                devScore,
                r.dev().scored().size(),
                r.dev().failures().size(),
                report.candidates().get(0).score(),
                r.expectedZeroShotDev());
        System.out.printf(
                Locale.ROOT,
                "best achievable with %s (%s): %.4f on the whole task, %.4f on these dev "
                        + "examples -> final score = %.1f%% of it%n",
                profile.name(),
                r.bestAchievable().conditions(),
                r.bestAchievable().expectedAccuracy(),
                r.bestAchievableDev(),
                100 * devScore / r.bestAchievableDev());
        System.out.printf(
                Locale.ROOT,
                "best achievable for this program shape (%s): %.4f on these dev examples -> "
                        + "final score = %.1f%% of it%n",
                shapeBest(),
                r.shapeBestDev(),
                100 * devScore / r.shapeBestDev());
        if (r.heldOutBest() != null) {
            System.out.printf(
                    Locale.ROOT,
                    "held out (%d examples no candidate was chosen on): zero-shot %.4f, returned "
                            + "program %.4f (shape best expected %.4f -> %.1f%% of it)%n",
                    r.heldOutBest().results().size(),
                    r.heldOutZeroShot().score(),
                    r.heldOutBest().score(),
                    r.shapeBestHeldOut(),
                    100 * r.heldOutBest().score() / r.shapeBestHeldOut());
        }
        System.out.printf(Locale.ROOT, "load average now %.2f%n", RunMonitor.loadAverage());
    }
}
