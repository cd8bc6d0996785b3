package dev.dspj.sim;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What the faults that strike one request do to it.
 *
 * @param error an error to answer with instead of a completion, or null
 * @param hang whether to never answer
 * @param extraDelay a delay before answering (zero for none)
 * @param content a fault that changes the answer's text, or null
 */
record FaultPlan(
        @Nullable Fault error,
        boolean hang,
        Duration extraDelay,
        @Nullable Fault content) {

    /** No fault. */
    static final FaultPlan NONE = new FaultPlan(null, false, Duration.ZERO, null);
}
