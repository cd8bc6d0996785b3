package dev.dspj.observe;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The end of one observed call: its outputs or the failure that ended it.
 *
 * @param start the call's start
 * @param outputs what it returned (a {@code Prediction}, the model's {@code LmResponse}, the
 *     formatted messages, the parsed values, the tool's result, the evaluation's or the compile's
 *     result), or null when it failed
 * @param error the failure, or null when it returned
 * @param durationNanos how long it took
 */
public record CallEnd(
        CallStart start, @Nullable Object outputs, @Nullable Throwable error, long durationNanos) {

    /**
     * Validates the end.
     *
     * @param start the start
     * @param outputs the outputs, or null
     * @param error the failure, or null
     * @param durationNanos the duration
     */
    public CallEnd {
        Objects.requireNonNull(start, "start");
    }

    /**
     * The call's kind.
     *
     * @return the kind of its start
     */
    public EventKind kind() {
        return start.kind();
    }

    /**
     * The call's id.
     *
     * @return the id of its start
     */
    public String callId() {
        return start.callId();
    }

    /**
     * Whether the call failed.
     *
     * @return true when it ended with an error
     */
    public boolean failed() {
        return error != null;
    }

    /**
     * The failure, if the call failed.
     *
     * @return the error
     */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(error);
    }

    /**
     * How long the call took.
     *
     * @return the duration
     */
    public Duration duration() {
        return Duration.ofNanos(durationNanos);
    }
}
