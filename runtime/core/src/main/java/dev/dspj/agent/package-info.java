/**
 * Agents: {@link dev.dspj.agent.ReAct}, DSPy's reasoning-and-acting loop over {@code
 * dev.dspj.tool.Tool}s, untyped over any signature or typed from a generated one ({@link
 * dev.dspj.agent.ReAct#typed}).
 */
@NullMarked
package dev.dspj.agent;

import org.jspecify.annotations.NullMarked;
