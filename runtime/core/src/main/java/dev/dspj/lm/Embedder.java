package dev.dspj.lm;

import java.util.List;

/**
 * Turns texts into vectors whose dot product measures how similar the texts are (DSPy's
 * {@code dspy.Embedder}); {@code KNNFewShot} uses one to find the training examples nearest an
 * input. Implementations: {@link HashingEmbedder} (local, no dependencies, deterministic),
 * {@link dev.dspj.lm.http.HttpEmbedder} (any OpenAI-compatible {@code /embeddings} endpoint), and
 * {@code LocalEmbedder} of {@code dspj-embeddings-local} (a sentence-embedding model in process);
 * {@link CachingEmbedder} ({@link Embedders#cached}) caches and batches any of them.
 * Implementations must be safe to call from many threads.
 */
@FunctionalInterface
public interface Embedder {

    /**
     * Embeds texts.
     *
     * @param texts the texts, possibly empty
     * @return one vector per text, in order, all of the same length
     * @throws LanguageModelException when a remote embedder fails
     */
    float[][] embed(List<String> texts);
}
