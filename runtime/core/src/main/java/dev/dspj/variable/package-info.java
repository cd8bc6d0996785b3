/**
 * Variables a search tunes: a {@link dev.dspj.variable.Variable} (a choice, boolean, whole or real
 * number, optionally active only under a {@link dev.dspj.variable.Condition}), the {@link
 * dev.dspj.variable.VariableSpace} of them with its constraints, and a {@link
 * dev.dspj.variable.Configuration}, one point of a space with a stable hash.
 */
@NullMarked
package dev.dspj.variable;

import org.jspecify.annotations.NullMarked;
