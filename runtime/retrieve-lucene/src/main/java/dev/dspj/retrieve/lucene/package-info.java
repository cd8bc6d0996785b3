/**
 * Retrieval on Apache Lucene: {@link dev.dspj.retrieve.lucene.Bm25Index} builds an on-disk BM25
 * index from a {@link dev.dspj.retrieve.lucene.Corpus} (JSONL or CSV) atomically, opens it as a
 * {@link dev.dspj.retrieve.Retriever} for the {@link dev.dspj.retrieve.Retrieve} module, and adds
 * documents to it; {@link dev.dspj.retrieve.lucene.DenseIndex} does the same with the corpus's
 * embeddings (exact search for small corpora, an HNSW graph for large ones). Corpus problems are reported as {@link
 * dev.dspj.retrieve.lucene.CorpusException}s naming the file and line, index problems as {@link
 * dev.dspj.retrieve.lucene.IndexException}s naming the index's path.
 */
@NullMarked
package dev.dspj.retrieve.lucene;

import org.jspecify.annotations.NullMarked;
