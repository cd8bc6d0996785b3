package dev.dspj.module;

import dev.dspj.primitives.Prediction;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One call of a module that is not a predictor, recorded while a program ran: a retrieval step
 * with its query and the passages it found. Predictor calls are {@link TraceEntry}s; these sit
 * beside them in {@link Trace#moduleCalls()}, so that a trace shows what a program retrieved as
 * well as what it asked its models.
 *
 * @param module the module that was called
 * @param inputs its inputs (a retrieval's {@code query} and {@code k})
 * @param prediction its outputs (a retrieval's {@code passages})
 */
public record ModuleCall(Module module, Map<String, Object> inputs, Prediction prediction) {

    /**
     * Copies the inputs.
     *
     * @param module the module
     * @param inputs its inputs
     * @param prediction its outputs
     */
    public ModuleCall {
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }
}
