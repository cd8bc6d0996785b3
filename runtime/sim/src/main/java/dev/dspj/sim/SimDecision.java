package dev.dspj.sim;

import java.util.List;

/**
 * Why the simulated model answered a request as it did: what it recognised in the prompt and the
 * probability of a correct answer. For tests and debugging ({@link SimulatedModel#explain}).
 *
 * @param taskName the recognised task's name, empty when no example was recognised
 * @param exampleId the recognised example's id, empty when none
 * @param answerFormat {@code chat}, {@code json}, {@code xml} or {@code text}
 * @param outputFields the output fields the prompt asks for, in order
 * @param conditions the demos, reasoning, hints and temperature read from the prompt
 * @param probability the probability of a correct answer ({@link Competence}); 0 when no example was recognised
 * @param correct for each choice, whether it holds the gold answer
 */
public record SimDecision(
        String taskName,
        String exampleId,
        String answerFormat,
        List<String> outputFields,
        SimConditions conditions,
        double probability,
        List<Boolean> correct) {

    /**
     * Freezes the lists.
     *
     * @param taskName the task
     * @param exampleId the example
     * @param answerFormat the format
     * @param outputFields the output fields
     * @param conditions the conditions
     * @param probability the probability of a correct answer
     * @param correct per choice, whether it is correct
     */
    public SimDecision {
        outputFields = List.copyOf(outputFields);
        correct = List.copyOf(correct);
    }

    /**
     * Whether the prompt showed a known example.
     *
     * @return true when an example was recognised
     */
    public boolean matched() {
        return !exampleId.isEmpty();
    }
}
