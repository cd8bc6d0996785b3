package dev.dspj.sim;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One generated answer.
 *
 * @param text the answer's text
 * @param truncated whether generation stopped at the token limit (finish reason {@code length})
 * @param stopSequence the stop sequence that ended the answer, or null
 * @param toolCalls the functions the answer calls (native function calling), empty when none
 */
record SimChoice(String text, boolean truncated, @Nullable String stopSequence, List<SimToolCall> toolCalls) {

    SimChoice {
        toolCalls = List.copyOf(toolCalls);
    }

    SimChoice(String text, boolean truncated, @Nullable String stopSequence) {
        this(text, truncated, stopSequence, List.of());
    }

    /** OpenAI's finish reason. */
    String openAiFinishReason() {
        if (!toolCalls.isEmpty()) {
            return "tool_calls";
        }
        return truncated ? "length" : "stop";
    }

    /** Anthropic's stop reason. */
    String anthropicStopReason() {
        if (!toolCalls.isEmpty()) {
            return "tool_use";
        }
        if (truncated) {
            return "max_tokens";
        }
        return stopSequence != null ? "stop_sequence" : "end_turn";
    }
}
