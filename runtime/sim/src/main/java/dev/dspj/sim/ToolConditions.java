package dev.dspj.sim;

/**
 * What a ReAct step's prompt does to help (or hinder) the simulated model choose its tool call,
 * the inputs of {@link ToolCompetence} besides the model and the example.
 *
 * @param goodDemos demos of tool-task examples whose answer shows the right step for their
 *     trajectory: the expected tool with the exact argument, or {@code finish} once the right
 *     observation is in (only the first {@value ToolCompetence#MAX_DEMOS} count)
 * @param badDemos demos showing a wrong step
 * @param hintsFound how many of the task's hint phrases the step's system message holds, anywhere in
 *     its instructions: the signature's own, ReAct's, the tools' descriptions (only the first {@value
 *     ToolCompetence#MAX_HINTS} count)
 * @param temperature the sampling temperature, 0 when the request sets none
 */
public record ToolConditions(int goodDemos, int badDemos, int hintsFound, double temperature) {

    /** No demos, no hints, temperature 0: a plain ReAct agent. */
    public static final ToolConditions BASELINE = new ToolConditions(0, 0, 0, 0.0);

    /** The useful maximum of good demos and hints, no bad demos, temperature 0. */
    public static final ToolConditions BEST =
            new ToolConditions(ToolCompetence.MAX_DEMOS, 0, ToolCompetence.MAX_HINTS, 0.0);

    /**
     * Validates the conditions.
     *
     * @param goodDemos demos showing the right step
     * @param badDemos demos showing a wrong step
     * @param hintsFound hint phrases in the instructions
     * @param temperature the sampling temperature
     */
    public ToolConditions {
        if (goodDemos < 0 || badDemos < 0 || hintsFound < 0) {
            throw new IllegalArgumentException("demo and hint counts must not be negative, got goodDemos=" + goodDemos
                    + ", badDemos=" + badDemos + ", hintsFound=" + hintsFound);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0, got " + temperature);
        }
    }

    /**
     * Returns a copy with a number of good demos.
     *
     * @param value demos showing the right step
     * @return the copy
     */
    public ToolConditions withGoodDemos(int value) {
        return new ToolConditions(value, badDemos, hintsFound, temperature);
    }

    /**
     * Returns a copy with a number of hint phrases found.
     *
     * @param value hint phrases in the instructions
     * @return the copy
     */
    public ToolConditions withHintsFound(int value) {
        return new ToolConditions(goodDemos, badDemos, value, temperature);
    }
}
