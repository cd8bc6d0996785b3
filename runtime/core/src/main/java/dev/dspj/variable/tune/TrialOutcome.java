package dev.dspj.variable.tune;

import dev.dspj.variable.Configuration;
import dev.dspj.variable.objective.Measurement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One finished trial of a search: the configuration, how far it was evaluated, what was measured
 * and each objective's value.
 *
 * @param number the trial's number in its study (0-based, in order of creation)
 * @param configuration the configuration evaluated
 * @param stage {@link #SCREEN} when only the minibatch was evaluated, {@link #FULL} when the whole
 *     set was
 * @param measurement what was measured
 * @param values each objective's value, by objective name
 * @param violations the constraints the measurement breaks, in words; empty when feasible
 * @param artifactJson what the evaluation produced beyond the configuration (a composed search's
 *     compiled program state), or null
 * @param started when the trial started
 * @param finished when it finished
 * @param worker which process ran it
 * @param fromEarlierRun whether the trial was finished before this run started (a resumed study)
 *     or by another process sharing the study
 */
public record TrialOutcome(
        int number,
        Configuration configuration,
        String stage,
        Measurement measurement,
        Map<String, Double> values,
        List<String> violations,
        @Nullable String artifactJson,
        Instant started,
        Instant finished,
        String worker,
        boolean fromEarlierRun) {

    /** The stage of a trial evaluated on the minibatch only. */
    public static final String SCREEN = "screen";
    /** The stage of a trial evaluated on the whole set. */
    public static final String FULL = "full";

    /**
     * Checks and copies the parts.
     *
     * @param number the number
     * @param configuration the configuration
     * @param stage the stage
     * @param measurement the measurement
     * @param values the objective values
     * @param violations the violated constraints
     * @param artifactJson the artifact or null
     * @param started the start
     * @param finished the end
     * @param worker the worker
     * @param fromEarlierRun whether finished before this run or elsewhere
     */
    public TrialOutcome {
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(measurement, "measurement");
        values = Map.copyOf(values);
        violations = List.copyOf(violations);
        worker = worker == null ? "" : worker;
    }

    /**
     * Whether the whole set was evaluated.
     *
     * @return true for a full trial
     */
    public boolean isFull() {
        return FULL.equals(stage);
    }

    /**
     * Whether the trial meets every constraint.
     *
     * @return true when feasible
     */
    public boolean feasible() {
        return violations.isEmpty();
    }

    /**
     * An objective's value.
     *
     * @param objective the objective's name
     * @return the value
     * @throws IllegalArgumentException when the trial has no such objective
     */
    public double value(String objective) {
        Double value = values.get(objective);
        if (value == null) {
            throw new IllegalArgumentException(
                    "trial " + number + " has no objective '" + objective + "'; it has " + values.keySet());
        }
        return value;
    }

    /**
     * The wall time of the trial.
     *
     * @return the duration; zero when unknown
     */
    public Duration duration() {
        return started == null || finished == null ? Duration.ZERO : Duration.between(started, finished);
    }
}
