package dev.dspj.retrieve;

import dev.dspj.module.Module;
import dev.dspj.module.NamedPredictor;
import dev.dspj.primitives.Completion;
import dev.dspj.primitives.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The retrieval step of a program, as DSPy's {@code dspy.Retrieve(k)}: runs its {@link Retriever}
 * on a query and returns a prediction whose field {@value #PASSAGES} holds the texts of the
 * {@code k} best passages, best first (a {@code List<String>}), which the next predictor takes as its
 * context.
 *
 * <pre>{@code
 * Retrieve retrieve = new Retrieve(Bm25Index.open(Path.of("wiki-index")), 3);
 * List<String> context = retrieve.passages("Who wrote Hamlet?");
 * Prediction answer = qa.forward(Map.of("context", context, "question", "Who wrote Hamlet?"));
 * }</pre>
 *
 * <p>It has no predictors, so optimizers leave it as it is, and its calls are not recorded in a
 * {@link dev.dspj.module.Trace}: a trace holds predictor calls only (DSPy's trace likewise records
 * predictors, not retrievals). Instances are immutable and can be shared by threads when the
 * retriever can.
 */
public final class Retrieve implements Module {

    /** The output field: the passages' texts, best first. */
    public static final String PASSAGES = "passages";

    /** The input field {@link #forward(Map)} reads the query from, as DSPy's {@code forward(query)}. */
    public static final String QUERY = "query";

    /** DSPy's default number of passages. */
    public static final int DEFAULT_K = 3;

    private final Retriever retriever;
    private final int k;

    /**
     * Retrieves {@value #DEFAULT_K} passages per query.
     *
     * @param retriever the search to run
     */
    public Retrieve(Retriever retriever) {
        this(retriever, DEFAULT_K);
    }

    /**
     * Retrieves {@code k} passages per query.
     *
     * @param retriever the search to run
     * @param k how many passages; at least 1
     * @throws IllegalArgumentException when {@code k < 1}
     */
    public Retrieve(Retriever retriever, int k) {
        this.retriever = Objects.requireNonNull(retriever, "retriever");
        if (k < 1) {
            throw new IllegalArgumentException("Retrieve k must be at least 1, got " + k);
        }
        this.k = k;
    }

    /**
     * The number of passages each call returns at most.
     *
     * @return {@code k}
     */
    public int k() {
        return k;
    }

    /**
     * The search this module runs.
     *
     * @return the retriever
     */
    public Retriever retriever() {
        return retriever;
    }

    /**
     * Retrieves the {@code k} best passages.
     *
     * @param query the query; not blank
     * @return a prediction whose {@value #PASSAGES} are the passages' texts, best first
     * @throws IllegalArgumentException when the query is null or blank
     */
    public Prediction forward(String query) {
        return forward(query, k);
    }

    /**
     * Retrieves the {@code k} best passages, with this call's own {@code k} (DSPy's {@code
     * forward(query, k=...)}).
     *
     * @param query the query; not blank
     * @param k how many passages; at least 1
     * @return a prediction whose {@value #PASSAGES} are the passages' texts, best first
     * @throws IllegalArgumentException when the query is null or blank, or {@code k < 1}
     */
    public Prediction forward(String query, int k) {
        return prediction(search(query, k));
    }

    /**
     * Runs on the input {@value #QUERY}.
     *
     * @param inputs holds {@value #QUERY}, the query text
     * @return a prediction whose {@value #PASSAGES} are the passages' texts, best first
     * @throws IllegalArgumentException when {@value #QUERY} is missing, not text, or blank
     */
    @Override
    public Prediction forward(Map<String, Object> inputs) {
        Objects.requireNonNull(inputs, "inputs");
        Object query = inputs.get(QUERY);
        if (query == null) {
            throw new IllegalArgumentException("Retrieve needs the input '" + QUERY + "', got " + inputs.keySet());
        }
        if (!(query instanceof CharSequence)) {
            throw new IllegalArgumentException("Retrieve's input '" + QUERY + "' must be text, got "
                    + query.getClass().getName());
        }
        return forward(query.toString());
    }

    /**
     * The {@code k} best passages with their ids, titles, metadata and scores, for callers that want
     * more than the texts.
     *
     * @param query the query; not blank
     * @return the passages, best first
     * @throws IllegalArgumentException when the query is null or blank
     */
    public List<Passage> passages(String query) {
        return search(query, k);
    }

    /**
     * Has none: retrieval has nothing an optimizer tunes.
     *
     * @return an empty list
     */
    @Override
    public List<NamedPredictor> namedPredictors() {
        return List.of();
    }

    /**
     * A copy sharing the retriever (an index is not copied).
     *
     * @return the copy
     */
    @Override
    public Retrieve deepCopy() {
        return new Retrieve(retriever, k);
    }

    @Override
    public String toString() {
        return "Retrieve(k=" + k + ", " + retriever + ")";
    }

    private List<Passage> search(String query, int k) {
        Retriever.requireQuery(query);
        Retriever.requireK(k);
        List<Passage> passages = retriever.retrieve(query, k);
        if (passages == null) {
            throw new IllegalStateException(retriever + " returned null for query '" + query + "'");
        }
        return passages.size() > k ? List.copyOf(passages.subList(0, k)) : List.copyOf(passages);
    }

    private static Prediction prediction(List<Passage> passages) {
        List<String> texts = new ArrayList<>(passages.size());
        for (Passage passage : passages) {
            texts.add(passage.text());
        }
        return new Prediction(Map.of(PASSAGES, List.copyOf(texts)), Completion.none());
    }
}
