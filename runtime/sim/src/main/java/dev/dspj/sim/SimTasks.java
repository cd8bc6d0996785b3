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
    /** The corpus size of the default retrieval task. */
    public static final int DEFAULT_PASSAGES = 20_000;
    /** The smallest corpus a retrieval task can have. */
    public static final int MIN_PASSAGES = 1_000;
    /** The largest corpus a retrieval task can have. */
    public static final int MAX_PASSAGES = 500_000;

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
     * Arithmetic to do with a calculator, with the default seed and size.
     *
     * @return the task
     */
    public static SimTask toolArithmetic() {
        return toolArithmetic(DEFAULT_SEED, DEFAULT_SIZE);
    }

    /**
     * Arithmetic to do with a calculator: "What is 4817 * 293?", "What is (1234 + 5678) * 9?",
     * "Compute 4817 * 293 - 1234." ({@code question -> answer}, the exact value as text). Answered
     * directly it is mostly wrong (the logit of a correct answer is 4 below {@link Competence}'s);
     * a ReAct agent gets it right once its trajectory holds the observation of {@code
     * calculator(expression=...)} with the exact expression ({@link SimTask#expectedArguments}).
     * {@link SimTask#tools()} gives a working {@code calculator} and a {@code lookup} distractor;
     * {@link SimTask#bestAgent} the known optimum ({@link ToolCompetence}). Hints: {@code use the
     * calculator}, {@code exact expression}. Not among {@link #builtIns()}: give it to a model with
     * {@code SimulatedModel.builder().task(...)}.
     *
     * @param seed the generator's seed
     * @param size the number of examples, 1 to {@value #MAX_SIZE}
     * @return the task
     */
    public static SimTask toolArithmetic(long seed, int size) {
        Ids.checkSize("toolArithmetic", size, MAX_SIZE);
        return ToolArithmetic.generate(seed, size);
    }

    /**
     * Birthplaces of invented people to look up, with the default seed and size.
     *
     * @return the task
     */
    public static SimTask toolLookup() {
        return toolLookup(DEFAULT_SEED, DEFAULT_SIZE);
    }

    /**
     * Birthplaces of invented people: "In which city was Korven Talson born?" ({@code question ->
     * answer}). No model knows them (the logit of a direct answer is 8 below {@link Competence}'s);
     * the {@code lookup} tool (argument {@code name}) holds each person's fact, and a distractor of
     * a similar name ("Korven Talsone") born elsewhere, so a careless argument finds a wrong fact.
     * {@link SimTask#tools()} gives a working {@code lookup} and a {@code calculator} distractor.
     * Hints: {@code look up}, {@code exact name}. Not among {@link #builtIns()}.
     *
     * @param seed the generator's seed
     * @param size the number of examples, 1 to {@value #MAX_SIZE}
     * @return the task
     */
    public static SimTask toolLookup(long seed, int size) {
        Ids.checkSize("toolLookup", size, MAX_SIZE);
        return ToolLookup.generate(seed, size);
    }

    /**
     * The multi-hop retrieval task with the default seed, {@value #DEFAULT_SIZE} questions and a
     * corpus of {@value #DEFAULT_PASSAGES} passages.
     *
     * @return the task
     */
    public static SimRagTask multiHopQa() {
        return multiHopQa(DEFAULT_SEED, DEFAULT_SIZE);
    }

    /**
     * The multi-hop retrieval task with a corpus of {@value #DEFAULT_PASSAGES} passages.
     *
     * @param seed the generator's seed
     * @param questions the number of questions, 1 to {@value #MAX_SIZE}
     * @return the task
     * @see #multiHopQa(long, int, int)
     */
    public static SimRagTask multiHopQa(long seed, int questions) {
        return multiHopQa(seed, questions, DEFAULT_PASSAGES);
    }

    /**
     * Questions about invented people whose answers are in a generated corpus ({@link
     * SimRagTask}): single-hop ("In which town was Korven Talson born?", "Which company does Korven
     * Talson work for?") and two-hop ("In which country is the town where Korven Talson was born?",
     * "In which town is the company that Korven Talson works for headquartered?"), half each,
     * {@code question -> answer}. The simulated model answers correctly only from the gold
     * passages in the prompt, and writes search queries that name the right entity with a
     * probability the prompt raises; {@link SimRagTask#expectedAccuracy} gives the known optimum.
     * Hints: {@code exact name}, {@code bridge entity}. Not among {@link #builtIns()}: give {@link
     * SimRagTask#task()} to a model with {@code SimulatedModel.builder().task(...)}.
     *
     * @param seed the generator's seed
     * @param questions the number of questions, 1 to {@value #MAX_SIZE} (and at most about a third
     *     of the passages: about 68% of them are people, and each person asked about has a twin)
     * @param passages the corpus's size, {@value #MIN_PASSAGES} to {@value #MAX_PASSAGES}
     * @return the task
     */
    public static SimRagTask multiHopQa(long seed, int questions, int passages) {
        if (passages < MIN_PASSAGES || passages > MAX_PASSAGES) {
            throw new IllegalArgumentException("multiHopQa can generate a corpus of " + MIN_PASSAGES + " to "
                    + MAX_PASSAGES + " passages, asked for " + passages);
        }
        Ids.checkSize("multiHopQa", questions, Math.min(MAX_SIZE, MultiHopQa.maxQuestions(passages)));
        return MultiHopQa.generate(seed, questions, passages);
    }

    /**
     * The two tool-use tasks with the default seed and size: tool arithmetic, tool lookup.
     *
     * @return the tasks
     */
    public static List<SimTask> toolTasks() {
        return ToolTaskList.TASKS;
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
    private static final class ToolTaskList {
        static final List<SimTask> TASKS = List.of(toolArithmetic(), toolLookup());
    }

    /** Generated once, on first use: tasks are immutable. */
    private static final class BuiltIns {
        static final List<SimTask> TASKS = List.of(factoidQa(), sentiment(), arithmetic());
    }
}
