package dev.dspj.retrieve.lucene;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The documents to index, read as they are indexed (a corpus file is never held in memory whole):
 * a JSONL file, one {@code {"id": ..., "title": ..., "text": ..., "metadata": {...}}} object a line;
 * a CSV file whose header names the columns {@code id}, {@code text} and optionally {@code title},
 * every other column being metadata; or documents in memory.
 *
 * <p>A malformed line fails the read with a {@link CorpusException} naming the file and line ({@code
 * corpus.jsonl:500: not valid JSON: ...}); since reading happens while an index is built, a bad line
 * fails that build, which leaves the previous index in place (see {@link Bm25Index#build}).
 */
public final class Corpus {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * One document of a corpus.
     *
     * @param id its id, unique in the index; not blank
     * @param title its title; empty when none
     * @param text its text, what BM25 ranks on with the title
     * @param metadata further fields, stored and returned with its passages
     */
    public record Document(String id, String title, String text, Map<String, String> metadata) {

        /**
         * Validates the document and copies its metadata.
         *
         * @param id its id; not blank
         * @param title its title; empty when none
         * @param text its text
         * @param metadata further fields
         * @throws IllegalArgumentException when the id is blank
         */
        public Document {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(text, "text");
            if (id.isBlank()) {
                throw new IllegalArgumentException("a document's id must not be blank");
            }
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }

        /**
         * A document with no metadata.
         *
         * @param id its id; not blank
         * @param title its title; empty when none
         * @param text its text
         * @return the document
         */
        public static Document of(String id, String title, String text) {
            return new Document(id, title, text, Map.of());
        }
    }

    /** Receives each document with where it came from ({@code file:line}). */
    @FunctionalInterface
    interface Sink {
        void accept(Document document, String origin) throws IOException;
    }

    @FunctionalInterface
    private interface Source {
        void read(Sink sink) throws IOException;
    }

    private final String name;
    private final Source source;

    private Corpus(String name, Source source) {
        this.name = name;
        this.source = source;
    }

    /**
     * A corpus file, its format chosen by its extension: {@code .jsonl}, {@code .ndjson} or {@code
     * .json} for JSONL, {@code .csv} for CSV.
     *
     * @param file the file
     * @return the corpus, read when indexed
     * @throws IllegalArgumentException when the extension is none of these
     */
    public static Corpus of(Path file) {
        String fileName = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        if (fileName.endsWith(".jsonl") || fileName.endsWith(".ndjson") || fileName.endsWith(".json")) {
            return jsonl(file);
        }
        if (fileName.endsWith(".csv")) {
            return csv(file);
        }
        throw new IllegalArgumentException("cannot tell the format of corpus " + file
                + ": name it .jsonl or .csv, or use Corpus.jsonl / Corpus.csv");
    }

    /**
     * A JSONL file (UTF-8): one JSON object a line with {@code id} (text or a whole number), {@code
     * text}, and optionally {@code title} and {@code metadata} (an object); other fields become
     * metadata too. Blank lines are skipped.
     *
     * @param file the file
     * @return the corpus, read when indexed
     */
    public static Corpus jsonl(Path file) {
        Objects.requireNonNull(file, "file");
        return new Corpus(file.toString(), sink -> readJsonl(file, sink));
    }

    /**
     * A CSV file (UTF-8, RFC 4180: quoted fields may hold commas, quotes doubled, and line breaks):
     * the header names {@code id}, {@code text} and optionally {@code title}; every other column is
     * metadata.
     *
     * @param file the file
     * @return the corpus, read when indexed
     */
    public static Corpus csv(Path file) {
        Objects.requireNonNull(file, "file");
        return new Corpus(file.toString(), sink -> readCsv(file, sink));
    }

    /**
     * Documents in memory; their origin in errors is their position ({@code documents[3]}).
     *
     * @param documents the documents
     * @return the corpus
     */
    public static Corpus of(List<Document> documents) {
        List<Document> copy = List.copyOf(documents);
        return new Corpus("documents", sink -> {
            for (int i = 0; i < copy.size(); i++) {
                sink.accept(copy.get(i), "documents[" + i + "]");
            }
        });
    }

    /**
     * What the corpus is read from, for messages: the file's path, or {@code documents}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Reads every document into memory (for small corpora and tests; indexing streams them).
     *
     * @return the documents, in order
     * @throws CorpusException when a line is malformed or the file cannot be read
     */
    public List<Document> documents() {
        List<Document> documents = new ArrayList<>();
        forEach((document, origin) -> documents.add(document));
        return documents;
    }

    /**
     * Streams the documents to the sink.
     *
     * @throws CorpusException when a line is malformed or the file cannot be read
     * @throws SinkException wrapping the sink's I/O error
     */
    void forEach(Sink sink) {
        try {
            source.read(sink);
        } catch (SinkException e) {
            throw e;
        } catch (IOException e) {
            throw new CorpusException("cannot read corpus " + name + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return "Corpus(" + name + ")";
    }

    /** An I/O error of the sink (the index), passed through rather than blamed on the corpus. */
    static final class SinkException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final IOException io;

        SinkException(IOException cause) {
            super(cause);
            this.io = cause;
        }

        /** The sink's error. */
        IOException io() {
            return io;
        }
    }

    private static void deliver(Sink sink, Document document, String origin) {
        try {
            sink.accept(document, origin);
        } catch (IOException e) {
            throw new SinkException(e);
        }
    }

    private static void readJsonl(Path file, Sink sink) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                String origin = file + ":" + lineNumber;
                deliver(sink, jsonDocument(line, origin), origin);
            }
        }
    }

    private static Document jsonDocument(String line, String origin) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new CorpusException(origin + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new CorpusException(
                    origin + ": expected a JSON object, got " + (node == null ? "nothing" : node.getNodeType()));
        }
        JsonNode id = node.get("id");
        if (id == null || id.isNull()) {
            throw new CorpusException(origin + ": no \"id\"");
        }
        if (!id.isTextual() && !id.isIntegralNumber()) {
            throw new CorpusException(origin + ": \"id\" must be text or a whole number, got " + id.getNodeType());
        }
        if (id.asText().isBlank()) {
            throw new CorpusException(origin + ": \"id\" is blank");
        }
        JsonNode text = node.get("text");
        if (text == null || !text.isTextual()) {
            throw new CorpusException(
                    origin + ": \"text\" must be text, got " + (text == null ? "none" : text.getNodeType()));
        }
        JsonNode title = node.get("title");
        if (title != null && !title.isNull() && !title.isTextual()) {
            throw new CorpusException(origin + ": \"title\" must be text, got " + title.getNodeType());
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            if (!List.of("id", "title", "text", "metadata").contains(key)
                    && !field.getValue().isNull()) {
                metadata.put(key, scalar(field.getValue()));
            }
        }
        JsonNode meta = node.get("metadata");
        if (meta != null && !meta.isNull()) {
            if (!meta.isObject()) {
                throw new CorpusException(origin + ": \"metadata\" must be an object, got " + meta.getNodeType());
            }
            for (Map.Entry<String, JsonNode> field : meta.properties()) {
                if (!field.getValue().isNull()) {
                    metadata.put(field.getKey(), scalar(field.getValue()));
                }
            }
        }
        String titleText = title == null || title.isNull() ? "" : title.asText();
        return new Document(id.asText(), titleText, text.asText(), metadata);
    }

    private static String scalar(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static void readCsv(Path file, Sink sink) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            CsvReader csv = new CsvReader(reader);
            List<String> header = csv.next();
            if (header == null) {
                return;
            }
            if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
                header.set(0, header.get(0).substring(1));
            }
            int idColumn = header.indexOf("id");
            int textColumn = header.indexOf("text");
            int titleColumn = header.indexOf("title");
            if (idColumn < 0 || textColumn < 0) {
                throw new CorpusException(
                        file + ":1: the header needs the columns id and text (title and others are optional), got "
                                + header);
            }
            for (List<String> row = csv.next(); row != null; row = csv.next()) {
                String origin = file + ":" + csv.recordLine();
                if (row.size() == 1 && row.get(0).isEmpty()) {
                    continue;
                }
                if (row.size() != header.size()) {
                    throw new CorpusException(origin + ": " + row.size() + " fields, the header has " + header.size());
                }
                String id = row.get(idColumn);
                if (id.isBlank()) {
                    throw new CorpusException(origin + ": the id is blank");
                }
                Map<String, String> metadata = new LinkedHashMap<>();
                for (int column = 0; column < header.size(); column++) {
                    if (column != idColumn && column != textColumn && column != titleColumn) {
                        metadata.put(header.get(column), row.get(column));
                    }
                }
                String title = titleColumn < 0 ? "" : row.get(titleColumn);
                deliver(sink, new Document(id, title, row.get(textColumn), metadata), origin);
            }
            if (csv.inQuotes()) {
                throw new CorpusException(file + ":" + csv.recordLine() + ": a quoted field is never closed");
            }
        }
    }

    /** RFC 4180 records, with the line each starts on. */
    private static final class CsvReader {
        private final Reader reader;
        private int line = 1;
        private int recordLine = 1;
        private boolean unclosed;
        private int pending = -2;

        CsvReader(Reader reader) {
            this.reader = reader;
        }

        int recordLine() {
            return recordLine;
        }

        boolean inQuotes() {
            return unclosed;
        }

        private int read() throws IOException {
            if (pending != -2) {
                int c = pending;
                pending = -2;
                return c;
            }
            return reader.read();
        }

        /** The next record, or null at the end of the file. */
        @org.jspecify.annotations.Nullable
        List<String> next() throws IOException {
            int c = read();
            if (c == -1) {
                return null;
            }
            recordLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            while (true) {
                if (quoted) {
                    if (c == -1) {
                        unclosed = true;
                        fields.add(field.toString());
                        return fields;
                    }
                    if (c == '"') {
                        int after = read();
                        if (after == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            c = after;
                            continue;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append((char) c);
                    }
                } else if (c == '"' && field.length() == 0) {
                    quoted = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else if (c == '\r' || c == '\n' || c == -1) {
                    if (c == '\r') {
                        int after = read();
                        if (after != '\n') {
                            pending = after;
                        }
                    }
                    if (c != -1) {
                        line++;
                    }
                    fields.add(field.toString());
                    return fields;
                } else {
                    field.append((char) c);
                }
                c = read();
            }
        }
    }
}
