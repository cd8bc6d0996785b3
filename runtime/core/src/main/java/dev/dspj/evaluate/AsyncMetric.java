package dev.dspj.evaluate;

import dev.dspj.module.Trace;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import java.util.concurrent.CompletableFuture;

/**
 * A metric that can score without blocking the caller: an LM-judged metric
 * ({@link SemanticF1}) calls its judge through {@code forwardAsync}, and the built-in string
 * metrics ({@link Metrics}) compute at once. {@link Evaluate} calls such a metric on the thread
 * that completed the prediction; any other metric runs on a bounded pool, so a metric that blocks
 * never holds an HTTP client's event-loop thread.
 */
public interface AsyncMetric extends Metric {

    /**
     * Scores one prediction without blocking.
     *
     * @param gold the example, with its labels
     * @param prediction what the program produced
     * @param trace the predictor calls behind the prediction
     * @return the score and optional feedback, later; failures complete the future exceptionally
     */
    CompletableFuture<MetricResult> scoreAsync(Example gold, Prediction prediction, Trace trace);
}
