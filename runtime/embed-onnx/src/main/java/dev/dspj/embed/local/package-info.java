/**
 * Embeddings computed in process with no network: {@link dev.dspj.embed.local.LocalEmbedder} runs the
 * all-MiniLM-L6-v2 sentence-embedding model on ONNX Runtime, an {@link dev.dspj.lm.Embedder} for
 * {@code KNNFewShot}, dense retrieval ({@code DenseIndex} of {@code dspj-retrieve-lucene}) and any
 * other use of one.
 */
@NullMarked
package dev.dspj.embed.local;

import org.jspecify.annotations.NullMarked;
