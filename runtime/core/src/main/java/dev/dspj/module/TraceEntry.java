package dev.dspj.module;

import dev.dspj.primitives.Prediction;
import java.util.Map;

/**
 * One predictor call recorded while a program ran: which predictor, with which inputs, and what
 * it produced. Bootstrapping optimizers turn the entries of successful runs into demos.
 *
 * @param predictor the predictor that was called
 * @param inputs its input values
 * @param prediction its outputs
 */
public record TraceEntry(Predict predictor, Map<String, Object> inputs, Prediction prediction) {

    /**
     * Copies the inputs.
     *
     * @param predictor the predictor
     * @param inputs its inputs
     * @param prediction its outputs
     */
    public TraceEntry {
        inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
    }
}
