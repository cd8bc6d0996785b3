package dev.dspj.spring;

import dev.dspj.codec.Codecs;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.util.List;
import java.util.Map;

/** A hand-written one-predictor program, as a generated one would be: what the program beans create. */
public class QaProgram implements Module {

    static final SignatureDescriptor QA = SignatureDescriptor.builder("QA")
            .instructions("Answer questions with a short factoid answer.")
            .field(FieldDescriptor.input("question", Codecs.STRING, "", "String"))
            .field(FieldDescriptor.output("answer", Codecs.STRING, "", "String"))
            .build();

    final Predict answer = new Predict(QA);

    /** A program with no demos. */
    public QaProgram() {}

    @Override
    public Prediction forward(Map<String, Object> inputs) {
        return answer.forward(inputs);
    }

    @Override
    public List<NamedPredictor> namedPredictors() {
        return List.of(new NamedPredictor("answer", answer));
    }

    @Override
    public Module deepCopy() {
        QaProgram copy = new QaProgram();
        copy.answer.setDemos(answer.demos());
        copy.answer.setInstructions(answer.instructions());
        return copy;
    }
}
