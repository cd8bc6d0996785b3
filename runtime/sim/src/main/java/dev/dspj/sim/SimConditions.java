package dev.dspj.sim;

/**
 * What a prompt does to help (or hinder) the simulated model, the inputs of the competence model
 * besides the model and the example ({@link Competence}).
 *
 * @param goodDemos demos of other task examples that show the gold answer (only the first
 *     {@value Competence#MAX_GOOD_DEMOS} count)
 * @param badDemos demos of task examples that show a wrong answer
 * @param reasoning whether the prompt asks for a reasoning field before the answer
 * @param hintsFound how many of the task's hint phrases the system message holds (only the first
 *     {@value Competence#MAX_HINTS} count)
 * @param temperature the sampling temperature, 0 when the request sets none
 */
public record SimConditions(int goodDemos, int badDemos, boolean reasoning, int hintsFound, double temperature) {

    /** No demos, no reasoning, no hints, temperature 0. */
    public static final SimConditions BASELINE = new SimConditions(0, 0, false, 0, 0.0);

    /**
     * Validates the conditions.
     *
     * @param goodDemos demos showing gold answers
     * @param badDemos demos showing wrong answers
     * @param reasoning whether a reasoning field is asked for
     * @param hintsFound hint phrases in the system message
     * @param temperature the sampling temperature
     */
    public SimConditions {
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
     * @param value demos showing gold answers
     * @return the copy
     */
    public SimConditions withGoodDemos(int value) {
        return new SimConditions(value, badDemos, reasoning, hintsFound, temperature);
    }

    /**
     * Returns a copy with a number of bad demos.
     *
     * @param value demos showing wrong answers
     * @return the copy
     */
    public SimConditions withBadDemos(int value) {
        return new SimConditions(goodDemos, value, reasoning, hintsFound, temperature);
    }

    /**
     * Returns a copy with or without a reasoning field.
     *
     * @param value whether a reasoning field is asked for
     * @return the copy
     */
    public SimConditions withReasoning(boolean value) {
        return new SimConditions(goodDemos, badDemos, value, hintsFound, temperature);
    }

    /**
     * Returns a copy with a number of hint phrases found.
     *
     * @param value hint phrases in the system message
     * @return the copy
     */
    public SimConditions withHintsFound(int value) {
        return new SimConditions(goodDemos, badDemos, reasoning, value, temperature);
    }

    /**
     * Returns a copy with a temperature.
     *
     * @param value the sampling temperature
     * @return the copy
     */
    public SimConditions withTemperature(double value) {
        return new SimConditions(goodDemos, badDemos, reasoning, hintsFound, value);
    }
}
