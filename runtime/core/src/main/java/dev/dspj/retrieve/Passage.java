package dev.dspj.retrieve;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One passage a {@link Retriever} found: the document's id, its text and title, its metadata, and
 * how well it matched the query.
 *
 * @param id the document's id, unique in its corpus; not blank
 * @param text the passage's text
 * @param title the document's title; empty when it has none
 * @param metadata further fields of the document (source, URL, ...); unmodifiable
 * @param score how well it matched the query, higher is better; comparable only within one retrieval
 */
public record Passage(String id, String text, String title, Map<String, String> metadata, double score) {

    /**
     * Validates the passage and copies its metadata.
     *
     * @param id the document's id; not blank
     * @param text the passage's text
     * @param title the title; empty when none
     * @param metadata further fields
     * @param score how well it matched
     * @throws IllegalArgumentException when the id is blank or the score is not a number
     */
    public Passage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(metadata, "metadata");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a passage's id must not be blank");
        }
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("passage " + id + ": score is NaN");
        }
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * A passage with no title or metadata.
     *
     * @param id the document's id; not blank
     * @param text the passage's text
     * @param score how well it matched
     * @return the passage
     */
    public static Passage of(String id, String text, double score) {
        return new Passage(id, text, "", Map.of(), score);
    }
}
