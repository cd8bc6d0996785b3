package dev.dspj.retrieve;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Finds the passages that best match a query, best first: the search behind the {@link Retrieve}
 * module (DSPy's retrieval model, {@code dspy.settings.rm}). Implementations must be safe to call
 * from several threads.
 */
public interface Retriever {

    /**
     * The {@code k} passages that best match the query, best first; fewer when the corpus has fewer
     * matches.
     *
     * @param query the user's text; any characters, including a search syntax's operators
     * @param k how many passages at most; at least 1
     * @return the passages, best first
     * @throws IllegalArgumentException when the query is blank or {@code k < 1}
     */
    List<Passage> retrieve(String query, int k);

    /**
     * {@link #retrieve} without blocking the caller: the default runs it on the executor.
     *
     * @param query the user's text
     * @param k how many passages at most; at least 1
     * @param executor where to run the search
     * @return the passages, best first, or the error the search failed with
     */
    default CompletableFuture<List<Passage>> retrieveAsync(String query, int k, Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return CompletableFuture.supplyAsync(() -> retrieve(query, k), executor);
    }

    /**
     * {@link #retrieve} as a future. The default searches on the calling thread (a retriever over a
     * local index answers in well under a millisecond) and returns a completed future, or one failed
     * with the search's error; a retriever that calls a remote service overrides it.
     *
     * @param query the user's text
     * @param k how many passages at most; at least 1
     * @return the passages, best first, or the error the search failed with
     */
    default CompletableFuture<List<Passage>> retrieveAsync(String query, int k) {
        try {
            return CompletableFuture.completedFuture(retrieve(query, k));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * {@link #retrieve} for several queries; the default runs them one after another.
     *
     * @param queries the queries; none blank
     * @param k how many passages at most per query; at least 1
     * @return one list of passages per query, in the queries' order
     * @throws IllegalArgumentException when a query is blank (naming its position) or {@code k < 1}
     */
    default List<List<Passage>> retrieveBatch(List<String> queries, int k) {
        Objects.requireNonNull(queries, "queries");
        requireK(k);
        for (int i = 0; i < queries.size(); i++) {
            String query = queries.get(i);
            if (query == null || query.isBlank()) {
                throw new IllegalArgumentException(
                        "query " + i + " of the batch is " + (query == null ? "null" : "blank"));
            }
        }
        List<List<Passage>> results = new ArrayList<>(queries.size());
        for (String query : queries) {
            results.add(retrieve(query, k));
        }
        return List.copyOf(results);
    }

    /**
     * Checks a query, for implementations.
     *
     * @param query the query
     * @return the query
     * @throws IllegalArgumentException when it is null or blank
     */
    static String requireQuery(String query) {
        if (query == null) {
            throw new IllegalArgumentException("the query is null");
        }
        if (query.isBlank()) {
            throw new IllegalArgumentException("the query is blank");
        }
        return query;
    }

    /**
     * Checks the number of passages asked for, for implementations.
     *
     * @param k the number
     * @return the number
     * @throws IllegalArgumentException when it is below 1
     */
    static int requireK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        return k;
    }
}
