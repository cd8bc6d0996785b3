package dev.dspj.retrieve;

import dev.dspj.module.Module;
import dev.dspj.module.ModuleCall;
import dev.dspj.module.NamedPredictor;
import dev.dspj.module.Trace;
import dev.dspj.primitives.Completion;
import dev.dspj.primitives.Prediction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The retrieval step of a program, as DSPy's {@code dspy.Retrieve(k)}: runs its {@link Retriever}
 * on a query and returns a prediction whose field {@value #PASSAGES} holds the texts of the
 * {@code k} best passages, best first (a {@code List<String>}), which the next predictor takes as its
 * context, and {@value #PASSAGE_IDS} their ids.
 *
 * <pre>{@code
 * Retrieve retrieve = new Retrieve(Bm25Index.open(Path.of("wiki-index")), 3);
 * List<String> context = retrieve.forward("Who wrote Hamlet?").get(Retrieve.PASSAGES);
 * Prediction answer = qa.forward(Map.of("context", context, "question", "Who wrote Hamlet?"));
 * }</pre>
 *
 * <p>Its {@code k} and its retriever are settings, like a predictor's model and temperature: the
 * variable search sets them through {@code BuiltInVariables.retrieveK(...)} and {@code
 * retrievers(...)} on every {@code Retrieve} of a program, and a deep copy has its own. Each call
 * made while a {@link Trace} is open is recorded in {@link Trace#moduleCalls()} with its query, its
 * {@code k} and the passages found; it has no predictors, so prompt optimizers leave it as it is.
 * Thread-safe: a call reads the settings once.
 */
public final class Retrieve implements Module {

    /** The output field: the passages' texts, best first. */
    public static final String PASSAGES = "passages";

    /**
     * The second output field: the passages' ids, in the same order, for retrieval metrics such as
     * {@code Metrics.recallAtK} and for citing sources.
     */
    public static final String PASSAGE_IDS = "passage_ids";

    /** The input field {@link #forward(Map)} reads the query from, as DSPy's {@code forward(query)}. */
    public static final String QUERY = "query";

    /** The input recorded in a trace for the number of passages asked for. */
    public static final String K = "k";

    /** DSPy's default number of passages. */
    public static final int DEFAULT_K = 3;

    private record Settings(Retriever retriever, int k) {}

    private volatile Settings settings;

    /** The retriever of a {@code Retrieve} made without one: every search fails saying so. */
    private static final Retriever UNSET = new Retriever() {
        @Override
        public List<Passage> retrieve(String query, int k) {
            throw new IllegalStateException("this Retrieve has no retriever: pass one to new Retrieve(retriever),"
                    + " call setRetriever, or let the variable search set one (BuiltInVariables.retrievers)");
        }

        @Override
        public String toString() {
            return "no retriever";
        }
    };

    /**
     * Retrieves {@value #DEFAULT_K} passages per query with a retriever set later ({@link
     * #setRetriever}): how a program's field is declared when the program's constructor, or the
     * variable search, gives the search. Searching before one is set fails saying so.
     */
    public Retrieve() {
        this(UNSET, DEFAULT_K);
    }

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
        this.settings = new Settings(Objects.requireNonNull(retriever, "retriever"), checkedK(k));
    }

    /**
     * The number of passages each call returns at most.
     *
     * @return {@code k}
     */
    public int k() {
        return settings.k();
    }

    /**
     * Sets the number of passages each call returns at most.
     *
     * @param k how many passages; at least 1
     * @throws IllegalArgumentException when {@code k < 1}
     */
    public synchronized void setK(int k) {
        settings = new Settings(settings.retriever(), checkedK(k));
    }

    /**
     * The search this module runs.
     *
     * @return the retriever
     */
    public Retriever retriever() {
        return settings.retriever();
    }

    /**
     * Replaces the search this module runs.
     *
     * @param retriever the search
     */
    public synchronized void setRetriever(Retriever retriever) {
        settings = new Settings(Objects.requireNonNull(retriever, "retriever"), settings.k());
    }

    /**
     * Retrieves the {@code k} best passages.
     *
     * @param query the query; not blank
     * @return a prediction whose {@value #PASSAGES} are the passages' texts, best first
     * @throws IllegalArgumentException when the query is null or blank
     */
    public Prediction forward(String query) {
        Settings now = settings;
        return traced(query, now.k(), search(now.retriever(), query, now.k()));
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
        return traced(query, k, search(settings.retriever(), query, k));
    }

    /**
     * Retrieves for several queries at once and keeps the {@code k} passages with the highest
     * summed score over the queries, as DSPy's {@code Retrieve.forward(query_or_queries)} does
     * with a list: a passage found by two queries adds up both scores (passages are the same when
     * their ids are). Ties keep the order in which passages were first found.
     *
     * @param queries the queries, at least one; none blank
     * @return a prediction whose {@value #PASSAGES} are the passages' texts, best first
     * @throws IllegalArgumentException when there is no query or one is blank (naming its position)
     */
    public Prediction forward(Collection<String> queries) {
        Objects.requireNonNull(queries, "queries");
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("Retrieve needs at least one query, got an empty list");
        }
        Settings now = settings;
        List<List<Passage>> found = now.retriever().retrieveBatch(List.copyOf(queries), now.k());
        Map<String, Passage> first = new LinkedHashMap<>();
        Map<String, Double> summed = new LinkedHashMap<>();
        for (List<Passage> passages : found) {
            for (Passage passage : passages) {
                first.putIfAbsent(passage.id(), passage);
                summed.merge(passage.id(), passage.score(), Double::sum);
            }
        }
        List<Passage> fused = new ArrayList<>(first.size());
        for (Map.Entry<String, Passage> entry : first.entrySet()) {
            Passage passage = entry.getValue();
            fused.add(new Passage(
                    passage.id(),
                    passage.text(),
                    passage.title(),
                    passage.metadata(),
                    Objects.requireNonNull(summed.get(entry.getKey()), "a summed score")));
        }
        fused.sort(Comparator.comparingDouble(Passage::score).reversed());
        List<Passage> best = List.copyOf(fused.subList(0, Math.min(now.k(), fused.size())));
        return traced(List.copyOf(queries), now.k(), best);
    }

    /**
     * Runs on the input {@value #QUERY}: a text, or a list of texts ({@link #forward(Collection)}).
     *
     * @param inputs holds {@value #QUERY}
     * @return a prediction whose {@value #PASSAGES} are the passages' texts, best first
     * @throws IllegalArgumentException when {@value #QUERY} is missing, neither text nor a list of
     *     texts, or blank
     */
    @Override
    public Prediction forward(Map<String, Object> inputs) {
        Objects.requireNonNull(inputs, "inputs");
        Object query = inputs.get(QUERY);
        if (query == null) {
            throw new IllegalArgumentException("Retrieve needs the input '" + QUERY + "', got " + inputs.keySet());
        }
        if (query instanceof CharSequence text) {
            return forward(text.toString());
        }
        if (query instanceof Collection<?> list) {
            List<String> queries = new ArrayList<>(list.size());
            for (Object element : list) {
                if (!(element instanceof CharSequence)) {
                    throw new IllegalArgumentException("Retrieve's input '" + QUERY
                            + "' must be text or a list of texts; element " + queries.size() + " is "
                            + (element == null ? "null" : element.getClass().getName()));
                }
                queries.add(element.toString());
            }
            return forward(queries);
        }
        throw new IllegalArgumentException("Retrieve's input '" + QUERY + "' must be text or a list of texts, got "
                + query.getClass().getName());
    }

    /**
     * The {@code k} best passages with their ids, titles, metadata and scores, for callers that want
     * more than the texts. Not recorded in a trace.
     *
     * @param query the query; not blank
     * @return the passages, best first
     * @throws IllegalArgumentException when the query is null or blank
     */
    public List<Passage> passages(String query) {
        Settings now = settings;
        return search(now.retriever(), query, now.k());
    }

    /**
     * Has none: retrieval has nothing a prompt optimizer tunes.
     *
     * @return an empty list
     */
    @Override
    public List<NamedPredictor> namedPredictors() {
        return List.of();
    }

    /**
     * A copy with the same settings, sharing the retriever (an index is not copied); setting the
     * copy's {@code k} or retriever leaves this one unchanged.
     *
     * @return the copy
     */
    @Override
    public Retrieve deepCopy() {
        Settings now = settings;
        return new Retrieve(now.retriever(), now.k());
    }

    @Override
    public String toString() {
        Settings now = settings;
        return "Retrieve(k=" + now.k() + ", " + now.retriever() + ")";
    }

    private static int checkedK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("Retrieve k must be at least 1, got " + k);
        }
        return k;
    }

    private static List<Passage> search(Retriever retriever, String query, int k) {
        Retriever.requireQuery(query);
        Retriever.requireK(k);
        List<Passage> passages = retriever.retrieve(query, k);
        if (passages == null) {
            throw new IllegalStateException(retriever + " returned null for query '" + query + "'");
        }
        return passages.size() > k ? List.copyOf(passages.subList(0, k)) : List.copyOf(passages);
    }

    private Prediction traced(Object query, int k, List<Passage> passages) {
        List<String> texts = new ArrayList<>(passages.size());
        List<String> ids = new ArrayList<>(passages.size());
        for (Passage passage : passages) {
            texts.add(passage.text());
            ids.add(passage.id());
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(PASSAGES, List.copyOf(texts));
        values.put(PASSAGE_IDS, List.copyOf(ids));
        Prediction prediction = new Prediction(values, Completion.none());
        Trace trace = Trace.current();
        if (trace.recording()) {
            Map<String, Object> inputs = new LinkedHashMap<>();
            inputs.put(QUERY, query);
            inputs.put(K, k);
            trace.record(new ModuleCall(this, inputs, prediction));
        }
        return prediction;
    }
}
