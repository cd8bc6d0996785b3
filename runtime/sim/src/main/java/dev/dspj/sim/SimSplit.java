package dev.dspj.sim;

import java.util.List;

/**
 * A task's examples split in two disjoint parts: one to optimize on, one to measure on.
 *
 * @param train the examples to optimize on (demos, candidate selection)
 * @param dev the held-out examples to measure on
 */
public record SimSplit(List<SimExample> train, List<SimExample> dev) {

    /**
     * Freezes the lists.
     *
     * @param train the training examples
     * @param dev the held-out examples
     */
    public SimSplit {
        train = List.copyOf(train);
        dev = List.copyOf(dev);
    }
}
