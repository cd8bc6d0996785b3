package dev.dspj.module;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bookkeeping DSPy's {@code BestOfN} and {@code Refine} share: the best prediction so far
 * (the first with the highest reward), and the failure budget, counted per call: the attempts
 * stop with an error once more than {@code failCount} attempts failed, or when all failed.
 */
final class AttemptLog {

    private final Logger log;
    private final String owner;
    private final Module module;
    private final Map<String, Object> inputs;
    private final int n;
    private final double threshold;
    private final int failCount;
    private final List<Attempt> attempts = new ArrayList<>();
    private @Nullable Attempt best;
    private int failures;

    AttemptLog(Class<?> owner, Module module, Map<String, Object> inputs, int n, double threshold, int failCount) {
        this.log = LoggerFactory.getLogger(owner);
        this.owner = owner.getSimpleName();
        this.module = module;
        this.inputs = inputs;
        this.n = n;
        this.threshold = threshold;
        this.failCount = failCount;
    }

    /**
     * Records an attempt: a scored prediction becomes the best when its reward is higher than the
     * best so far; an error counts against the budget.
     *
     * @return whether the attempt's reward reached the threshold
     * @throws AttemptsFailedException when more than failCount attempts have failed
     */
    boolean record(Attempt attempt) {
        attempts.add(attempt);
        boolean passed = false;
        if (attempt.prediction().isPresent() && attempt.reward().isPresent()) {
            double reward = attempt.reward().getAsDouble();
            if (best == null || reward > best.reward().getAsDouble()) {
                best = attempt;
            }
            passed = reward >= threshold;
        }
        if (attempt.failed()) {
            failures++;
            Throwable error = attempt.error().orElseThrow();
            log.warn(
                    "{}: attempt {} of {} failed with rollout id {} for {}: {}",
                    owner,
                    attempt.index() + 1,
                    n,
                    attempt.rolloutId(),
                    Modules.describe(module),
                    Modules.message(error));
            if (failures > failCount) {
                throw failed(
                        failures + " of " + attempts.size() + " attempts failed, more than failCount=" + failCount,
                        error);
            }
        }
        return passed;
    }

    /**
     * The result, once the attempts are over.
     *
     * @throws AttemptsFailedException when no attempt produced a scored prediction
     */
    AttemptsResult finish() {
        if (best == null) {
            Throwable last = null;
            for (Attempt attempt : attempts) {
                last = attempt.error().orElse(last);
            }
            throw failed("all " + attempts.size() + " attempts failed", last);
        }
        return new AttemptsResult(best, attempts, threshold);
    }

    private AttemptsFailedException failed(String reason, @Nullable Throwable cause) {
        StringBuilder message = new StringBuilder(owner)
                .append(" over ")
                .append(Modules.describe(module))
                .append(": ")
                .append(reason)
                .append(" for inputs ")
                .append(Modules.describe(inputs));
        for (Attempt attempt : attempts) {
            message.append("\n  ").append(attempt);
        }
        return new AttemptsFailedException(message.toString(), cause, attempts, inputs);
    }
}
