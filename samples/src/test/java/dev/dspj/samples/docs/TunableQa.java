package dev.dspj.samples.docs;

import dev.dspj.annotations.Program;
import dev.dspj.annotations.Variable;
import dev.dspj.lm.HashingEmbedder;
import dev.dspj.module.ProgramModule;
import dev.dspj.primitives.Prediction;
import dev.dspj.samples.program.AnswerFromPassagesPredictor;
import dev.dspj.samples.program.GenerateSearchQueryPredictor;
import dev.dspj.samples.program.PassageSearch;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The README's {@code @Variable} program: {@link TwoHopQa} with one knob of each kind the
 * processor supports, every one of them used by {@link #forward}. The processor generates
 * {@code TunableQaVariables}.
 */
// snippet:tunable-qa
@Program("Answer a question from the passages a search finds")
public class TunableQa extends ProgramModule<TunableQa> {
    enum QueryMode {
        GENERATED,
        QUESTION
    }

    GenerateSearchQueryPredictor generateQuery = GenerateSearchQueryPredictor.chainOfThought();
    AnswerFromPassagesPredictor answer = AnswerFromPassagesPredictor.predict();
    PassageSearch search = PassageSearch.SAMPLE;

    @Variable(desc = "how the search query is written")
    QueryMode query = QueryMode.GENERATED; // an enum's constants

    @Variable(min = 1, max = 4)
    int passages = 2; // integer, step 1

    @Variable(min = 0.01, max = 1.0, logScale = true)
    double threshold = 0.1; // real, log scale

    @Variable(choices = {"keyword", "embedding"})
    String ranking = "keyword"; // text choices

    @Variable(min = 5, max = 50, step = 5, when = "rerank=true")
    int depth = 20; // only when rerank is on

    @Variable
    boolean rerank = false;

    // snippet-elide
    private static final HashingEmbedder EMBEDDER = new HashingEmbedder();

    public TunableQa() {
        super(TunableQaProgram.INSTANCE);
    }

    @Override
    public Prediction forward(Map<String, Object> inputs) {
        String question = (String) inputs.get("question");
        String searchFor =
                query == QueryMode.GENERATED ? generateQuery.call(question).query() : question;
        List<String> found = search.search(searchFor, rerank ? depth : passages);
        if (ranking.equals("embedding")) {
            float[] target = EMBEDDER.embed(searchFor);
            found = found.stream()
                    .filter(passage -> similarity(target, passage) >= threshold)
                    .sorted(Comparator.comparingDouble((String passage) -> similarity(target, passage))
                            .reversed())
                    .toList();
        }
        List<String> shown = found.subList(0, Math.min(passages, found.size()));
        return answer.forward(Map.of("question", question, "passages", shown));
    }

    private static double similarity(float[] target, String passage) {
        float[] vector = EMBEDDER.embed(passage);
        double dot = 0;
        for (int i = 0; i < vector.length; i++) {
            dot += target[i] * vector[i]; // both are unit vectors
        }
        return dot;
    }
    // end-elide
}
// end-snippet
