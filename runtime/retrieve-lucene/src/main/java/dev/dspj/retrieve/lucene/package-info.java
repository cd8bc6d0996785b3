/**
 * BM25 retrieval on Apache Lucene: {@link dev.dspj.retrieve.lucene.Bm25Index} builds an on-disk
 * index from a {@link dev.dspj.retrieve.lucene.Corpus} (JSONL or CSV) atomically, opens it as a
 * {@link dev.dspj.retrieve.Retriever} for the {@link dev.dspj.retrieve.Retrieve} module, and adds
 * documents to it. Corpus problems are reported as {@link
 * dev.dspj.retrieve.lucene.CorpusException}s naming the file and line, index problems as {@link
 * dev.dspj.retrieve.lucene.IndexException}s naming the index's path.
 */
@NullMarked
package dev.dspj.retrieve.lucene;

import org.jspecify.annotations.NullMarked;
