package dev.dspj.variable.tune;

import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How much a search may spend: trials, model calls, dollars and wall time, whichever runs out
 * first. Trials, calls and dollars count over the whole study, so a resumed or shared study
 * continues the same budget. A search never starts a trial that, by the average of the trials
 * so far, would take it past the call or dollar limit; the trials already running finish, so the
 * search stops cleanly with every finished trial recorded.
 *
 * <pre>{@code
 * Budget budget = Budget.trials(60).maxCalls(20_000).maxCostUsd(2.00).maxDuration(Duration.ofMinutes(30));
 * }</pre>
 *
 * @param maxTrials the most trials in the study
 * @param maxCalls the most model calls (cache hits not counted); {@code Long.MAX_VALUE} for no limit
 * @param maxCostUsd the most dollars spent; infinite for no limit
 * @param maxDuration the longest wall time of one run; {@code null} for no limit
 */
public record Budget(
        int maxTrials,
        long maxCalls,
        double maxCostUsd,
        @Nullable Duration maxDuration) {

    /**
     * Checks the limits.
     *
     * @param maxTrials the trial limit
     * @param maxCalls the call limit
     * @param maxCostUsd the dollar limit
     * @param maxDuration the time limit
     */
    public Budget {
        if (maxTrials < 1) {
            throw new IllegalArgumentException("budget maxTrials must be at least 1, got " + maxTrials);
        }
        if (maxCalls < 1) {
            throw new IllegalArgumentException("budget maxCalls must be at least 1, got " + maxCalls);
        }
        if (!(maxCostUsd > 0)) {
            throw new IllegalArgumentException("budget maxCostUsd must be > 0, got " + maxCostUsd);
        }
        if (maxDuration != null && (maxDuration.isNegative() || maxDuration.isZero())) {
            throw new IllegalArgumentException("budget maxDuration must be positive, got " + maxDuration);
        }
    }

    /**
     * A budget of a number of trials and nothing else.
     *
     * @param trials the most trials in the study
     * @return the budget
     */
    public static Budget trials(int trials) {
        return new Budget(trials, Long.MAX_VALUE, Double.POSITIVE_INFINITY, null);
    }

    /**
     * A copy with a call limit.
     *
     * @param calls the most model calls
     * @return the copy
     */
    public Budget maxCalls(long calls) {
        return new Budget(maxTrials, calls, maxCostUsd, maxDuration);
    }

    /**
     * A copy with a dollar limit.
     *
     * @param usd the most dollars
     * @return the copy
     */
    public Budget maxCostUsd(double usd) {
        return new Budget(maxTrials, maxCalls, usd, maxDuration);
    }

    /**
     * A copy with a time limit for one run.
     *
     * @param duration the longest wall time
     * @return the copy
     */
    public Budget maxDuration(Duration duration) {
        return new Budget(maxTrials, maxCalls, maxCostUsd, duration);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(maxTrials + " trials");
        if (maxCalls != Long.MAX_VALUE) {
            text.append(", ").append(maxCalls).append(" calls");
        }
        if (Double.isFinite(maxCostUsd)) {
            text.append(String.format(Locale.ROOT, ", $%.2f", maxCostUsd));
        }
        if (maxDuration != null) {
            text.append(", ").append(maxDuration);
        }
        return text.toString();
    }
}
