package dev.dspj.samples.program;

import dev.dspj.annotations.Program;
import dev.dspj.module.ProgramModule;
import dev.dspj.primitives.Prediction;
import java.util.List;
import java.util.Map;

/**
 * A program made of two generated predictors: a chain of thought writes a search query, a
 * keyword search finds passages, and a predictor answers from them. The processor generates
 * {@link TwoStepQaProgram}, through which optimizers and {@code ProgramState} reach the two
 * predictors (at the paths {@code generateQuery.predict} and {@code answer}) without reflection.
 */
@Program("Answer a question in two steps: search for passages, then answer from them")
public class TwoStepQa extends ProgramModule<TwoStepQa> {

    /** How many passages the answer step sees. */
    static final int PASSAGES = 2;

    GenerateSearchQueryPredictor generateQuery = GenerateSearchQueryPredictor.chainOfThought();
    AnswerFromPassagesPredictor answer = AnswerFromPassagesPredictor.predict();
    PassageSearch search = PassageSearch.SAMPLE;

    /** Creates the program over {@link PassageSearch#SAMPLE}, with no demos. */
    public TwoStepQa() {
        super(TwoStepQaProgram.INSTANCE);
    }

    /**
     * Answers a question, typed.
     *
     * @param question the question
     * @return the answer and its confidence
     */
    public AnswerFromPassagesOutput ask(String question) {
        String query = generateQuery.call(question).query();
        return answer.call(question, search.search(query, PASSAGES));
    }

    /**
     * Answers a question given as {@code {"question": ...}}.
     *
     * @param inputs the inputs
     * @return the answer step's outputs
     */
    @Override
    public Prediction forward(Map<String, Object> inputs) {
        String question = (String) inputs.get("question");
        String query = (String)
                generateQuery.forward(Map.of("question", question)).values().get("query");
        List<String> passages = search.search(query, PASSAGES);
        return answer.forward(Map.of("question", question, "passages", passages));
    }

    /**
     * The query-writing step.
     *
     * @return the predictor
     */
    public GenerateSearchQueryPredictor generateQuery() {
        return generateQuery;
    }

    /**
     * The answering step.
     *
     * @return the predictor
     */
    public AnswerFromPassagesPredictor answer() {
        return answer;
    }
}
