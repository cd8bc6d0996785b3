package dev.dspj.samples.rag;

import dev.dspj.annotations.Program;
import dev.dspj.module.ProgramModule;
import dev.dspj.primitives.Prediction;
import dev.dspj.retrieve.Retrieve;
import dev.dspj.retrieve.Retriever;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DSPy's multi-hop question answerer (its "simplified Baleen"): each hop writes a search query
 * from the question and the passages found so far, retrieves {@code k} passages and adds the new
 * ones to the context; the answer step reads the question and the whole context.
 *
 * <p>Optimizers tune the three predictors ({@code generateQuery[0]}, {@code generateQuery[1]},
 * {@code generateAnswer}); the variable search can also set the {@code retrieve} step's search and
 * {@code k} ({@code BuiltInVariables.retrievers(...)}, {@code retrieveK(...)}), which it finds through
 * the generated {@link MultiHopRagProgram#namedSubmodules}.
 */
@Program("Answer a question that needs passages from two searches")
public class MultiHopRag extends ProgramModule<MultiHopRag> {

    /** The prediction's field listing the ids of every passage retrieved, in the order found. */
    public static final String RETRIEVED_IDS = "retrieved_ids";

    /** The prediction's field holding the context the answer step read. */
    public static final String CONTEXT = "context";

    List<GenerateHopQueryPredictor> generateQuery =
            List.of(GenerateHopQueryPredictor.predict(), GenerateHopQueryPredictor.predict());
    Retrieve retrieve = new Retrieve();
    AnswerFromContextPredictor generateAnswer = AnswerFromContextPredictor.predict();

    /** A program whose retriever is set later (by {@link #MultiHopRag(Retriever, int)} or a search). */
    public MultiHopRag() {
        super(MultiHopRagProgram.INSTANCE);
    }

    /**
     * A program over a retriever.
     *
     * @param retriever the search each hop runs
     * @param k how many passages each hop retrieves
     */
    public MultiHopRag(Retriever retriever, int k) {
        this();
        retrieve.setRetriever(retriever);
        retrieve.setK(k);
    }

    /**
     * The retrieval step, whose {@code k} and retriever can be changed.
     *
     * @return the step
     */
    public Retrieve retrieve() {
        return retrieve;
    }

    /**
     * Answers {@code {"question": ...}}.
     *
     * @param inputs holds {@code question}
     * @return the answer step's {@code answer}, with the {@value #CONTEXT} it read and the
     *     {@value #RETRIEVED_IDS}
     */
    @Override
    public Prediction forward(Map<String, Object> inputs) {
        String question = (String) inputs.get("question");
        Set<String> context = new LinkedHashSet<>();
        Set<String> ids = new LinkedHashSet<>();
        for (GenerateHopQueryPredictor hop : generateQuery) {
            String query = hop.call(List.copyOf(context), question).query();
            Prediction found = retrieve.forward(query);
            context.addAll(texts(found.values().get(Retrieve.PASSAGES)));
            ids.addAll(texts(found.values().get(Retrieve.PASSAGE_IDS)));
        }
        Prediction answer = generateAnswer.forward(Map.of("context", List.copyOf(context), "question", question));
        Map<String, Object> values = new LinkedHashMap<>(answer.values());
        values.put(CONTEXT, List.copyOf(context));
        values.put(RETRIEVED_IDS, List.copyOf(ids));
        return new Prediction(values, answer.completion());
    }

    private static List<String> texts(Object value) {
        List<String> texts = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object element : list) {
                texts.add(String.valueOf(element));
            }
        }
        return texts;
    }
}
