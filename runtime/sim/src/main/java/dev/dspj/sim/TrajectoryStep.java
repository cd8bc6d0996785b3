package dev.dspj.sim;

import org.jspecify.annotations.Nullable;

/**
 * One step of an agent's trajectory as a prompt shows it: the tool called, its arguments and what
 * it returned.
 *
 * @param toolName the tool's name
 * @param arguments the arguments' text (a JSON object)
 * @param observation what the call returned, or null when the prompt does not show it
 */
record TrajectoryStep(
        String toolName, String arguments, @Nullable String observation) {}
