package dev.dspj.primitives;

/**
 * Tokens one call consumed.
 *
 * @param promptTokens tokens in the prompt
 * @param completionTokens tokens the model generated
 */
public record Usage(long promptTokens, long completionTokens) {

    /** No tokens. */
    public static final Usage NONE = new Usage(0, 0);

    /**
     * Validates the counts.
     *
     * @param promptTokens tokens in the prompt
     * @param completionTokens tokens the model generated
     */
    public Usage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException(
                    "token counts must not be negative: prompt=" + promptTokens + ", completion=" + completionTokens);
        }
    }

    /**
     * Prompt plus completion tokens.
     *
     * @return the total
     */
    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /**
     * Adds two usages.
     *
     * @param other the other usage
     * @return the sum
     */
    public Usage plus(Usage other) {
        return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
    }
}
