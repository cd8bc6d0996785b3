package dev.dspj.module;

import dev.dspj.codec.Codecs;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A predictor that asks the model to reason step by step before answering: the signature gets a
 * {@code reasoning} output field before the others, exactly as DSPy's {@code ChainOfThought}
 * does, and the inner predictor sits at the path {@code predict}.
 */
public final class ChainOfThought implements AsyncModule {

    /** The field chain of thought adds, with DSPy's prefix. */
    public static final FieldDescriptor<String> REASONING = FieldDescriptor.output(
                    "reasoning", Codecs.STRING, "", "java.lang.String")
            .withPrefix("Reasoning: Let's think step by step in order to");

    private final Predict predict;

    /**
     * Creates a chain of thought over a signature.
     *
     * @param signature the signature, without a reasoning field
     * @throws IllegalArgumentException when the signature already has a field named reasoning
     */
    public ChainOfThought(SignatureDescriptor signature) {
        this(new Predict(extend(signature)));
    }

    private ChainOfThought(Predict predict) {
        this.predict = predict;
    }

    /**
     * Adds the reasoning field to a signature.
     *
     * @param signature the signature
     * @return the signature with {@code reasoning} as its first output
     */
    public static SignatureDescriptor extend(SignatureDescriptor signature) {
        if (signature.field(REASONING.name()).isPresent()) {
            throw new IllegalArgumentException("signature " + signature.name()
                    + " already has a field named \"reasoning\", which chain of thought adds");
        }
        return signature.prependOutput(REASONING);
    }

    /**
     * The inner predictor, whose signature includes the reasoning field.
     *
     * @return the predictor
     */
    public Predict predict() {
        return predict;
    }

    @Override
    public Prediction forward(Map<String, Object> inputs) {
        return predict.forward(inputs);
    }

    /**
     * Runs the chain of thought with per-call overrides, passed straight to the inner predictor.
     *
     * @param inputs input field name to value
     * @param options a model and settings that win for this call
     * @return the outputs, {@code reasoning} first
     */
    @Override
    public Prediction forward(Map<String, Object> inputs, CallOptions options) {
        return predict.forward(inputs, options);
    }

    /**
     * Runs the chain of thought without blocking the caller.
     *
     * @param inputs input field name to value
     * @param options a model and settings that win for this call
     * @return the outputs, later; failures complete the future exceptionally
     */
    @Override
    public CompletableFuture<Prediction> forwardAsync(Map<String, Object> inputs, CallOptions options) {
        return predict.forwardAsync(inputs, options);
    }

    @Override
    public List<NamedPredictor> namedPredictors() {
        return List.of(new NamedPredictor("predict", predict));
    }

    @Override
    public ChainOfThought deepCopy() {
        return new ChainOfThought(predict.deepCopy());
    }

    /**
     * The kind the predictor inside currently is and the predictor: {@code PREDICT} once a
     * configuration's {@code module=predict} has removed the reasoning field.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "ChainOfThought(" + predict.kind() + ", " + predict + ")";
    }
}
