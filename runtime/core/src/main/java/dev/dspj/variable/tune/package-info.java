/**
 * Searching a program's variables: a {@link dev.dspj.variable.tune.VariableSearch} over a
 * program's declared and {@linkplain dev.dspj.variable.tune.BuiltInVariables built-in} variables,
 * run by the {@link dev.dspj.variable.tune.Tuner} under a {@link dev.dspj.variable.tune.Budget},
 * each configuration evaluated by a {@link dev.dspj.variable.tune.TrialEvaluator} and recorded as a
 * {@link dev.dspj.variable.tune.TrialOutcome} in a durable study; the {@link
 * dev.dspj.variable.tune.TuningResult} holds every trial and the configuration chosen.
 */
@NullMarked
package dev.dspj.variable.tune;

import org.jspecify.annotations.NullMarked;
