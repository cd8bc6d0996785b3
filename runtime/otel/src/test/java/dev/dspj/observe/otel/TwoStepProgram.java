package dev.dspj.observe.otel;

import dev.dspj.codec.Codecs;
import dev.dspj.lm.LanguageModel;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Prediction;
import dev.dspj.signature.FieldDescriptor;
import dev.dspj.signature.SignatureDescriptor;
import java.util.List;
import java.util.Map;

/** A hand-written program of two predictors: answer a question, then check the answer. */
final class TwoStepProgram implements Module {

    /** question -> answer, as the simulated factoid QA task expects. */
    static final SignatureDescriptor ANSWER = SignatureDescriptor.builder("FactoidQa")
            .field(FieldDescriptor.input("question", Codecs.STRING, "a question about a place or a person", null))
            .field(FieldDescriptor.output("answer", Codecs.STRING, "", null))
            .build();

    /** question, answer -> verdict. */
    static final SignatureDescriptor CHECK = SignatureDescriptor.builder("CheckAnswer")
            .field(FieldDescriptor.input("question", Codecs.STRING, "the question", null))
            .field(FieldDescriptor.input("answer", Codecs.STRING, "a proposed answer", null))
            .field(FieldDescriptor.output("verdict", Codecs.STRING, "whether the answer is right", null))
            .build();

    final Predict answer;
    final Predict check;

    TwoStepProgram(LanguageModel model) {
        this(new Predict(ANSWER), new Predict(CHECK));
        answer.setModel(model);
        check.setModel(model);
    }

    private TwoStepProgram(Predict answer, Predict check) {
        this.answer = answer;
        this.check = check;
    }

    @Override
    public Prediction forward(Map<String, Object> inputs) {
        Object question = inputs.get("question");
        Prediction first = answer.forward(Map.of("question", question));
        return check.forward(
                Map.of("question", question, "answer", first.values().get("answer")));
    }

    @Override
    public List<NamedPredictor> namedPredictors() {
        return List.of(new NamedPredictor("answer", answer), new NamedPredictor("check", check));
    }

    @Override
    public Module deepCopy() {
        return new TwoStepProgram(answer.deepCopy(), check.deepCopy());
    }
}
