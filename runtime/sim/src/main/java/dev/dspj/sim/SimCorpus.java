package dev.dspj.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dspj.retrieve.Passage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The generated corpus of a retrieval task ({@link SimRagTask}): short passages about invented
 * people, towns, countries and companies, which no model knows, among similar-named distractors.
 * Immutable; generated deterministically from the task's seed.
 *
 * <p>Give it to a retriever as passages ({@link #passages()}) or as a JSONL file ({@link
 * #writeJsonl(Path)}), one {@code {"id": ..., "title": ..., "text": ...}} object a line, the
 * format {@code dev.dspj.retrieve.lucene.Corpus.jsonl} reads.
 */
public final class SimCorpus {

    /** One object a line: the generator puts a line break between root values (and none before the first). */
    private static final JsonFactory JSON =
            new JsonFactoryBuilder().rootValueSeparator("\n").build();

    private final List<Passage> passages;
    private final Map<String, Passage> byId;
    private final Map<String, Passage> byTitle;

    SimCorpus(List<Passage> passages) {
        this.passages = List.copyOf(passages);
        Map<String, Passage> ids = new HashMap<>(passages.size() * 2);
        Map<String, Passage> titles = new HashMap<>(passages.size() * 2);
        for (Passage passage : this.passages) {
            if (ids.put(passage.id(), passage) != null) {
                throw new IllegalArgumentException("two passages have the id " + passage.id());
            }
            titles.putIfAbsent(passage.title(), passage);
        }
        this.byId = Collections.unmodifiableMap(ids);
        this.byTitle = Collections.unmodifiableMap(titles);
    }

    /**
     * The number of passages.
     *
     * @return the size
     */
    public int size() {
        return passages.size();
    }

    /**
     * Every passage, in the corpus's stable order, each with its id, title and text (score 0, no
     * metadata).
     *
     * @return the passages
     */
    public List<Passage> passages() {
        return passages;
    }

    /**
     * Finds a passage by id.
     *
     * @param id the passage's id, for example {@code p-004711}
     * @return the passage, if the corpus has it
     */
    public Optional<Passage> passage(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * Finds the first passage with a title; an entity's own passage is titled with its name.
     *
     * @param title the exact title, for example {@code Korven Talson}
     * @return the passage, if the corpus has one
     */
    public Optional<Passage> titled(String title) {
        return Optional.ofNullable(byTitle.get(title));
    }

    /**
     * Writes the corpus as JSONL (UTF-8): one {@code {"id":...,"title":...,"text":...}} object a
     * line, in order. The file is created or replaced.
     *
     * @param file the file, conventionally named {@code .jsonl}
     * @throws IOException when it cannot be written
     */
    public void writeJsonl(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeJsonl(out);
        }
    }

    /**
     * Writes the corpus as JSONL, one {@code {"id":...,"title":...,"text":...}} object a line, in
     * order. The writer is flushed, not closed.
     *
     * @param out where to write
     * @throws IOException when writing fails
     */
    public void writeJsonl(Writer out) throws IOException {
        Objects.requireNonNull(out, "out");
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            for (Passage passage : passages) {
                json.writeStartObject();
                json.writeStringField("id", passage.id());
                json.writeStringField("title", passage.title());
                json.writeStringField("text", passage.text());
                json.writeEndObject();
            }
        }
        if (!passages.isEmpty()) {
            out.write('\n');
        }
        out.flush();
    }

    @Override
    public String toString() {
        return "SimCorpus(" + passages.size() + " passages)";
    }
}
