package dev.dspj.agent;

/**
 * What a typed ReAct run produced: the outputs, the extraction's reasoning and the steps taken.
 *
 * @param output the signature's outputs
 * @param reasoning the final extraction's reasoning
 * @param trajectory the steps
 * @param <O> the generated output type
 */
public record ReActResult<O>(O output, String reasoning, Trajectory trajectory) {}
