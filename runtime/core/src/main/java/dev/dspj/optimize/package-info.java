/**
 * Optimizers (DSPy's teleprompters), with DSPy's names, defaults and semantics.
 *
 * <p>Few-shot: {@link dev.dspj.optimize.LabeledFewShot}, {@link dev.dspj.optimize.BootstrapFewShot},
 * {@link dev.dspj.optimize.BootstrapFewShotWithRandomSearch}, {@link dev.dspj.optimize.KNNFewShot}
 * (over {@link dev.dspj.optimize.Knn} and a {@link dev.dspj.lm.Embedder}) and
 * {@link dev.dspj.optimize.Ensemble} (with {@link dev.dspj.optimize.Majority}).
 *
 * <p>Instructions: {@link dev.dspj.optimize.Copro} (coordinate ascent on instructions and
 * prefixes), {@link dev.dspj.optimize.MiproV2} (grounded proposals from
 * {@link dev.dspj.propose.GroundedProposer} searched with the variable system's TPE),
 * {@link dev.dspj.optimize.Simba} (minibatch ascent with demos and rules) and
 * {@link dev.dspj.optimize.Gepa} (reflective evolution from textual feedback,
 * {@link dev.dspj.optimize.FeedbackMetric}, with its lineage in {@link dev.dspj.optimize.GepaResult}).
 *
 * <p>Each returns a copy and never changes the program it is given, reports its progress
 * ({@link dev.dspj.optimize.OptimizerEvent}) and what it spent ({@link dev.dspj.optimize.OptimizerReport}),
 * stops cleanly at a call or dollar budget it never exceeds, and draws its random choices from
 * seeded generators (Python's Mersenne Twister where DSPy's choices are reproduced). The
 * instruction optimizers write every proposal, score and decision to a
 * {@link dev.dspj.execution.RunRecord}, so an interrupted run resumes from it.
 */
@NullMarked
package dev.dspj.optimize;

import org.jspecify.annotations.NullMarked;
