package dev.dspj.optimize;

import dev.dspj.lm.LanguageModel;
import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Predict;
import dev.dspj.primitives.Prediction;
import java.util.List;
import java.util.Map;

/** A composite program with two predictors, as a user's {@code @Program} would expose them: draft, then answer. */
final class TwoStep implements Module {

    final Predict draft;
    final Predict answer;

    TwoStep(LanguageModel model) {
        this(QaFixture.student(model), QaFixture.student(model));
    }

    private TwoStep(Predict draft, Predict answer) {
        this.draft = draft;
        this.answer = answer;
    }

    @Override
    public Prediction forward(Map<String, Object> inputs) {
        draft.forward(inputs);
        return answer.forward(inputs);
    }

    @Override
    public List<NamedPredictor> namedPredictors() {
        return List.of(new NamedPredictor("draft", draft), new NamedPredictor("answer", answer));
    }

    @Override
    public TwoStep deepCopy() {
        return new TwoStep(draft.deepCopy(), answer.deepCopy());
    }
}
