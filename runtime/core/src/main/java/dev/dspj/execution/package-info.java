/**
 * Running work: worker pools ({@link dev.dspj.execution.Workers}), independent calls in
 * parallel, the usage {@link dev.dspj.execution.Meter} with its budgets, and the durable
 * {@link dev.dspj.execution.RunRecord} that lets a killed run resume without repeating a step.
 */
@NullMarked
package dev.dspj.execution;

import org.jspecify.annotations.NullMarked;
