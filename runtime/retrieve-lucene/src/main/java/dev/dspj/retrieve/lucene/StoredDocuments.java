package dev.dspj.retrieve.lucene;

import dev.dspj.retrieve.Passage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * How every index of this package stores a corpus document in Lucene (id, title, text, where it came
 * from, metadata) and turns it back into a {@link Passage}, and the one loop that writes a new
 * generation: duplicate ids named with both places, an empty corpus refused, commit or roll back.
 */
final class StoredDocuments {

    static final String ID = "id";
    static final String TITLE = "title";
    static final String TEXT = "text";
    static final String ORIGIN = "origin";
    static final String METADATA = "meta.";

    /** Adds one corpus document to the writer (or keeps it for a later batch). */
    @FunctionalInterface
    interface Adder {
        void add(IndexWriter writer, Corpus.Document document, String origin) throws IOException;
    }

    /** Runs after the last document, before the commit (to write a last batch). */
    @FunctionalInterface
    interface Finisher {
        void finish(IndexWriter writer) throws IOException;
    }

    private StoredDocuments() {}

    /**
     * The Lucene document of a corpus document.
     *
     * @param document the corpus document
     * @param origin where it came from ({@code file:line})
     * @param searchable whether title and text are analyzed for full-text search, or only stored
     * @return the Lucene document, to which an index may add fields
     */
    static Document lucene(Corpus.Document document, String origin, boolean searchable) {
        Document lucene = new Document();
        lucene.add(new StringField(ID, document.id(), Field.Store.YES));
        if (searchable) {
            lucene.add(new TextField(TITLE, document.title(), Field.Store.YES));
            lucene.add(new TextField(TEXT, document.text(), Field.Store.YES));
        } else {
            lucene.add(new StoredField(TITLE, document.title()));
            lucene.add(new StoredField(TEXT, document.text()));
        }
        lucene.add(new StoredField(ORIGIN, origin));
        document.metadata().forEach((key, value) -> lucene.add(new StoredField(METADATA + key, value)));
        return lucene;
    }

    /**
     * The passage of a stored document.
     *
     * @param document the stored fields
     * @param score its score for the query
     * @return the passage
     */
    static Passage passage(Document document, double score) {
        Map<String, String> metadata = new LinkedHashMap<>();
        for (IndexableField field : document.getFields()) {
            if (field.name().startsWith(METADATA)) {
                metadata.put(field.name().substring(METADATA.length()), field.stringValue());
            }
        }
        return new Passage(
                Objects.requireNonNull(document.get(ID), "stored id"),
                Objects.requireNonNullElse(document.get(TEXT), ""),
                Objects.requireNonNullElse(document.get(TITLE), ""),
                metadata,
                score);
    }

    static CorpusException duplicate(String id, String first, String second) {
        return new CorpusException("duplicate id '" + id + "': " + first + " and " + second);
    }

    /**
     * Writes a new index of the corpus into an empty directory and commits it; on any failure rolls
     * it back.
     *
     * @param directory the generation's temporary directory
     * @param config the writer's configuration (opened in {@code CREATE} mode)
     * @param corpus the documents
     * @param adder adds each document, after its id was checked
     * @param finisher runs after the last document, before the commit
     * @return how many documents were read
     * @throws CorpusException on a duplicate id, a malformed line, or an empty corpus
     */
    static int writeNew(Path directory, IndexWriterConfig config, Corpus corpus, Adder adder, Finisher finisher)
            throws IOException {
        try (Directory lucene = FSDirectory.open(directory)) {
            IndexWriter writer = new IndexWriter(lucene, config.setOpenMode(IndexWriterConfig.OpenMode.CREATE));
            boolean committed = false;
            try {
                Map<String, String> seen = new HashMap<>();
                corpus.forEach((document, origin) -> {
                    String earlier = seen.putIfAbsent(document.id(), origin);
                    if (earlier != null) {
                        throw duplicate(document.id(), earlier, origin);
                    }
                    adder.add(writer, document, origin);
                });
                if (seen.isEmpty()) {
                    throw new CorpusException("corpus " + corpus.name() + " has no documents: nothing to index");
                }
                finisher.finish(writer);
                writer.commit();
                committed = true;
                writer.close();
                return seen.size();
            } catch (Corpus.SinkException e) {
                throw e.io();
            } finally {
                if (!committed) {
                    writer.rollback();
                }
            }
        }
    }
}
