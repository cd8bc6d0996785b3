package dev.dspj.lm.limit;

import dev.dspj.lm.retry.Scheduler;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces one model's {@link ModelLimits} for every caller in the JVM: get it with
 * {@link #shared(String, ModelLimits)}. Waiting holds no thread.
 */
public final class Limiter {

    private static final Logger LOG = LoggerFactory.getLogger(Limiter.class);
    private static final Map<String, Limiter> SHARED = new ConcurrentHashMap<>();

    private final ModelLimits limits;
    private final Scheduler clock;
    private final @Nullable AsyncSemaphore concurrency;
    private final @Nullable TokenBucket requests;
    private final @Nullable TokenBucket tokens;

    /**
     * Creates a limiter of its own (not shared).
     *
     * @param limits the limits
     * @param clock the clock waits use
     */
    public Limiter(ModelLimits limits, Scheduler clock) {
        this.limits = limits;
        this.clock = clock;
        this.concurrency =
                limits.maxConcurrentRequests() > 0 ? new AsyncSemaphore(limits.maxConcurrentRequests()) : null;
        this.requests = limits.requestsPerMinute() > 0 ? new TokenBucket(limits.requestsPerMinute(), clock) : null;
        this.tokens = limits.tokensPerMinute() > 0 ? new TokenBucket(limits.tokensPerMinute(), clock) : null;
    }

    /**
     * The limiter every client of one model shares. The first limits registered for a key win; a
     * client configured differently later is told so in the log.
     *
     * @param key identifies the model (provider, endpoint and model name)
     * @param limits the limits
     * @return the shared limiter
     */
    public static Limiter shared(String key, ModelLimits limits) {
        Limiter limiter = SHARED.computeIfAbsent(key, k -> new Limiter(limits, Scheduler.SYSTEM));
        if (!limiter.limits.equals(limits)) {
            LOG.warn("Limits for {} are already set to {} in this JVM; ignoring {}", key, limiter.limits, limits);
        }
        return limiter;
    }

    /**
     * Waits for room for one request of about {@code estimatedTokens} tokens.
     *
     * @param estimatedTokens the prompt's tokens plus the expected completion
     * @return a permit to release when the request ends
     */
    public CompletableFuture<Permit> acquire(long estimatedTokens) {
        CompletableFuture<Void> slot = concurrency == null ? null : concurrency.acquire();
        if (slot == null || isDoneNormally(slot)) {
            // the usual case, a free slot and no wait for the rate: no stages to run
            CompletableFuture<Void> rate = waitForRate(estimatedTokens);
            return isDoneNormally(rate)
                    ? CompletableFuture.completedFuture(new Permit(estimatedTokens))
                    : rate.thenApply(ignored -> new Permit(estimatedTokens));
        }
        return slot.thenCompose(ignored -> waitForRate(estimatedTokens))
                .thenApply(ignored -> new Permit(estimatedTokens));
    }

    private static boolean isDoneNormally(CompletableFuture<?> future) {
        return future.isDone() && !future.isCompletedExceptionally();
    }

    private CompletableFuture<Void> waitForRate(long estimatedTokens) {
        Duration wait = Duration.ZERO;
        if (requests != null) {
            wait = requests.tryTake(1);
        }
        if (wait.isZero() && tokens != null) {
            wait = tokens.tryTake((double) estimatedTokens);
            if (!wait.isZero() && requests != null) {
                requests.adjust(1);
            }
        }
        if (wait.isZero()) {
            return CompletableFuture.completedFuture(null);
        }
        return clock.delay(wait).thenCompose(ignored -> waitForRate(estimatedTokens));
    }

    /**
     * Requests in flight now.
     *
     * @return the count
     */
    public int inFlight() {
        return concurrency == null ? 0 : concurrency.inFlight();
    }

    /**
     * The most requests that were ever in flight at once.
     *
     * @return the peak
     */
    public int peakInFlight() {
        return concurrency == null ? 0 : concurrency.peak();
    }

    /**
     * The limits enforced.
     *
     * @return the limits
     */
    public ModelLimits limits() {
        return limits;
    }

    /** Room for one request; release it exactly once when the request ends. */
    public final class Permit {
        private final long estimatedTokens;
        private boolean released;

        private Permit(long estimatedTokens) {
            this.estimatedTokens = estimatedTokens;
        }

        /**
         * Ends the request, correcting the token budget with the tokens it really used.
         *
         * @param actualTokens the tokens used, or -1 when unknown (the estimate stands)
         */
        public void release(long actualTokens) {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            if (tokens != null && actualTokens >= 0) {
                tokens.adjust((double) (estimatedTokens - actualTokens));
            }
            if (concurrency != null) {
                concurrency.release();
            }
        }
    }
}
