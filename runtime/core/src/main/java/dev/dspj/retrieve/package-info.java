/**
 * Retrieval, as DSPy's {@code dspy.Retrieve}: a {@link dev.dspj.retrieve.Retriever} finds the
 * {@link dev.dspj.retrieve.Passage}s that best match a query, and the {@link
 * dev.dspj.retrieve.Retrieve} module runs one inside a program, returning the passages' texts in
 * the field {@code passages}; {@link dev.dspj.retrieve.HybridRetriever} fuses several retrievers by
 * reciprocal rank. Implementations live in their own artifacts ({@code dspj-retrieve-lucene}: BM25
 * and dense vectors over on-disk Lucene indexes).
 */
@NullMarked
package dev.dspj.retrieve;

import org.jspecify.annotations.NullMarked;
