package dev.dspj.evaluate;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link Evaluate#run} when the run stopped early: {@code maxErrors} examples failed (or
 * the calling thread was interrupted). The message says how many examples failed and were not
 * run, and shows the first few errors; {@link #result()} carries every result so far (failed
 * examples with their exceptions, unstarted ones as skipped), and the first failure is the cause.
 */
public final class EvaluationAbortedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** How many failures the message shows. */
    public static final int LISTED = 5;

    private final transient EvaluationResult result;

    /**
     * Creates the exception.
     *
     * @param result the partial result
     */
    public EvaluationAbortedException(EvaluationResult result) {
        super(message(result), firstFailure(result));
        this.result = result;
    }

    private static String message(EvaluationResult result) {
        int failed = result.failures().size();
        int total = result.results().size();
        int notRun = result.skipped().size();
        StringBuilder out = new StringBuilder("Evaluation stopped: ")
                .append(failed)
                .append(" of ")
                .append(total)
                .append(total == 1 ? " example" : " examples")
                .append(" failed");
        result.stopReason().ifPresent(reason -> out.append(" (").append(reason).append(')'));
        out.append("; ")
                .append(notRun)
                .append(notRun == 1 ? " example was" : " examples were")
                .append(" not run. ");
        out.append("Partial result: ").append(result).append('.');
        if (failed > 0) {
            out.append(" First errors:");
            int listed = 0;
            for (ExampleResult failure : result.failures()) {
                if (listed++ == LISTED) {
                    out.append("\n  ... and ").append(failed - LISTED).append(" more (see result().failures())");
                    break;
                }
                out.append("\n  ").append(failure.describe());
            }
        }
        return out.toString();
    }

    private static @Nullable Throwable firstFailure(EvaluationResult result) {
        return result.failures().isEmpty()
                ? null
                : result.failures().get(0).failure().orElse(null);
    }

    /**
     * The partial result: every example's outcome, in dataset order.
     *
     * @return the result
     */
    public EvaluationResult result() {
        return result;
    }
}
