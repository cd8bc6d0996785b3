package dev.dspj.sim;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * An error the simulated server answers with, before it is written in a provider's shape.
 *
 * @param status the HTTP status
 * @param kind what went wrong
 * @param message the message, worded like the provider's
 * @param param the request parameter at fault, or null
 * @param code the provider's error code (OpenAI's {@code code}), or null
 * @param retryAfter the wait a 429 asks for, or null
 */
record ApiError(
        int status,
        Kind kind,
        String message,
        @Nullable String param,
        @Nullable String code,
        @Nullable Duration retryAfter) {

    /** What went wrong. */
    enum Kind {
        /** A malformed or invalid request (400), or a method not allowed (405). */
        INVALID_REQUEST,
        /** A missing or wrong API key (401). */
        AUTHENTICATION,
        /** An unknown model or path (404). */
        NOT_FOUND,
        /** Too many requests (429). */
        RATE_LIMIT,
        /** The server failed or is overloaded (5xx). */
        SERVER_ERROR,
        /** The prompt does not fit the model's context window (400). */
        CONTEXT_LENGTH
    }

    static ApiError invalid(String message, @Nullable String param, @Nullable String code) {
        return new ApiError(400, Kind.INVALID_REQUEST, message, param, code, null);
    }

    static ApiError notFound(String message, @Nullable String code) {
        return new ApiError(404, Kind.NOT_FOUND, message, null, code, null);
    }

    static ApiError methodNotAllowed(String method, String path) {
        return new ApiError(
                405,
                Kind.INVALID_REQUEST,
                "Method " + method + " is not allowed on " + path,
                null,
                "method_not_allowed",
                null);
    }
}
