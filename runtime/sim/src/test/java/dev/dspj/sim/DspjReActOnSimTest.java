package dev.dspj.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dspj.agent.ReAct;
import dev.dspj.primitives.Prediction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DSPJ's own {@code ReAct}, whose loop observes an unknown tool name and goes on, scores on the
 * simulated tool tasks what {@link SimTask#expectedAgentAccuracy} says for {@link
 * UnknownToolPolicy#OBSERVED}, and more than DSPy's loop, which ends on it, is expected to.
 */
class DspjReActOnSimTest {

    private static final int SIZE = 300;
    private static final int MAX_ITERS = 5;
    private static final double TOLERANCE = 0.07;

    @Test
    void dspjReActScoresItsOwnKnownAccuracy() {
        StringBuilder report = new StringBuilder();
        for (SimTask task : List.of(
                SimTasks.toolArithmetic(SimTasks.DEFAULT_SEED, SIZE),
                SimTasks.toolLookup(SimTasks.DEFAULT_SEED, SIZE))) {
            SimulatedModel model = SimulatedModel.builder()
                    .model(SimModelProfile.SMALL)
                    .tasks(SimTasks.toolTasks())
                    .task(task)
                    .build();
            ReAct agent = ReAct.builder(ReactHarness.QA, task.tools())
                    .maxIters(MAX_ITERS)
                    .build()
                    .withModel(model);
            int correct = 0;
            int unknownNames = 0;
            for (SimExample example : task.examples()) {
                Prediction prediction =
                        agent.forward(Map.of("question", example.inputs().get("question")));
                String trajectory = String.valueOf(prediction.get("trajectory"));
                if (example.gold().get("answer").equals(prediction.getString("answer"))) {
                    correct++;
                }
                unknownNames += trajectory.contains("is not one of the available tools") ? 1 : 0;
            }
            double measured = (double) correct / task.size();
            SimConditions extract = SimConditions.BASELINE.withReasoning(true);
            double observed = task.expectedAgentAccuracy(
                    SimModelProfile.SMALL, ToolConditions.BASELINE, extract, MAX_ITERS, UnknownToolPolicy.OBSERVED);
            double ends = task.expectedAgentAccuracy(
                    SimModelProfile.SMALL, ToolConditions.BASELINE, extract, MAX_ITERS, UnknownToolPolicy.ENDS_EPISODE);
            report.append(String.format(
                    "%-16s sim-small DSPJ ReAct measured %.3f, expected %.3f (DSPy's loop %.3f), episodes with an"
                            + " unknown tool name %d%n",
                    task.name(), measured, observed, ends, unknownNames));
            assertTrue(observed > ends, report.toString());
            assertTrue(unknownNames > 0, "the small model names unknown tools\n" + report);
            assertTrue(Math.abs(measured - observed) <= TOLERANCE, report.toString());
        }
        System.out.print(report);
    }
}
