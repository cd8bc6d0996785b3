package dev.dspj.evaluate;

import dev.dspj.module.Trace;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;

/**
 * Scores a prediction against a gold example. It receives the trace of the predictor calls that
 * produced the prediction (empty outside optimizers), so a metric can also judge intermediate
 * steps, as DSPy metrics can. Implementations must be safe to call from many threads.
 */
@FunctionalInterface
public interface Metric {

    /**
     * Scores one prediction.
     *
     * @param gold the example, with its labels
     * @param prediction what the program produced
     * @param trace the predictor calls behind the prediction
     * @return the score and optional feedback
     */
    MetricResult score(Example gold, Prediction prediction, Trace trace);

    /**
     * A metric from a function of the example and the prediction.
     *
     * @param function computes a score
     * @return the metric
     */
    static Metric of(java.util.function.ToDoubleBiFunction<Example, Prediction> function) {
        return (gold, prediction, trace) -> MetricResult.of(function.applyAsDouble(gold, prediction));
    }
}
