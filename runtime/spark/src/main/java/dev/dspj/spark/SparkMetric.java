package dev.dspj.spark;

import dev.dspj.evaluate.Metric;
import dev.dspj.evaluate.Metrics;
import java.io.Serializable;

/**
 * Makes the metric of a Spark evaluation on each executor: metrics are not serializable, so the
 * job carries this factory instead. Write it as a lambda, {@code () -> Metrics.exactMatch("answer")};
 * it must capture only serializable values.
 */
@FunctionalInterface
public interface SparkMetric extends Serializable {

    /**
     * Makes the metric (once per partition).
     *
     * @return the metric
     */
    Metric create();

    /**
     * {@link Metrics#exactMatch(String)}: DSPy's normalized exact match of one field.
     *
     * @param field the field the gold example and the prediction share
     * @return the factory
     */
    static SparkMetric exactMatch(String field) {
        return () -> Metrics.exactMatch(field);
    }

    /**
     * {@link Metrics#f1(String)}: DSPy's token F1 of one field.
     *
     * @param field the field the gold example and the prediction share
     * @return the factory
     */
    static SparkMetric f1(String field) {
        return () -> Metrics.f1(field);
    }
}
