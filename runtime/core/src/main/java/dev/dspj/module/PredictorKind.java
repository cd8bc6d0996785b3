package dev.dspj.module;

/** How a typed predictor calls the model. */
public enum PredictorKind {
    /** One call that produces the output fields directly (DSPy's {@code Predict}). */
    PREDICT,
    /** One call that first produces a {@code reasoning} field (DSPy's {@code ChainOfThought}). */
    CHAIN_OF_THOUGHT
}
