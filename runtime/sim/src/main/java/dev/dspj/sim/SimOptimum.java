package dev.dspj.sim;

/**
 * The best configuration of a task over a set of models, and the accuracy it is expected to reach.
 *
 * @param profile the best model
 * @param conditions the best prompt conditions
 * @param expectedAccuracy the mean probability of a correct answer over the task's examples
 */
public record SimOptimum(SimModelProfile profile, SimConditions conditions, double expectedAccuracy) {}
