package dev.dspj.samples.tools;

import dev.dspj.agent.ReAct;
import dev.dspj.agent.ReActResult;
import dev.dspj.agent.TypedReAct;
import dev.dspj.evaluate.Evaluate;
import dev.dspj.evaluate.Metrics;
import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.Provider;
import dev.dspj.optimize.BootstrapFewShot;
import dev.dspj.optimize.Gepa;
import dev.dspj.optimize.MiproV2;
import dev.dspj.primitives.Example;
import dev.dspj.sim.SimConditions;
import dev.dspj.sim.SimMetrics;
import dev.dspj.sim.SimModelProfile;
import dev.dspj.sim.SimSplit;
import dev.dspj.sim.SimTask;
import dev.dspj.sim.SimTasks;
import dev.dspj.sim.SimulatedModelServer;
import dev.dspj.sim.ToolConditions;
import java.util.List;
import java.util.Locale;

/**
 * A ReAct agent over the {@code @Tool} methods of {@link Calculator}, on the simulated model's
 * tool-arithmetic task: its zero-shot score, the scores after BootstrapFewShot, MIPROv2 and GEPA
 * (which also rewrites the tools' descriptions), and the known ceilings. Offline: the simulated model answers over loopback HTTP.
 *
 * <pre>
 * mvn -q -pl samples exec:java -Dexec.mainClass=dev.dspj.samples.tools.ToolAgent
 * </pre>
 */
public final class ToolAgent {

    /**
     * The scores a run reports.
     *
     * @param zeroShot the agent as built
     * @param optimized after BootstrapFewShot
     * @param mipro after MIPROv2 (instructions and demos)
     * @param gepa after GEPA (instructions and tool descriptions)
     * @param ceiling the known ceiling of an agent with demos and instructions
     * @param instructionsCeiling the known ceiling with instructions alone, what GEPA can change
     * @param example one run's trajectory and answer
     */
    public record Scores(
            double zeroShot,
            double optimized,
            double mipro,
            double gepa,
            double ceiling,
            double instructionsCeiling,
            String example) {}

    private ToolAgent() {}

    /**
     * Runs the sample and prints its scores.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        Scores scores = run();
        System.out.println(scores.example());
        System.out.printf(
                Locale.ROOT,
                "zero-shot %.3f, BootstrapFewShot %.3f, MIPROv2 %.3f (%.0f%% of the known ceiling %.3f), "
                        + "GEPA %.3f (%.0f%% of the ceiling with instructions alone, %.3f)%n",
                scores.zeroShot(),
                scores.optimized(),
                scores.mipro(),
                100 * scores.mipro() / scores.ceiling(),
                scores.ceiling(),
                scores.gepa(),
                100 * scores.gepa() / scores.instructionsCeiling(),
                scores.instructionsCeiling());
    }

    /**
     * Builds, evaluates and optimizes the agent.
     *
     * @return the scores
     */
    public static Scores run() {
        SimTask task = SimTasks.toolArithmetic();
        SimSplit split = task.trainDevSplit();
        List<Example> train = SimTask.toExamples(split.train());
        List<Example> dev = SimTask.toExamples(split.dev().subList(0, 100));
        try (SimulatedModelServer server = SimulatedModelServer.builder()
                        .tasks(SimTasks.toolTasks())
                        .latencyScale(0)
                        .build()
                        .start();
                HttpLanguageModel small = HttpLanguageModel.builder(Provider.SIM)
                        .model("sim-small")
                        .baseUrl(server.baseUrl())
                        .cache(ResponseCache.memory(100_000))
                        .build();
                HttpLanguageModel large = HttpLanguageModel.builder(Provider.SIM)
                        .model("sim-large")
                        .baseUrl(server.baseUrl())
                        .cache(ResponseCache.memory(100_000))
                        .build()) {
            TypedReAct<ToolQuestionInput, ToolQuestionOutput> agent = ReAct.typed(
                            ToolQuestionSignature.INSTANCE,
                            ReAct.builder(ToolQuestionSignature.DESCRIPTOR, CalculatorTools.of(new Calculator()))
                                    .maxIters(5))
                    .withModel(small);
            ReActResult<ToolQuestionOutput> one =
                    agent.run(new ToolQuestionInput((String) dev.get(0).inputs().get("question")));

            Evaluate onDev = Evaluate.builder(dev, Metrics.exactMatch("answer"))
                    .progress(false)
                    .build();
            double zeroShot = onDev.run(agent).score();
            TypedReAct<ToolQuestionInput, ToolQuestionOutput> optimized = BootstrapFewShot.builder(
                            Metrics.exactMatch("answer"))
                    .maxBootstrappedDemos(4)
                    .build()
                    .compile(agent, train.subList(0, 40));
            double tuned = onDev.run(optimized).score();
            // instructions written by sim-large, demos bootstrapped, chosen on training questions only
            TypedReAct<ToolQuestionInput, ToolQuestionOutput> proposed = MiproV2.builder(Metrics.exactMatch("answer"))
                    .auto(MiproV2.Auto.MEDIUM)
                    .valset(train.subList(60, train.size()))
                    .promptModel(large)
                    .taskModel(small)
                    .build()
                    .compile(agent, train.subList(0, 60));
            double mipro = onDev.run(proposed).score();
            // instructions and the tools' descriptions rewritten from the agent's steps and feedback
            TypedReAct<ToolQuestionInput, ToolQuestionOutput> reflected = Gepa.builder(
                            SimMetrics.exactMatchWithFeedback(task, "answer"))
                    .maxMetricCalls(900)
                    .reflectionModel(large)
                    .valset(train.subList(60, train.size()))
                    .optimizeToolDescriptions(true)
                    .build()
                    .compile(agent, train.subList(0, 60));
            double gepa = onDev.run(reflected).score();
            double ceiling = task.bestAgent(List.of(SimModelProfile.SMALL), 5).expectedAccuracy();
            double instructionsCeiling = task.expectedAgentAccuracy(
                    SimModelProfile.SMALL,
                    new ToolConditions(0, 0, ToolConditions.BEST.hintsFound(), 0.0),
                    new SimConditions(0, 0, true, task.hints().size(), 0.0),
                    5);
            return new Scores(zeroShot, tuned, mipro, gepa, ceiling, instructionsCeiling, describe(one));
        }
    }

    private static String describe(ReActResult<ToolQuestionOutput> result) {
        StringBuilder text =
                new StringBuilder(String.valueOf(result.trajectory().steps().size())).append(" steps\n");
        result.trajectory()
                .steps()
                .forEach(step -> text.append(step.toolName())
                        .append(step.toolArgs())
                        .append(" -> ")
                        .append(step.observation())
                        .append('\n'));
        return text.append("answer: ").append(result.output().answer()).toString();
    }
}
