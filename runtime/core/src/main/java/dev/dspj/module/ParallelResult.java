package dev.dspj.module;

import dev.dspj.primitives.Prediction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link Parallel} run produced: one {@link Outcome} per input, in input order, and why the
 * run stopped early, if it did. Immutable.
 */
public final class ParallelResult {

    /** What happened to one input. */
    public enum Status {
        /** The module returned a prediction. */
        SUCCEEDED,
        /** The module threw. */
        FAILED,
        /** The input was not started because the run stopped (maxErrors reached or interrupted). */
        SKIPPED
    }

    /** One input's outcome: its prediction, or the error it failed with, or why it was skipped. */
    public static final class Outcome {
        private final int index;
        private final Parallel.Task task;
        private final Status status;
        private final @Nullable Prediction prediction;
        private final @Nullable Throwable error;

        private Outcome(
                int index,
                Parallel.Task task,
                Status status,
                @Nullable Prediction prediction,
                @Nullable Throwable error) {
            this.index = index;
            this.task = task;
            this.status = status;
            this.prediction = prediction;
            this.error = error;
        }

        static Outcome succeeded(int index, Parallel.Task task, Prediction prediction) {
            return new Outcome(index, task, Status.SUCCEEDED, prediction, null);
        }

        static Outcome failed(int index, Parallel.Task task, Throwable error) {
            return new Outcome(index, task, Status.FAILED, null, error);
        }

        static Outcome skipped(int index, Parallel.Task task, Throwable reason) {
            return new Outcome(index, task, Status.SKIPPED, null, reason);
        }

        /**
         * The input's position, from 0.
         *
         * @return the index
         */
        public int index() {
            return index;
        }

        /**
         * The inputs the module was (or would have been) run on.
         *
         * @return the inputs
         */
        public Map<String, Object> inputs() {
            return task.inputs();
        }

        /**
         * The module the input was for.
         *
         * @return the module
         */
        public Module module() {
            return task.module();
        }

        /**
         * What happened.
         *
         * @return the status
         */
        public Status status() {
            return status;
        }

        /**
         * Whether the module returned a prediction.
         *
         * @return true for {@link Status#SUCCEEDED}
         */
        public boolean succeeded() {
            return status == Status.SUCCEEDED;
        }

        /**
         * The prediction, when the module returned one.
         *
         * @return the prediction
         */
        public Optional<Prediction> prediction() {
            return Optional.ofNullable(prediction);
        }

        /**
         * The error the module threw (unwrapped from the future), or, for a skipped input, a
         * {@link java.util.concurrent.CancellationException} saying why it was not run.
         *
         * @return the error
         */
        public Optional<Throwable> error() {
            return Optional.ofNullable(error);
        }

        /**
         * A one-line account naming the input, the module and the error.
         *
         * @return the description
         */
        public String describe() {
            String head = "input #" + index + " " + Modules.describe(task.inputs()) + " on "
                    + Modules.describe(task.module());
            return switch (status) {
                case SUCCEEDED -> head + ": succeeded";
                // a failed outcome always holds its error
                case FAILED -> head + ": failed: " + Modules.message(Objects.requireNonNull(error, "error"));
                case SKIPPED -> head + ": skipped";
            };
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    private final List<Outcome> outcomes;
    private final @Nullable String stopReason;

    ParallelResult(List<Outcome> outcomes, @Nullable String stopReason) {
        this.outcomes = List.copyOf(outcomes);
        this.stopReason = stopReason;
    }

    /**
     * Every input's outcome, in input order.
     *
     * @return the outcomes
     */
    public List<Outcome> outcomes() {
        return outcomes;
    }

    /**
     * The outcomes of the inputs that failed or were skipped, in input order.
     *
     * @return the outcomes
     */
    public List<Outcome> problems() {
        List<Outcome> problems = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (!outcome.succeeded()) {
                problems.add(outcome);
            }
        }
        return Collections.unmodifiableList(problems);
    }

    /**
     * How many inputs have this status.
     *
     * @param status the status
     * @return the count
     */
    public int count(Status status) {
        return (int) outcomes.stream().filter(o -> o.status() == status).count();
    }

    /**
     * Whether every input succeeded.
     *
     * @return true when there is no failure and nothing was skipped
     */
    public boolean allSucceeded() {
        return count(Status.SUCCEEDED) == outcomes.size();
    }

    /**
     * Whether the run stopped before starting every input.
     *
     * @return true when inputs were skipped
     */
    public boolean stoppedEarly() {
        return stopReason != null;
    }

    /**
     * Why the run stopped early, if it did: for example
     * {@code stopped after 3 failed inputs (maxErrors=3); inputs not yet started were skipped}.
     *
     * @return the reason
     */
    public Optional<String> stopReason() {
        return Optional.ofNullable(stopReason);
    }

    /**
     * The predictions in input order, with {@code null} where an input failed or was skipped
     * (DSPy's result list).
     *
     * @return the predictions, possibly with nulls
     */
    public List<Prediction> predictionsOrNull() {
        List<Prediction> predictions = new ArrayList<>(outcomes.size());
        for (Outcome outcome : outcomes) {
            predictions.add(outcome.prediction().orElse(null));
        }
        return Collections.unmodifiableList(predictions);
    }

    /**
     * The predictions in input order, when every input succeeded.
     *
     * @return the predictions
     * @throws ParallelExecutionException naming each failed or skipped input, with this result
     */
    public List<Prediction> predictions() {
        if (!allSucceeded()) {
            throw new ParallelExecutionException(this);
        }
        List<Prediction> predictions = new ArrayList<>(outcomes.size());
        for (Outcome outcome : outcomes) {
            predictions.add(outcome.prediction().orElseThrow());
        }
        return Collections.unmodifiableList(predictions);
    }

    @Override
    public String toString() {
        return "ParallelResult{succeeded=" + count(Status.SUCCEEDED) + ", failed=" + count(Status.FAILED) + ", skipped="
                + count(Status.SKIPPED) + (stopReason == null ? "" : ", stopped: " + stopReason) + "}";
    }
}
