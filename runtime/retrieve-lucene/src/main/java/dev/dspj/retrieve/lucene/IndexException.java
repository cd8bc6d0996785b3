package dev.dspj.retrieve.lucene;

/**
 * An index that cannot be opened, read or written: missing, corrupt, locked by another build, or
 * failing on I/O. The message names the index's path; the cause is Lucene's or the file system's
 * error.
 */
public final class IndexException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * An index error.
     *
     * @param message what is wrong, naming the index's path
     */
    public IndexException(String message) {
        super(message);
    }

    /**
     * An index error with its cause.
     *
     * @param message what is wrong, naming the index's path
     * @param cause Lucene's or the file system's error
     */
    public IndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
