package dev.dspj.evaluate;

import dev.dspj.module.TraceEntry;
import dev.dspj.primitives.Example;
import dev.dspj.primitives.Prediction;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What happened to one example of an evaluation: its prediction, the metric's verdict, or the
 * exception it failed with (a failure scores 0 and is never dropped), how long the program took,
 * and the predictor calls it made. Immutable.
 */
public final class ExampleResult {

    /** What happened to an example. */
    public enum Status {
        /** The program returned a prediction and the metric scored it. */
        SCORED,
        /** The program or the metric threw; the example scores 0. */
        FAILED,
        /** The example was not run because the evaluation stopped (maxErrors reached or interrupted). */
        SKIPPED
    }

    /** Where a failure happened. */
    public enum Stage {
        /** The program threw (or returned null). */
        PROGRAM,
        /** The metric threw (or returned null); the prediction is kept. */
        METRIC,
        /** The example was never started. */
        NOT_RUN
    }

    private static final MetricResult ZERO = MetricResult.of(0);

    private final int index;
    private final Example example;
    private final @Nullable Prediction prediction;
    private final MetricResult metric;
    private final @Nullable Throwable failure;
    private final @Nullable Stage stage;
    private final Duration latency;
    private final List<TraceEntry> trace;

    private ExampleResult(
            int index,
            Example example,
            @Nullable Prediction prediction,
            MetricResult metric,
            @Nullable Throwable failure,
            @Nullable Stage stage,
            Duration latency,
            List<TraceEntry> trace) {
        this.index = index;
        this.example = Objects.requireNonNull(example, "example");
        this.prediction = prediction;
        this.metric = Objects.requireNonNull(metric, "metric");
        this.failure = failure;
        this.stage = stage;
        this.latency = Objects.requireNonNull(latency, "latency");
        this.trace = List.copyOf(trace);
    }

    /**
     * A scored example.
     *
     * @param index the position in the dev set, from 0
     * @param example the example
     * @param prediction what the program returned
     * @param metric the metric's verdict
     * @param latency how long the program took
     * @param trace the predictor calls it made
     * @return the result
     */
    public static ExampleResult scored(
            int index,
            Example example,
            Prediction prediction,
            MetricResult metric,
            Duration latency,
            List<TraceEntry> trace) {
        return new ExampleResult(
                index, example, Objects.requireNonNull(prediction, "prediction"), metric, null, null, latency, trace);
    }

    /**
     * A failed example, scoring 0.
     *
     * @param index the position in the dev set, from 0
     * @param example the example
     * @param prediction what the program returned when the metric failed, or null
     * @param failure what was thrown
     * @param stage where
     * @param latency how long the program took
     * @param trace the predictor calls it made
     * @return the result
     */
    public static ExampleResult failed(
            int index,
            Example example,
            @Nullable Prediction prediction,
            Throwable failure,
            Stage stage,
            Duration latency,
            List<TraceEntry> trace) {
        return new ExampleResult(
                index,
                example,
                prediction,
                ZERO,
                Objects.requireNonNull(failure, "failure"),
                Objects.requireNonNull(stage, "stage"),
                latency,
                trace);
    }

    /**
     * An example that was not run, scoring 0.
     *
     * @param index the position in the dev set, from 0
     * @param example the example
     * @param reason why it was not run (a {@link java.util.concurrent.CancellationException})
     * @return the result
     */
    public static ExampleResult skipped(int index, Example example, Throwable reason) {
        return new ExampleResult(
                index,
                example,
                null,
                ZERO,
                Objects.requireNonNull(reason, "reason"),
                Stage.NOT_RUN,
                Duration.ZERO,
                List.of());
    }

    /**
     * The example's position in the dev set, from 0.
     *
     * @return the index
     */
    public int index() {
        return index;
    }

    /**
     * The example.
     *
     * @return the example
     */
    public Example example() {
        return example;
    }

    /**
     * What the program returned, when it returned (also when the metric then failed).
     *
     * @return the prediction
     */
    public Optional<Prediction> prediction() {
        return Optional.ofNullable(prediction);
    }

    /**
     * The metric's verdict; a score of 0 for failed and skipped examples.
     *
     * @return the verdict
     */
    public MetricResult metric() {
        return metric;
    }

    /**
     * The score: the metric's, or 0 for a failed or skipped example.
     *
     * @return the score
     */
    public double score() {
        return metric.score();
    }

    /**
     * What the program or the metric threw; for a skipped example, a
     * {@link java.util.concurrent.CancellationException} saying why it was not run.
     *
     * @return the exception
     */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Where the failure happened, for failed and skipped examples.
     *
     * @return the stage
     */
    public Optional<Stage> failedIn() {
        return Optional.ofNullable(stage);
    }

    /**
     * What happened.
     *
     * @return the status
     */
    public Status status() {
        if (failure == null) {
            return Status.SCORED;
        }
        return stage == Stage.NOT_RUN ? Status.SKIPPED : Status.FAILED;
    }

    /**
     * Whether the program and the metric both succeeded (whatever the score).
     *
     * @return true for {@link Status#SCORED}
     */
    public boolean scored() {
        return failure == null;
    }

    /**
     * How long the program took on this example (the metric not included); zero when skipped.
     *
     * @return the latency
     */
    public Duration latency() {
        return latency;
    }

    /**
     * The predictor calls the program made on this example, in the order they finished.
     *
     * @return the calls
     */
    public List<TraceEntry> trace() {
        return trace;
    }

    /**
     * A one-line account: {@code #3 {question=What is...}: failed in PROGRAM: RetriableModelException: ...}.
     *
     * @return the description
     */
    public String describe() {
        String head = "#" + index + " " + Texts.shorten(String.valueOf(inputsOrValues()), 80);
        return switch (status()) {
            case SCORED -> head + ": score " + Texts.number(metric.score());
            case FAILED ->
                head + ": failed in "
                        + Objects.requireNonNull(stage, "stage").name().toLowerCase(java.util.Locale.ROOT) + ": "
                        + Texts.errorText(failure);
            case SKIPPED -> head + ": not run";
        };
    }

    private Object inputsOrValues() {
        return example.inputKeys().isEmpty() ? example.values() : example.inputs();
    }

    @Override
    public String toString() {
        return describe();
    }
}
