package dev.dspj.sim;

import org.jspecify.annotations.Nullable;

/** A request the simulated server rejects with HTTP 400, naming the parameter at fault. */
final class BadRequest extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ApiError error;

    BadRequest(String message, @Nullable String param, @Nullable String code) {
        super(message);
        this.error = ApiError.invalid(message, param, code);
    }

    ApiError error() {
        return error;
    }
}
