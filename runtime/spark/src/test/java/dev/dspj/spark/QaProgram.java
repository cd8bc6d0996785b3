package dev.dspj.spark;

import dev.dspj.codec.Codecs;
import dev.dspj.module.AsyncModule;
import dev.dspj.module.CallOptions;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The simulated factoid QA task's program (question -> answer), with the no-arg constructor Spark needs. */
public final class QaProgram implements AsyncModule {

    /** question -> answer, as the simulated factoid QA task expects. */
    public static final SignatureDescriptor QA = SignatureDescriptor.builder("FactoidQa")
            .field(FieldDescriptor.input("question", Codecs.STRING, "a question about a place or a person", null))
            .field(FieldDescriptor.output("answer", Codecs.STRING, "", null))
            .build();

    private final Predict predict;

    /** A program with no demos. */
    public QaProgram() {
        this(new Predict(QA));
    }

    private QaProgram(Predict predict) {
        this.predict = predict;
    }

    @Override
    public Prediction forward(Map<String, Object> inputs) {
        return predict.forward(inputs);
    }

    @Override
    public Prediction forward(Map<String, Object> inputs, CallOptions options) {
        return predict.forward(inputs, options);
    }

    @Override
    public CompletableFuture<Prediction> forwardAsync(Map<String, Object> inputs, CallOptions options) {
        return predict.forwardAsync(inputs, options);
    }

    @Override
    public List<NamedPredictor> namedPredictors() {
        return List.of(new NamedPredictor("predict", predict));
    }

    @Override
    public QaProgram deepCopy() {
        return new QaProgram(predict.deepCopy());
    }

    /** The same program without an asynchronous path: Spark runs it on the executor's pool. */
    public static final class Blocking implements dev.dspj.module.Module {
        private final QaProgram inner;

        /** A program with no demos. */
        public Blocking() {
            this(new QaProgram());
        }

        private Blocking(QaProgram inner) {
            this.inner = inner;
        }

        @Override
        public Prediction forward(Map<String, Object> inputs) {
            return inner.forward(inputs);
        }

        @Override
        public Prediction forward(Map<String, Object> inputs, CallOptions options) {
            return inner.forward(inputs, options);
        }

        @Override
        public List<NamedPredictor> namedPredictors() {
            return inner.namedPredictors();
        }

        @Override
        public Blocking deepCopy() {
            return new Blocking(inner.deepCopy());
        }
    }
}
