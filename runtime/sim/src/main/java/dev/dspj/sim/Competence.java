package dev.dspj.sim;

/**
 * The competence model: the probability that the simulated model answers an example correctly.
 *
 * <pre>
 * logit = profile.baseLogit
 *       - {@value #DIFFICULTY_WEIGHT} * difficulty
 *       + {@value #GOOD_DEMO_WEIGHT} * min(goodDemos, {@value #MAX_GOOD_DEMOS})
 *       - {@value #BAD_DEMO_WEIGHT} * badDemos
 *       + (reasoning ? {@value #REASONING_BONUS} : 0)
 *       + {@value #HINT_WEIGHT} * min(hintsFound, {@value #MAX_HINTS})
 *       - {@value #TEMPERATURE_WEIGHT} * temperature
 * p = 1 / (1 + exp(-logit))
 * </pre>
 *
 * A request is answered correctly when a uniform draw, hashed from the seed, the model, the
 * example and the whole prompt, falls below {@code p}.
 */
public final class Competence {

    /** How much an example's difficulty (0..1) lowers the logit. */
    public static final double DIFFICULTY_WEIGHT = 2.0;
    /** How much each good demo raises the logit. */
    public static final double GOOD_DEMO_WEIGHT = 0.35;
    /** Good demos beyond this many do not help. */
    public static final int MAX_GOOD_DEMOS = 4;
    /** How much each bad demo lowers the logit. */
    public static final double BAD_DEMO_WEIGHT = 0.5;
    /** How much asking for a reasoning field raises the logit. */
    public static final double REASONING_BONUS = 0.8;
    /** How much each of the task's hint phrases in the system message raises the logit. */
    public static final double HINT_WEIGHT = 0.6;
    /** Hint phrases beyond this many do not help. */
    public static final int MAX_HINTS = 2;
    /** How much each unit of temperature lowers the logit. */
    public static final double TEMPERATURE_WEIGHT = 1.0;

    private Competence() {}

    /**
     * The logit of a correct answer.
     *
     * @param profile the model
     * @param difficulty the example's difficulty, 0..1
     * @param conditions what the prompt does
     * @return the logit
     */
    public static double logit(SimModelProfile profile, double difficulty, SimConditions conditions) {
        return profile.baseLogit()
                - DIFFICULTY_WEIGHT * difficulty
                + GOOD_DEMO_WEIGHT * Math.min(conditions.goodDemos(), MAX_GOOD_DEMOS)
                - BAD_DEMO_WEIGHT * conditions.badDemos()
                + (conditions.reasoning() ? REASONING_BONUS : 0.0)
                + HINT_WEIGHT * Math.min(conditions.hintsFound(), MAX_HINTS)
                - TEMPERATURE_WEIGHT * conditions.temperature();
    }

    /**
     * The probability of a correct answer.
     *
     * @param profile the model
     * @param difficulty the example's difficulty, 0..1
     * @param conditions what the prompt does
     * @return the probability, in (0, 1)
     */
    public static double probability(SimModelProfile profile, double difficulty, SimConditions conditions) {
        return 1.0 / (1.0 + Math.exp(-logit(profile, difficulty, conditions)));
    }

    /**
     * The best conditions a prompt can reach for a task with some hint phrases: the useful
     * maximum of good demos, no bad demos, a reasoning field, every hint that counts, and
     * temperature 0.
     *
     * @param availableHints how many hint phrases the task has
     * @return the conditions
     */
    public static SimConditions bestConditions(int availableHints) {
        return new SimConditions(MAX_GOOD_DEMOS, 0, true, Math.min(availableHints, MAX_HINTS), 0.0);
    }
}
