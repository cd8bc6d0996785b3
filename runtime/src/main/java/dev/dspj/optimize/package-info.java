/**
 * Optimizers (DSPy's teleprompters), with DSPy's names, defaults and semantics:
 * {@link dev.dspj.optimize.LabeledFewShot}, {@link dev.dspj.optimize.BootstrapFewShot},
 * {@link dev.dspj.optimize.BootstrapFewShotWithRandomSearch}, {@link dev.dspj.optimize.KNNFewShot}
 * (over {@link dev.dspj.optimize.Knn} and a {@link dev.dspj.lm.Embedder}) and
 * {@link dev.dspj.optimize.Ensemble} (with {@link dev.dspj.optimize.Majority}). Each returns a copy
 * and never changes the program it is given, reports its progress ({@link dev.dspj.optimize.OptimizerEvent})
 * and what it spent ({@link dev.dspj.optimize.OptimizerReport}), stops cleanly at a call budget,
 * and draws its random choices from Python's Mersenne Twister so it picks the demos DSPy would.
 */
package dev.dspj.optimize;
