package dev.dspj.optimize;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The options of the bootstrapping optimizers, as set on {@link BootstrapBuilder}; part of
 * {@link BootstrapFewShot.Options} and {@link BootstrapFewShotWithRandomSearch.Options}.
 *
 * @param metricThreshold the score a teacher run must reach, or null for any non-zero score
 * @param teacherSettings the teachers' model name ({@code model}) and settings overrides, by DSPy's
 *     names; empty for none
 * @param maxBootstrappedDemos the most bootstrapped demos per predictor
 * @param maxLabeledDemos the most demos per predictor once labeled examples fill up
 * @param maxRounds teacher runs per training example
 * @param maxErrors failures tolerated
 * @param callBudget the most model calls, 0 for no limit
 * @param teacherLookahead examples after the one being read whose teacher runs are made at once
 */
public record BootstrapOptions(
        @Nullable Double metricThreshold,
        Map<String, Object> teacherSettings,
        int maxBootstrappedDemos,
        int maxLabeledDemos,
        int maxRounds,
        int maxErrors,
        long callBudget,
        int teacherLookahead)
        implements OptimizerOptions {

    /**
     * Freezes the teacher settings.
     *
     * @param metricThreshold the threshold
     * @param teacherSettings the teachers' overrides
     * @param maxBootstrappedDemos bootstrapped demos
     * @param maxLabeledDemos labeled demos
     * @param maxRounds rounds
     * @param maxErrors errors
     * @param callBudget call budget
     * @param teacherLookahead teacher runs made ahead
     */
    public BootstrapOptions {
        teacherSettings = Collections.unmodifiableMap(new LinkedHashMap<>(teacherSettings));
    }
}
