package dev.dspj.codec;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A value could not be read as the type a field declares. Carries the path inside the value
 * where reading failed ({@code [2].zip} for the {@code zip} of the third list element), what was
 * expected and what was found, so adapters can report the exact field.
 */
public final class ValueParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Deque<String> path = new ArrayDeque<>();
    private final String problem;

    /**
     * Creates an exception at the root of the value.
     *
     * @param problem what was expected and what was found
     */
    public ValueParseException(String problem) {
        super(problem, null, false, false);
        this.problem = problem;
    }

    /**
     * Creates an exception caused by a lower-level failure (for example a JSON syntax error).
     *
     * @param problem what was expected and what was found
     * @param cause the lower-level failure
     */
    public ValueParseException(String problem, Throwable cause) {
        super(problem, cause, false, false);
        this.problem = problem;
    }

    /**
     * Adds a path segment in front of the current path, as the failure propagates out of a
     * container.
     *
     * @param segment for example {@code [2]}, {@code .zip} or {@code ['key']}
     * @return this exception
     */
    public ValueParseException within(String segment) {
        path.addFirst(segment);
        return this;
    }

    /**
     * Returns the path inside the value, empty at the root.
     *
     * @return the path, such as {@code [2].zip}
     */
    public String path() {
        return String.join("", path);
    }

    /**
     * Returns what was expected and what was found, without the path.
     *
     * @return the problem
     */
    public String problem() {
        return problem;
    }

    @Override
    public String getMessage() {
        String where = path();
        return where.isEmpty() ? problem : "at " + where + ": " + problem;
    }

    /**
     * Quotes a piece of model output for an error message, shortened when long.
     *
     * @param text the text found
     * @return the text in double quotes, at most 120 characters of it
     */
    public static String quote(String text) {
        if (text == null) {
            return "nothing";
        }
        String shown = text.length() > 120 ? text.substring(0, 117) + "..." : text;
        return '"' + shown.replace("\n", "\\n") + '"';
    }
}
