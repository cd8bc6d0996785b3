package dev.dspj.variable.objective;

import java.util.Objects;

/**
 * One example that failed during a trial's evaluation, and why. Kept with the trial so nothing is
 * silently dropped.
 *
 * @param index the example's position in the evaluated set
 * @param reason what went wrong (the exception's message)
 */
public record Failure(int index, String reason) {

    /**
     * Checks the parts.
     *
     * @param index the example's position
     * @param reason what went wrong
     */
    public Failure {
        Objects.requireNonNull(reason, "reason");
    }
}
