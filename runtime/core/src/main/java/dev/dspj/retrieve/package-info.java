/**
 * Retrieval, as DSPy's {@code dspy.Retrieve}: a {@link dev.dspj.retrieve.Retriever} finds the
 * {@link dev.dspj.retrieve.Passage}s that best match a query, and the {@link
 * dev.dspj.retrieve.Retrieve} module runs one inside a program, returning the passages' texts in
 * the field {@code passages}. Implementations live in their own artifacts ({@code
 * dspj-retrieve-lucene}: BM25 over an on-disk Lucene index).
 */
@NullMarked
package dev.dspj.retrieve;

import org.jspecify.annotations.NullMarked;
