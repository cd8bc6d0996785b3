package dev.dspj.lm;

/**
 * A tool the model asked to call.
 *
 * @param id the provider's id of the call
 * @param name the tool's name
 * @param argumentsJson the arguments, as the JSON text the model wrote
 */
public record ToolCall(String id, String name, String argumentsJson) {}
