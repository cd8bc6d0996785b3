package dev.dspj.retrieve.lucene;

/**
 * A corpus that cannot be indexed: a malformed JSONL line or CSV row, a missing field, a duplicate
 * id, or no documents at all. The message names the file and line ({@code corpus.jsonl:500: ...}).
 */
public final class CorpusException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * A corpus error.
     *
     * @param message what is wrong, and where
     */
    public CorpusException(String message) {
        super(message);
    }

    /**
     * A corpus error with its cause.
     *
     * @param message what is wrong, and where
     * @param cause the parser's or reader's error
     */
    public CorpusException(String message, Throwable cause) {
        super(message, cause);
    }
}
