package dev.dspj.optimize;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Progress of an optimizer run, sent to the listener given with {@code listener(...)} on the
 * optimizer's builder (the same news is logged through SLF4J at info level). Listeners may be
 * called from several threads, one event at a time.
 *
 * @param optimizer the optimizer's name, for example {@code BootstrapFewShot}
 * @param kind what happened
 * @param message a readable description
 * @param candidate the candidate program concerned (random search seeds run from -3), or null
 * @param score the score concerned, or null
 * @param done how many steps of the current phase are done
 * @param total how many steps the current phase has (0 when unknown)
 * @param callsSoFar the model calls the run has made so far
 */
public record OptimizerEvent(
        String optimizer,
        Kind kind,
        String message,
        @Nullable Integer candidate,
        @Nullable Double score,
        int done,
        int total,
        long callsSoFar) {

    /** What an event reports. */
    public enum Kind {
        /** The run started. */
        STARTED,
        /** A step finished: a training example bootstrapped (or not), a candidate built. */
        PROGRESS,
        /** A candidate program was scored. */
        CANDIDATE_SCORED,
        /** A candidate program beat every earlier one. */
        NEW_BEST,
        /** The run stopped before doing everything it could (stop score or call budget reached). */
        STOPPED,
        /** The run finished and returned its program. */
        FINISHED
    }

    /**
     * Checks the event.
     *
     * @param optimizer the optimizer's name
     * @param kind what happened
     * @param message a description
     * @param candidate the candidate, or null
     * @param score the score, or null
     * @param done steps done
     * @param total steps in the phase
     * @param callsSoFar calls so far
     */
    public OptimizerEvent {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    /**
     * The candidate concerned, if any.
     *
     * @return the candidate's seed
     */
    public OptionalInt candidateSeed() {
        return candidate == null ? OptionalInt.empty() : OptionalInt.of(candidate);
    }

    /**
     * The score concerned, if any.
     *
     * @return the score
     */
    public OptionalDouble scoreValue() {
        return score == null ? OptionalDouble.empty() : OptionalDouble.of(score);
    }

    @Override
    public String toString() {
        return optimizer + " " + kind + ": " + message;
    }
}
