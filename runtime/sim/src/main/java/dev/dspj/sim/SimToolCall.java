package dev.dspj.sim;

/**
 * A function call the simulated model answers with (native function calling).
 *
 * @param id the call's id, {@code call_...}
 * @param name the tool's name
 * @param arguments the arguments as a JSON object's text
 */
record SimToolCall(String id, String name, String arguments) {}
