package dev.dspj.variable.tune;

import dev.dspj.variable.Configuration;
import java.util.Objects;

/**
 * A trial whose evaluation threw instead of measuring: kept in the result (and the study) with
 * the reason, never dropped.
 *
 * @param number the trial's number in its study
 * @param configuration the configuration
 * @param error what went wrong
 */
public record FailedTrial(int number, Configuration configuration, String error) {

    /**
     * Checks the parts.
     *
     * @param number the number
     * @param configuration the configuration
     * @param error the error
     */
    public FailedTrial {
        Objects.requireNonNull(configuration, "configuration");
        error = error == null ? "" : error;
    }
}
