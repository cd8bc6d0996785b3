/**
 * The processing steps, one per annotation, and the driver that runs them round by round,
 * deferring a type whose referenced types are not generated yet to a later round.
 */
@NullMarked
package dev.dspj.processor.step;

import org.jspecify.annotations.NullMarked;
