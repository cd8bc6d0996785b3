package dev.dspj.module;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link BestOfN} and {@link Refine} when more attempts failed than their
 * {@code failCount} allows, or when every attempt failed. The cause is the error that ended the
 * attempts; the other attempts' errors are attached as suppressed exceptions, and
 * {@link #attempts()} lists every attempt made.
 */
public final class AttemptsFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Attempt> attempts;
    private final transient Map<String, Object> inputs;

    AttemptsFailedException(
            String message, @Nullable Throwable cause, List<Attempt> attempts, Map<String, Object> inputs) {
        super(message, cause);
        this.attempts = List.copyOf(attempts);
        this.inputs = inputs;
        for (Attempt attempt : this.attempts) {
            attempt.error().filter(error -> error != cause).ifPresent(this::addSuppressed);
        }
    }

    /**
     * Every attempt made, in order.
     *
     * @return the attempts
     */
    public List<Attempt> attempts() {
        return attempts;
    }

    /**
     * The inputs the module was run on.
     *
     * @return the inputs
     */
    public Map<String, Object> inputs() {
        return inputs;
    }
}
