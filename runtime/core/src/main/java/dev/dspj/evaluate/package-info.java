/**
 * Evaluation: {@link dev.dspj.evaluate.Evaluate} runs a program over a dev set with bounded
 * concurrency and scores each prediction with a {@link dev.dspj.evaluate.Metric}, producing an
 * {@link dev.dspj.evaluate.EvaluationResult} (per-example results in order, failures with their
 * exceptions, usage and cost, latency percentiles, a table, JSON/CSV exports).
 * {@link dev.dspj.evaluate.Metrics} has DSPy's answer metrics (exact match, token F1, passage
 * match) and {@link dev.dspj.evaluate.SemanticF1} its LM-judged semantic F1.
 */
@NullMarked
package dev.dspj.evaluate;

import org.jspecify.annotations.NullMarked;
