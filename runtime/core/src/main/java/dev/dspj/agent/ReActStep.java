package dev.dspj.agent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One turn of a ReAct run: what the model thought, the tool it called with which arguments, and
 * what came back.
 *
 * @param thought the model's {@code next_thought}
 * @param toolName the tool it named (possibly one that does not exist)
 * @param toolArgs its arguments as written (an object, or the raw text when not one)
 * @param observation the tool's result as the model saw it, or the error
 * @param failed whether the call failed (unknown tool, bad arguments, an exception, a timeout)
 */
public record ReActStep(String thought, String toolName, JsonNode toolArgs, String observation, boolean failed) {}
