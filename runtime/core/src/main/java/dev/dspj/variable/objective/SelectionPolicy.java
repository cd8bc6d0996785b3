package dev.dspj.variable.objective;

/**
 * How a search picks the one configuration to use from its feasible, fully evaluated trials.
 */
public enum SelectionPolicy {
    /** The highest weighted score over all objectives (each normalized across the trials). */
    BALANCED,
    /** The highest accuracy; ties (within 1e-9) go to the lower cost, then the lower latency. */
    ACCURACY_FIRST,
    /** The lowest cost per call among the configurations that meet the constraints; ties go to accuracy. */
    CHEAPEST_MEETING_CONSTRAINTS
}
