package dev.dspj.retrieve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Fuses the rankings of several retrievers (BM25 and dense, say) with reciprocal rank fusion
 * (Cormack, Clarke and Büttcher, 2009): each retriever is asked for its {@link Builder#fetchDepth}
 * best passages, and a passage scores {@code sum over the retrievers that found it of 1 / (c +
 * rank)}, rank counted from 1 and {@code c} the {@link Builder#rankConstant} (60 by default). Only
 * ranks count, so retrievers whose scores are not comparable (BM25's and cosine similarities) fuse
 * without tuning.
 *
 * <pre>{@code
 * Retriever hybrid = HybridRetriever.of(bm25Index, denseIndex);
 * Retriever tuned = HybridRetriever.builder().add(bm25Index).add(denseIndex).fetchDepth(50).rankConstant(20).build();
 * }</pre>
 *
 * <p>Passages are the same document when their ids are equal; the fused passage is the one the
 * earliest retriever (in the order they were added) returned, with the fused score. Ties are broken
 * by the best single rank (lower first), then by the earliest retriever that found the passage, then
 * by id, so the result is the same on every run. The retrievers are asked through {@link
 * Retriever#retrieveAsync(String, int)}, so remote ones search at the same time. Immutable and
 * thread-safe when its retrievers are.
 */
public final class HybridRetriever implements Retriever {

    /** The rank constant {@code c} by default, as in the paper. */
    public static final int DEFAULT_RANK_CONSTANT = 60;
    /** Passages asked of each retriever by default (more when a query asks for more). */
    public static final int DEFAULT_FETCH_DEPTH = 20;

    private final List<Retriever> retrievers;
    private final double rankConstant;
    private final int fetchDepth;

    private HybridRetriever(Builder builder) {
        this.retrievers = List.copyOf(builder.retrievers);
        this.rankConstant = builder.rankConstant;
        this.fetchDepth = builder.fetchDepth;
    }

    /**
     * Fuses the retrievers with the defaults.
     *
     * @param retrievers two or more retrievers (one works too), in order of preference for ties
     * @return the fused retriever
     * @throws IllegalArgumentException when there is none
     */
    public static HybridRetriever of(Retriever... retrievers) {
        Builder builder = builder();
        for (Retriever retriever : retrievers) {
            builder.add(retriever);
        }
        return builder.build();
    }

    /**
     * A builder with the defaults and no retrievers.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The {@code k} passages with the highest fused scores.
     *
     * @param query the user's text
     * @param k how many passages at most; at least 1
     * @return the passages, best first, each with its fused score
     * @throws IllegalArgumentException when the query is blank or {@code k < 1}
     */
    @Override
    public List<Passage> retrieve(String query, int k) {
        Retriever.requireQuery(query);
        Retriever.requireK(k);
        int depth = Math.max(k, fetchDepth);
        List<CompletableFuture<List<Passage>>> searches = new ArrayList<>(retrievers.size());
        for (Retriever retriever : retrievers) {
            searches.add(retriever.retrieveAsync(query, depth));
        }
        Map<String, Fused> fused = new LinkedHashMap<>();
        for (int r = 0; r < searches.size(); r++) {
            List<Passage> ranking;
            try {
                ranking = searches.get(r).join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
            int rank = 0;
            for (Passage passage : ranking) {
                rank++;
                Fused entry = fused.get(passage.id());
                if (entry == null) {
                    fused.put(passage.id(), new Fused(passage, r, rank, rankConstant));
                } else {
                    entry.found(rank, rankConstant);
                }
            }
        }
        return fused.values().stream()
                .sorted(Comparator.comparingDouble((Fused f) -> -f.score)
                        .thenComparingInt(f -> f.bestRank)
                        .thenComparingInt(f -> f.firstRetriever)
                        .thenComparing(f -> f.passage.id()))
                .limit(k)
                .map(f ->
                        new Passage(f.passage.id(), f.passage.text(), f.passage.title(), f.passage.metadata(), f.score))
                .toList();
    }

    /**
     * The fused retrievers.
     *
     * @return them, in the order they were added
     */
    public List<Retriever> retrievers() {
        return retrievers;
    }

    /**
     * The rank constant {@code c}.
     *
     * @return it
     */
    public double rankConstant() {
        return rankConstant;
    }

    /**
     * Passages asked of each retriever (at least {@code k}).
     *
     * @return the depth
     */
    public int fetchDepth() {
        return fetchDepth;
    }

    @Override
    public String toString() {
        return "HybridRetriever(" + retrievers + ", rankConstant=" + rankConstant + ", fetchDepth=" + fetchDepth + ")";
    }

    /** One passage's fused score so far. */
    private static final class Fused {
        final Passage passage;
        final int firstRetriever;
        int bestRank;
        double score;

        Fused(Passage passage, int firstRetriever, int rank, double rankConstant) {
            this.passage = passage;
            this.firstRetriever = firstRetriever;
            this.bestRank = rank;
            this.score = 1.0 / (rankConstant + rank);
        }

        void found(int rank, double rankConstant) {
            bestRank = Math.min(bestRank, rank);
            score += 1.0 / (rankConstant + rank);
        }
    }

    /** Settings of a {@link HybridRetriever}, each checked when set. */
    public static final class Builder {
        private final List<Retriever> retrievers = new ArrayList<>();
        private double rankConstant = DEFAULT_RANK_CONSTANT;
        private int fetchDepth = DEFAULT_FETCH_DEPTH;

        private Builder() {}

        /**
         * Adds a retriever; earlier ones win ties and give the fused passage its text.
         *
         * @param retriever the retriever
         * @return this builder
         */
        public Builder add(Retriever retriever) {
            retrievers.add(Objects.requireNonNull(retriever, "retriever"));
            return this;
        }

        /**
         * The rank constant {@code c} of {@code 1 / (c + rank)}: larger flattens the weight of the
         * top ranks.
         *
         * @param rankConstant 0 or more, finite; default {@value #DEFAULT_RANK_CONSTANT}
         * @return this builder
         * @throws IllegalArgumentException when negative or not finite
         */
        public Builder rankConstant(double rankConstant) {
            if (!(rankConstant >= 0) || Double.isInfinite(rankConstant)) {
                throw new IllegalArgumentException(
                        "HybridRetriever rankConstant must be a finite number of 0 or more, got " + rankConstant);
            }
            this.rankConstant = rankConstant;
            return this;
        }

        /**
         * Passages asked of each retriever; a query asking for more asks each for that many.
         *
         * @param fetchDepth at least 1; default {@value #DEFAULT_FETCH_DEPTH}
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder fetchDepth(int fetchDepth) {
            if (fetchDepth < 1) {
                throw new IllegalArgumentException("HybridRetriever fetchDepth must be at least 1, got " + fetchDepth);
            }
            this.fetchDepth = fetchDepth;
            return this;
        }

        /**
         * The fused retriever.
         *
         * @return it
         * @throws IllegalArgumentException when no retriever was added
         */
        public HybridRetriever build() {
            if (retrievers.isEmpty()) {
                throw new IllegalArgumentException("HybridRetriever needs at least one retriever: add(...) them");
            }
            return new HybridRetriever(this);
        }
    }
}
