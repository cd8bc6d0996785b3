package dev.dspj.optimize;

import dev.dspj.lm.usage.ModelUsage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What an optimizer run spent and found: model calls, tokens and cost, the candidates it scored,
 * why it stopped, and the options it ran with. Each compile's result has its own
 * ({@code optimizer.compileWithResult(student, trainset).report()}).
 *
 * <p>Calls, tokens and cost are counted on the models of the programs the optimizer ran (the
 * teacher while bootstrapping, each candidate while it was scored), whatever the model (HTTP
 * clients, the in-process simulated model, a scripted model), and only those: work running at the
 * same time elsewhere in the JVM is not counted. These are the calls the call budget limits. Cost
 * uses {@link dev.dspj.lm.usage.PriceTable#defaults()}; cache hits cost nothing. Calls a metric
 * makes on its own (an LM judge) are not in these counts; {@link #trackerUsage()} has every call
 * reported to {@link dev.dspj.lm.usage.UsageTracker} while the run was open, theirs included (and
 * any other work's).
 *
 * @param optimizer the optimizer's name
 * @param calls model calls made by the programs the optimizer ran (cache hits and failures included)
 * @param cacheHits calls answered from a cache
 * @param failedCalls calls that failed
 * @param promptTokens prompt tokens of the answered calls
 * @param completionTokens completion tokens of the answered calls
 * @param costUsd their cost in USD
 * @param byModel the same totals per model
 * @param trackerUsage every call model clients reported to {@link dev.dspj.lm.usage.UsageTracker} during the run
 * @param candidates the candidate programs scored, in the order they were scored
 * @param bestCandidate the seed of the candidate returned, if candidates were scored
 * @param bootstrapAttempts teacher runs made to bootstrap demos
 * @param bootstrapped training examples whose teacher run passed the metric and gave demos
 * @param errors teacher runs or candidate scorings that failed with an exception
 * @param stoppedReason {@code completed}, or why the run stopped early, for example
 *     {@code stopped: call budget 200 reached}
 * @param elapsed wall time of the run
 * @param options the optimizer's options as JSON ({@link OptimizerOptions#toJson()}), enough to
 *     configure the same run again; {@code {}} when none were given
 */
public record OptimizerReport(
        String optimizer,
        long calls,
        long cacheHits,
        long failedCalls,
        long promptTokens,
        long completionTokens,
        BigDecimal costUsd,
        List<ModelUsage> byModel,
        ModelUsage trackerUsage,
        List<CandidateScore> candidates,
        @Nullable Integer bestCandidate,
        int bootstrapAttempts,
        int bootstrapped,
        int errors,
        String stoppedReason,
        Duration elapsed,
        String options) {

    /** The stop reason of a run that did everything it set out to do. */
    public static final String COMPLETED = "completed";

    /**
     * One scored candidate program.
     *
     * @param seed DSPy's candidate seed: -3 zero-shot, -2 labeled demos only, -1 unshuffled
     *     bootstrap, 0 and up shuffled bootstrap with a random demo count
     * @param description what the candidate is
     * @param score its mean metric score on the validation set, failures counting 0
     * @param demos the number of demos over all its predictors
     */
    public record CandidateScore(int seed, String description, double score, int demos) {
        /**
         * Checks the candidate.
         *
         * @param seed the seed
         * @param description what it is
         * @param score its score
         * @param demos its demo count
         */
        public CandidateScore {
            Objects.requireNonNull(description, "description");
        }
    }

    /**
     * Freezes the lists.
     *
     * @param optimizer the optimizer's name
     * @param calls calls
     * @param cacheHits cache hits
     * @param failedCalls failed calls
     * @param promptTokens prompt tokens
     * @param completionTokens completion tokens
     * @param costUsd cost
     * @param byModel per model
     * @param trackerUsage what the usage tracker saw
     * @param candidates scored candidates
     * @param bestCandidate the returned candidate's seed, or null
     * @param bootstrapAttempts teacher runs
     * @param bootstrapped examples that gave demos
     * @param errors failures
     * @param stoppedReason why the run ended
     * @param elapsed wall time
     * @param options the options as JSON, or null for none
     */
    public OptimizerReport {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(costUsd, "costUsd");
        byModel = List.copyOf(byModel);
        Objects.requireNonNull(trackerUsage, "trackerUsage");
        candidates = List.copyOf(candidates);
        Objects.requireNonNull(stoppedReason, "stoppedReason");
        Objects.requireNonNull(elapsed, "elapsed");
        options = options == null ? "{}" : options;
    }

    /**
     * Prompt plus completion tokens.
     *
     * @return the total
     */
    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /**
     * Whether the run stopped before doing everything (a stop score or the call budget).
     *
     * @return true when stopped early
     */
    public boolean stoppedEarly() {
        return !COMPLETED.equals(stoppedReason);
    }

    /**
     * The best score among the candidates, if any were scored.
     *
     * @return the best score
     */
    public Optional<Double> bestScore() {
        return candidates.stream().map(CandidateScore::score).max(Double::compare);
    }

    /**
     * The seed of the candidate returned, if candidates were scored.
     *
     * @return the seed
     */
    public Optional<Integer> best() {
        return Optional.ofNullable(bestCandidate);
    }

    /**
     * A one-line summary: calls, tokens, cost, best score and the stop reason.
     *
     * @return the summary
     */
    public String summary() {
        return String.format(
                java.util.Locale.ROOT,
                "%s: %d calls, %d tokens, $%s%s, %s in %d ms",
                optimizer,
                calls,
                totalTokens(),
                costUsd.stripTrailingZeros().toPlainString(),
                bestScore()
                        .map(s -> String.format(
                                java.util.Locale.ROOT,
                                ", best score %.3f (candidate %d; %d scored)",
                                s,
                                bestCandidate,
                                candidates.size()))
                        .orElse(""),
                stoppedReason,
                elapsed.toMillis());
    }
}
