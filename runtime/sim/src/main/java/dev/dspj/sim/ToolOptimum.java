package dev.dspj.sim;

/**
 * The best ReAct agent for a tool-use task over a set of models, and the accuracy it is expected
 * to reach ({@link SimTask#bestAgent}).
 *
 * @param profile the best model
 * @param step the best conditions of the agent's {@code react} steps
 * @param extract the best conditions of its {@code extract.predict} step
 * @param maxIters the agent's iteration limit the accuracy is computed for
 * @param expectedAccuracy the mean probability of a correct final answer over the task's examples
 */
public record ToolOptimum(
        SimModelProfile profile, ToolConditions step, SimConditions extract, int maxIters, double expectedAccuracy) {}
