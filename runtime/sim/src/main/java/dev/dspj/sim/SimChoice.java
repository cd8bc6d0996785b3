package dev.dspj.sim;

import org.jspecify.annotations.Nullable;

/**
 * One generated answer.
 *
 * @param text the answer's text
 * @param truncated whether generation stopped at the token limit (finish reason {@code length})
 * @param stopSequence the stop sequence that ended the answer, or null
 */
record SimChoice(String text, boolean truncated, @Nullable String stopSequence) {

    /** OpenAI's finish reason. */
    String openAiFinishReason() {
        return truncated ? "length" : "stop";
    }

    /** Anthropic's stop reason. */
    String anthropicStopReason() {
        if (truncated) {
            return "max_tokens";
        }
        return stopSequence != null ? "stop_sequence" : "end_turn";
    }
}
