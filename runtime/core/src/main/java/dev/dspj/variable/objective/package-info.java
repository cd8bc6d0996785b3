/**
 * What a variable search optimizes: the standard {@link dev.dspj.variable.objective.Objective}s
 * (accuracy, cost per call, latency, reliability) with their {@link
 * dev.dspj.variable.objective.Direction}, the raw {@link dev.dspj.variable.objective.Measurement}
 * of one configuration, the {@link dev.dspj.variable.objective.Constraints} a chosen configuration
 * must meet, and the {@link dev.dspj.variable.objective.SelectionPolicy} that picks one.
 */
@NullMarked
package dev.dspj.variable.objective;

import org.jspecify.annotations.NullMarked;
