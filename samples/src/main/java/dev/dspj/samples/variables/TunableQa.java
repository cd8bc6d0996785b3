package dev.dspj.samples.variables;

import dev.dspj.annotations.Program;
import dev.dspj.annotations.Variable;
import dev.dspj.module.ProgramModule;
import dev.dspj.primitives.Prediction;
import dev.dspj.samples.program.AnswerFromPassagesOutput;
import dev.dspj.samples.program.AnswerFromPassagesPredictor;
import dev.dspj.samples.program.GenerateSearchQueryPredictor;
import dev.dspj.samples.program.PassageSearch;
import java.util.List;
import java.util.Map;

/**
 * The two-step question answerer with two knobs an optimizer may turn, declared with
 * {@code @Variable}: how the search query is written, and how many passages the answer step sees.
 * The processor generates {@link TunableQaVariables}, whose {@code SPACE} holds the two variables
 * and whose {@code read}/{@code apply} get and set these fields without reflection.
 */
@Program("Answer a question from the passages a search finds")
public class TunableQa extends ProgramModule<TunableQa> {

    /** How the search query is written. */
    public enum QueryMode {
        /** A chain of thought writes a search query from the question: one more model call. */
        GENERATED,
        /** The question itself is the search query. */
        QUESTION
    }

    GenerateSearchQueryPredictor generateQuery = GenerateSearchQueryPredictor.chainOfThought();
    AnswerFromPassagesPredictor answer = AnswerFromPassagesPredictor.predict();
    PassageSearch search = PassageSearch.SAMPLE;

    /** How the search query is written. */
    @Variable
    QueryMode query = QueryMode.GENERATED;

    /** How many passages the answer step sees. */
    @Variable(min = 1, max = 4)
    int passages = 2;

    /** Creates the program over {@link PassageSearch#SAMPLE}, writing its queries, with two passages. */
    public TunableQa() {
        super(TunableQaProgram.INSTANCE);
    }

    /**
     * Answers a question, typed.
     *
     * @param question the question
     * @return the answer and its confidence
     */
    public AnswerFromPassagesOutput ask(String question) {
        return answer.call(question, findPassages(question));
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
        return answer.forward(Map.of("question", question, "passages", findPassages(question)));
    }

    private List<String> findPassages(String question) {
        String searchFor = query == QueryMode.QUESTION
                ? question
                : generateQuery.call(question).query();
        return search.search(searchFor, passages);
    }
}
