/**
 * Modules: {@link dev.dspj.module.Predict}, {@link dev.dspj.module.ChainOfThought}, the untyped
 * {@link dev.dspj.module.Module} view optimizers use, and {@link dev.dspj.module.TypedPredictor},
 * the base of every generated predictor; and the modules built on them, with DSPy's semantics:
 * {@link dev.dspj.module.BestOfN} and {@link dev.dspj.module.Refine} (several attempts scored by a
 * reward), {@link dev.dspj.module.MultiChainComparison} (compares reasoning attempts) and
 * {@link dev.dspj.module.Parallel} (many inputs with bounded concurrency). Composite programs
 * extend {@link dev.dspj.module.ProgramModule} and are annotated {@code @Program}; the processor
 * generates their {@link dev.dspj.module.ProgramDescriptor}, which names their predictors with
 * {@link dev.dspj.module.PredictorPaths} and copies them with {@link dev.dspj.module.ModuleCopier}.
 */
@NullMarked
package dev.dspj.module;

import org.jspecify.annotations.NullMarked;
