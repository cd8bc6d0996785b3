package dev.dspj.sim;

/** A request the simulated server rejects with HTTP 400, naming the parameter at fault. */
final class BadRequest extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ApiError error;

    BadRequest(String message, String param, String code) {
        super(message);
        this.error = ApiError.invalid(message, param, code);
    }

    ApiError error() {
        return error;
    }
}
