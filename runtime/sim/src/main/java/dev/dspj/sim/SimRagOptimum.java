package dev.dspj.sim;

/**
 * The best configuration of a retrieval program found by {@link SimRagTask#bestAchievable}.
 *
 * @param profile the model of every step
 * @param query the query steps' conditions
 * @param answer the answer step's conditions
 * @param queries the number of query steps
 * @param expectedAccuracy the expected accuracy with a perfect retriever, 0..1
 */
public record SimRagOptimum(
        SimModelProfile profile, SimConditions query, SimConditions answer, int queries, double expectedAccuracy) {}
