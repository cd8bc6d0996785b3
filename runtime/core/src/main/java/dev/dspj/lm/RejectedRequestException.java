package dev.dspj.lm;

import org.jspecify.annotations.Nullable;

/**
 * The provider rejected the request and trying again will not help: bad request (400, 422),
 * authentication (401, 403), unknown model or endpoint (404), or a prompt longer than the
 * model's context window. Never retried.
 */
public class RejectedRequestException extends LanguageModelException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param status the HTTP status
     * @param providerCode the provider's error code, or null
     * @param model the model called
     */
    public RejectedRequestException(String message, int status, @Nullable String providerCode, String model) {
        super(message, null, status, providerCode, model);
    }

    /** The API key is missing, wrong or not allowed to use the model (401, 403). */
    public static final class Authentication extends RejectedRequestException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message what went wrong
         * @param status 401 or 403
         * @param providerCode the provider's error code, or null
         * @param model the model called
         */
        public Authentication(String message, int status, @Nullable String providerCode, String model) {
            super(message, status, providerCode, model);
        }
    }

    /** The model or endpoint does not exist (404). */
    public static final class NotFound extends RejectedRequestException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message what went wrong
         * @param providerCode the provider's error code, or null
         * @param model the model called
         */
        public NotFound(String message, @Nullable String providerCode, String model) {
            super(message, 404, providerCode, model);
        }
    }

    /** The prompt does not fit the model's context window. */
    public static final class ContextWindowExceeded extends RejectedRequestException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message what went wrong
         * @param status the HTTP status (usually 400)
         * @param providerCode the provider's error code, or null
         * @param model the model called
         */
        public ContextWindowExceeded(String message, int status, @Nullable String providerCode, String model) {
            super(message, status, providerCode, model);
        }
    }
}
