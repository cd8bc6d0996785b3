package dev.dspj.samples.docs;

import dev.dspj.annotations.Program;
import dev.dspj.module.ProgramModule;
import dev.dspj.primitives.Prediction;
import dev.dspj.samples.program.AnswerFromPassagesPredictor;
import dev.dspj.samples.program.GenerateSearchQueryPredictor;
import dev.dspj.samples.program.PassageSearch;
import java.util.List;
import java.util.Map;

/**
 * The README's {@code @Program}: a chain of thought writes a search query, a keyword search finds
 * passages, a predictor answers from them. Its two signatures, {@code GenerateSearchQuery} and
 * {@code AnswerFromPassages}, and the search are the samples' ({@code dev.dspj.samples.program}).
 */
// snippet:two-hop-qa
@Program("Answer a question in two hops")
public class TwoHopQa extends ProgramModule<TwoHopQa> {
    GenerateSearchQueryPredictor generateQuery = GenerateSearchQueryPredictor.chainOfThought();
    AnswerFromPassagesPredictor answer = AnswerFromPassagesPredictor.predict();
    PassageSearch search = PassageSearch.SAMPLE; // not a module: shared by copies, never optimized

    public TwoHopQa() {
        super(TwoHopQaProgram.INSTANCE); // the generated descriptor
    }

    @Override
    public Prediction forward(Map<String, Object> inputs) {
        String question = (String) inputs.get("question");
        String query = generateQuery.call(question).query();
        List<String> passages = search.search(query, 2);
        return answer.forward(Map.of("question", question, "passages", passages));
    }
}
// end-snippet
