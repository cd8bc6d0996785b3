/**
 * Saved programs: {@link dev.dspj.state.ProgramState} saves a program's learned state (per
 * predictor: demos, instructions, field prefixes and descriptions, model and sampling settings,
 * never secrets) as JSON in DSPy's layout, atomically, and loads it back into a program; DSPy's
 * files load in DSPJ and DSPJ's in DSPy.
 */
@NullMarked
package dev.dspj.state;

import org.jspecify.annotations.NullMarked;
