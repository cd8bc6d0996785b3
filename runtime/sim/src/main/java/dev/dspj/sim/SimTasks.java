package dev.dspj.sim;

import java.util.List;

/**
 * The built-in simulated tasks, generated deterministically from a seed: no network, no files.
 * The same seed and size always give the same examples, in the same (shuffled) order.
 */
public final class SimTasks {

    /** The seed of the default tasks. */
    public static final long DEFAULT_SEED = 7;
    /** The number of examples of the default tasks. */
    public static final int DEFAULT_SIZE = 300;
    /** The most examples a built-in task can generate. */
    public static final int MAX_SIZE = 5_000;

    private SimTasks() {}

    /**
     * Factoid questions about invented places and people ({@code question -> answer}), with the
     * default seed and size.
     *
     * @return the task
     */
    public static SimTask factoidQa() {
        return factoidQa(DEFAULT_SEED, DEFAULT_SIZE);
    }

    /**
     * Factoid questions about invented places and people: "What is the capital of Valorenia?"
     * ({@code question -> answer}). Birthplace questions are harder than capitals. Hints:
     * {@code short factoid}, {@code 1-5 words}.
     *
     * @param seed the generator's seed
     * @param size the number of examples, 1 to {@value #MAX_SIZE}
     * @return the task
     */
    public static SimTask factoidQa(long seed, int size) {
        Ids.checkSize("factoidQa", size, MAX_SIZE);
        return FactoidQa.generate(seed, size);
    }

    /**
     * Product reviews to classify, with the default seed and size.
     *
     * @return the task
     */
    public static SimTask sentiment() {
        return sentiment(DEFAULT_SEED, DEFAULT_SIZE);
    }

    /**
     * Product reviews to classify ({@code review -> sentiment}, one of {@code POSITIVE},
     * {@code NEGATIVE}, {@code NEUTRAL}). Sarcastic and mixed reviews are the hard ones. Hints:
     * {@code sarcasm}, {@code overall tone}.
     *
     * @param seed the generator's seed
     * @param size the number of examples, 1 to {@value #MAX_SIZE}
     * @return the task
     */
    public static SimTask sentiment(long seed, int size) {
        Ids.checkSize("sentiment", size, MAX_SIZE);
        return Sentiment.generate(seed, size);
    }

    /**
     * Arithmetic questions, with the default seed and size.
     *
     * @return the task
     */
    public static SimTask arithmetic() {
        return arithmetic(DEFAULT_SEED, DEFAULT_SIZE);
    }

    /**
     * Arithmetic questions: "What is 37 + 48?" ({@code question -> answer}, an integer as text).
     * Products of larger numbers are the hard ones. Hints: {@code exact integer},
     * {@code double-check}.
     *
     * @param seed the generator's seed
     * @param size the number of examples, 1 to {@value #MAX_SIZE}
     * @return the task
     */
    public static SimTask arithmetic(long seed, int size) {
        Ids.checkSize("arithmetic", size, MAX_SIZE);
        return Arithmetic.generate(seed, size);
    }

    /**
     * The three built-in tasks with the default seed and size: factoid QA, sentiment, arithmetic.
     *
     * @return the tasks
     */
    public static List<SimTask> builtIns() {
        return BuiltIns.TASKS;
    }

    /** Generated once, on first use: tasks are immutable. */
    private static final class BuiltIns {
        static final List<SimTask> TASKS = List.of(factoidQa(), sentiment(), arithmetic());
    }
}
