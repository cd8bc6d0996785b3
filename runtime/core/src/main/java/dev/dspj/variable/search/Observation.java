package dev.dspj.variable.search;

import dev.dspj.variable.Configuration;
import java.util.Arrays;
import java.util.Objects;

/**
 * A finished trial as a {@link Sampler} sees it: the configuration evaluated and its objective
 * values, all oriented to be <em>maximized</em> (the caller negates minimized objectives such as
 * cost or latency).
 *
 * @param configuration the configuration evaluated
 * @param values the objective values, at least one, finite; the array is copied
 */
@SuppressWarnings("ArrayRecordComponent") // equals, hashCode, toString and the accessor handle the array
public record Observation(Configuration configuration, double[] values) {

    /**
     * Checks and copies the parts.
     *
     * @param configuration the configuration evaluated
     * @param values the objective values
     * @throws IllegalArgumentException when there is no value or a value is not finite
     */
    public Observation {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(values, "values");
        if (values.length == 0) {
            throw new IllegalArgumentException(
                    "an observation of " + configuration + " needs at least one objective value");
        }
        values = values.clone();
        for (double value : values) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("objective values must be finite, got " + Arrays.toString(values)
                        + " for " + configuration + "; leave failed trials out of the history");
            }
        }
    }

    /**
     * An observation.
     *
     * @param configuration the configuration evaluated
     * @param values the objective values, oriented to be maximized
     * @return the observation
     */
    public static Observation of(Configuration configuration, double... values) {
        return new Observation(configuration, values);
    }

    /**
     * The objective values (a copy).
     *
     * @return the values, oriented to be maximized
     */
    @Override
    public double[] values() {
        return values.clone();
    }

    /**
     * One objective value.
     *
     * @param objective the objective's index
     * @return its value
     */
    public double value(int objective) {
        return values[objective];
    }

    /**
     * The number of objectives.
     *
     * @return the count
     */
    public int objectiveCount() {
        return values.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Observation that
                && configuration.equals(that.configuration)
                && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * configuration.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Observation" + configuration + " -> " + Arrays.toString(values);
    }
}
