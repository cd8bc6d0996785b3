/**
 * The signatures an optimizer's prompt model answers when it proposes instructions, as DSPy's
 * {@code dspy.propose} package and its optimizers define them: a dataset summary, a program and
 * module summary, a grounded instruction (MIPROv2), COPRO's basic and history-aware instruction
 * generators, and GEPA's reflective rewrite from feedback.
 *
 * <p>The field names are DSPy's and are a contract: optimizers fill the inputs by name, and the
 * {@linkplain dev.dspj.sim simulated model} recognizes these requests by their output fields.
 */
@NullMarked
package dev.dspj.propose;

import org.jspecify.annotations.NullMarked;
