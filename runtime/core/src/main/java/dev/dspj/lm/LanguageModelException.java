package dev.dspj.lm;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A language model could not answer a request. Subclasses say why, and whether trying again can
 * help ({@link #isRetriable()}); HTTP failures carry the status, the provider's error code and
 * its message. Messages never contain API keys.
 */
public class LanguageModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final @Nullable String providerCode;
    private final @Nullable String model;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the model
     */
    public LanguageModelException(String message) {
        this(message, null, 0, null, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what went wrong, naming the model
     * @param cause the underlying failure
     */
    public LanguageModelException(String message, @Nullable Throwable cause) {
        this(message, cause, 0, null, null);
    }

    /**
     * Creates the exception for an HTTP failure.
     *
     * @param message what went wrong
     * @param cause the underlying failure, or null
     * @param status the HTTP status, or 0 when there was no response
     * @param providerCode the provider's error code (for example {@code rate_limit_exceeded}), or null
     * @param model the model called, or null
     */
    public LanguageModelException(
            String message,
            @Nullable Throwable cause,
            int status,
            @Nullable String providerCode,
            @Nullable String model) {
        super(message, cause);
        this.status = status;
        this.providerCode = providerCode;
        this.model = model;
    }

    /**
     * Whether trying the same request again may succeed (rate limits, server errors, timeouts).
     *
     * @return true for transient failures
     */
    public boolean isRetriable() {
        return false;
    }

    /**
     * The HTTP status, or 0 when no response arrived.
     *
     * @return the status
     */
    public int status() {
        return status;
    }

    /**
     * The provider's error code, such as {@code context_length_exceeded}.
     *
     * @return the code
     */
    public Optional<String> providerCode() {
        return Optional.ofNullable(providerCode);
    }

    /**
     * The model that was called.
     *
     * @return the model name
     */
    public Optional<String> model() {
        return Optional.ofNullable(model);
    }
}
