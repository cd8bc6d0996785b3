package dev.dspj.lm;

/** A language model could not answer a request. */
public class LanguageModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the model
     */
    public LanguageModelException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, naming the model
     * @param cause the underlying failure
     */
    public LanguageModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
