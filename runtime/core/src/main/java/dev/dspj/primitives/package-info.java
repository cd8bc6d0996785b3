/**
 * The values every layer passes around: {@link dev.dspj.primitives.Example} (one data point),
 * {@link dev.dspj.primitives.Prediction} (a module's outputs), and a model's
 * {@link dev.dspj.primitives.Completion} with its {@link dev.dspj.primitives.Usage}.
 */
@NullMarked
package dev.dspj.primitives;

import org.jspecify.annotations.NullMarked;
