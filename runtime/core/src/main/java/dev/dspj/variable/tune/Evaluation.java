package dev.dspj.variable.tune;

import dev.dspj.variable.objective.Measurement;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of evaluating one configuration at one stage.
 *
 * @param measurement what was measured
 * @param artifactJson what the evaluation produced that the configuration alone does not
 *     reproduce (for a composed search, the compiled program's saved state), or null
 */
public record Evaluation(Measurement measurement, @Nullable String artifactJson) {

    /**
     * Checks the parts.
     *
     * @param measurement the measurement
     * @param artifactJson the artifact, or null
     */
    public Evaluation {
        Objects.requireNonNull(measurement, "measurement");
    }

    /**
     * An evaluation with no artifact.
     *
     * @param measurement the measurement
     * @return the evaluation
     */
    public static Evaluation of(Measurement measurement) {
        return new Evaluation(measurement, null);
    }
}
