/**
 * Tools a model may call, as DSPy's {@code dspy.Tool} and {@code dspy.ToolCalls}: a {@link
 * dev.dspj.tool.Tool} is a name, a description, typed arguments with JSON schemas and a function
 * called directly (the processor generates them from {@code @Tool} methods; {@link
 * dev.dspj.tool.Tool#builder} writes one by hand); {@link dev.dspj.tool.ToolCalls} is what a model
 * answers when it calls tools. Both are field types of signatures.
 */
@NullMarked
package dev.dspj.tool;

import org.jspecify.annotations.NullMarked;
