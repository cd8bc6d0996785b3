package dev.dspj.study;

import org.jspecify.annotations.Nullable;

/**
 * A study store could not be opened, read or written: the database is unreachable, locked for too
 * long, or holds a schema this version of DSPJ does not read. The message names the store (its
 * JDBC URL without the password), the study and the operation.
 */
public class StudyStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * A failure with its cause.
     *
     * @param message what failed, naming the store, study and operation
     * @param cause the underlying error, or null
     */
    public StudyStoreException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /**
     * A failure without an underlying error.
     *
     * @param message what failed, naming the store, study and operation
     */
    public StudyStoreException(String message) {
        super(message);
    }
}
