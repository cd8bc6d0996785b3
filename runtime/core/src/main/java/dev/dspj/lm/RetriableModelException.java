package dev.dspj.lm;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A transient failure: rate limited (429), a server error (5xx), a connect failure or a read
 * timeout. Clients retry these with backoff, waiting at least {@link #retryAfter()} when the
 * provider says so.
 */
public class RetriableModelException extends LanguageModelException {

    private static final long serialVersionUID = 1L;

    private final @Nullable Duration retryAfter;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param cause the underlying failure, or null
     * @param status the HTTP status, or 0 when there was no response
     * @param providerCode the provider's error code, or null
     * @param model the model called
     * @param retryAfter how long the provider asked to wait, or null
     */
    public RetriableModelException(
            String message,
            @Nullable Throwable cause,
            int status,
            @Nullable String providerCode,
            @Nullable String model,
            @Nullable Duration retryAfter) {
        super(message, cause, status, providerCode, model);
        this.retryAfter = retryAfter;
    }

    @Override
    public boolean isRetriable() {
        return true;
    }

    /**
     * How long the provider asked to wait before trying again ({@code Retry-After}).
     *
     * @return the wait, if given
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Too many requests (HTTP 429). */
    public static final class RateLimited extends RetriableModelException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message what went wrong
         * @param providerCode the provider's error code, or null
         * @param model the model called
         * @param retryAfter how long the provider asked to wait, or null
         */
        public RateLimited(String message, @Nullable String providerCode, String model, @Nullable Duration retryAfter) {
            super(message, null, 429, providerCode, model, retryAfter);
        }
    }

    /** The provider failed or is overloaded (HTTP 5xx, Anthropic's 529). */
    public static final class ServerError extends RetriableModelException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message what went wrong
         * @param status the HTTP status
         * @param providerCode the provider's error code, or null
         * @param model the model called
         * @param retryAfter how long the provider asked to wait, or null
         */
        public ServerError(
                String message,
                int status,
                @Nullable String providerCode,
                String model,
                @Nullable Duration retryAfter) {
            super(message, null, status, providerCode, model, retryAfter);
        }
    }

    /** No answer in time, or the connection failed. */
    public static final class Timeout extends RetriableModelException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message what went wrong
         * @param cause the underlying failure
         * @param model the model called
         */
        public Timeout(String message, @Nullable Throwable cause, String model) {
            super(message, cause, 0, null, model, null);
        }
    }
}
