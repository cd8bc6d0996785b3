package dev.dspj.spark;

import dev.dspj.module.Predict;
import dev.dspj.module.PredictorKind;
import dev.dspj.module.TypedPredictor;
import dev.dspj.primitives.Completion;
import dev.dspj.primitives.Example;
import dev.dspj.signature.SignatureDescriptor;
import dev.dspj.signature.TypedSignature;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A predictor shaped like a generated one ({@code @Signature record Factoid(...)} gives {@code
 * FactoidPredictor}), written by hand because the processor is not on this module's test path: its
 * signature is read from it, so {@link DspjSpark} needs no {@code signature(...)}.
 */
public final class FactoidPredictor
        extends TypedPredictor<FactoidPredictor, FactoidPredictor.Input, FactoidPredictor.Output, Example> {

    /** The input record. */
    public record Input(String question) {}

    /** The output record. */
    public record Output(String answer, Completion completion) {}

    /** The generated signature's shape. */
    static final class Signature implements TypedSignature<Input, Output, Example> {
        static final Signature INSTANCE = new Signature();

        @Override
        public SignatureDescriptor descriptor() {
            return QaProgram.QA;
        }

        @Override
        public Map<String, Object> inputValues(Input input) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("question", input.question());
            return values;
        }

        @Override
        public Output output(Map<String, Object> values, Completion completion) {
            return new Output((String) values.get("answer"), completion);
        }

        @Override
        public Example toExample(Example example) {
            return example;
        }

        @Override
        public Example fromExample(Example example) {
            return example;
        }
    }

    /** A predictor with no demos, as the generated no-arg constructor makes. */
    public FactoidPredictor() {
        this(PredictorKind.PREDICT, newPredict(Signature.INSTANCE, PredictorKind.PREDICT));
    }

    private FactoidPredictor(PredictorKind kind, Predict predict) {
        super(Signature.INSTANCE, kind, predict);
    }

    @Override
    protected FactoidPredictor create(PredictorKind kind, Predict predict) {
        return new FactoidPredictor(kind, predict);
    }
}
