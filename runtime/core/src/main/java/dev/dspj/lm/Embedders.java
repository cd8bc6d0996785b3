package dev.dspj.lm;

/**
 * Short factories for wrapping any {@link Embedder}; {@link CachingEmbedder#builder} has every
 * setting.
 */
public final class Embedders {

    private Embedders() {}

    /**
     * The embedder with a cache of texts and batches of {@value CachingEmbedder#DEFAULT_BATCH_SIZE}:
     * each distinct text is embedded once while it stays in the cache.
     *
     * @param embedder the embedder that computes the vectors
     * @param maxEntries how many texts to keep; at least 0 (0: batching only)
     * @return the wrapper
     */
    public static CachingEmbedder cached(Embedder embedder, long maxEntries) {
        return CachingEmbedder.builder(embedder).maxEntries(maxEntries).build();
    }

    /**
     * The embedder with no cache, its calls cut into batches of {@code batchSize} texts, up to
     * {@code parallelism} of them at a time (for a remote embedder: requests in flight).
     *
     * @param embedder the embedder that computes the vectors
     * @param batchSize texts per call; at least 1
     * @param parallelism batches at a time, 1 to 64
     * @return the wrapper
     */
    public static CachingEmbedder batched(Embedder embedder, int batchSize, int parallelism) {
        return CachingEmbedder.builder(embedder)
                .maxEntries(0)
                .batchSize(batchSize)
                .parallelism(parallelism)
                .build();
    }
}
