package dev.dspj.module;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link ParallelResult#predictions()} when some inputs failed or were skipped. The
 * message names each of them (up to a few) with its module and error; {@link #result()} has every
 * outcome, and the first failure's error is the cause.
 */
public final class ParallelExecutionException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final int LISTED = 5;

    private final transient ParallelResult result;

    ParallelExecutionException(ParallelResult result) {
        super(message(result), firstError(result));
        this.result = result;
    }

    private static String message(ParallelResult result) {
        int failed = result.count(ParallelResult.Status.FAILED);
        int skipped = result.count(ParallelResult.Status.SKIPPED);
        StringBuilder out = new StringBuilder("Parallel: ")
                .append(failed)
                .append(" of ")
                .append(result.outcomes().size())
                .append(" inputs failed");
        if (skipped > 0) {
            out.append(" and ").append(skipped).append(" were not run");
        }
        result.stopReason().ifPresent(reason -> out.append(" (").append(reason).append(')'));
        int listed = 0;
        for (ParallelResult.Outcome outcome : result.problems()) {
            if (outcome.status() != ParallelResult.Status.FAILED) {
                continue;
            }
            if (listed++ == LISTED) {
                out.append("\n  ...");
                break;
            }
            out.append("\n  ").append(outcome.describe());
        }
        return out.toString();
    }

    private static @Nullable Throwable firstError(ParallelResult result) {
        for (ParallelResult.Outcome outcome : result.problems()) {
            if (outcome.status() == ParallelResult.Status.FAILED) {
                return outcome.error().orElse(null);
            }
        }
        return null;
    }

    /**
     * Every input's outcome.
     *
     * @return the result
     */
    public ParallelResult result() {
        return result;
    }
}
