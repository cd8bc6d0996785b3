/**
 * Modules: {@link dev.dspj.module.Predict}, {@link dev.dspj.module.ChainOfThought}, the untyped
 * {@link dev.dspj.module.Module} view optimizers use, and {@link dev.dspj.module.TypedPredictor},
 * the base of every generated predictor.
 */
package dev.dspj.module;
