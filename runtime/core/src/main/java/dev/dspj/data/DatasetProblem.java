package dev.dspj.data;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One bad row of a dataset file: where it is (file and 1-based line), which field is at fault if
 * one is, and what is wrong with it.
 *
 * @param file the data file
 * @param line the line the row starts on, from 1
 * @param field the field at fault (after mapping), or null when the whole row is bad
 * @param message what is wrong, naming the value where there is one
 */
public record DatasetProblem(Path file, long line, @Nullable String field, String message) {

    /**
     * Validates the problem.
     *
     * @param file the data file
     * @param line the line, from 1
     * @param field the field, or null
     * @param message what is wrong
     */
    public DatasetProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        if (line < 1) {
            throw new IllegalArgumentException("line numbers start at 1, got " + line);
        }
    }

    /**
     * The field at fault, if the problem is about one field.
     *
     * @return the field name
     */
    public Optional<String> fieldName() {
        return Optional.ofNullable(field);
    }

    /**
     * The problem as a compiler-style line: {@code data/qa.jsonl:12: missing input field 'question'}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
