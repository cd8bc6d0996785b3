package dev.dspj.lm.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * How failed calls are retried: up to {@link #maxAttempts()} attempts in all, waiting an
 * exponentially growing, jittered delay between them, never less than the provider's
 * {@code Retry-After}. Immutable.
 */
public final class RetryPolicy {

    /** Attempts by default: the first call and three retries (DSPy's {@code num_retries=3}). */
    public static final int DEFAULT_MAX_ATTEMPTS = 4;
    /** The first retry's base delay by default. */
    public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(500);
    /** The longest delay by default. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);

    /** The defaults. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(
            DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_DELAY, DEFAULT_MAX_DELAY, ThreadLocalRandom.current()::nextDouble);
    /** No retry at all. */
    public static final RetryPolicy NONE =
            new RetryPolicy(1, DEFAULT_INITIAL_DELAY, DEFAULT_MAX_DELAY, ThreadLocalRandom.current()::nextDouble);

    private final int maxAttempts;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final DoubleSupplier random;

    private RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, DoubleSupplier random) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (initialDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException(
                    "retry delays must not be negative: initial " + initialDelay + ", max " + maxDelay);
        }
        this.maxAttempts = maxAttempts;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.random = random;
    }

    /**
     * Returns a policy with another attempt limit.
     *
     * @param attempts the first call plus retries, at least 1
     * @return the policy
     */
    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, initialDelay, maxDelay, random);
    }

    /**
     * Returns a policy with other delays.
     *
     * @param initial the base delay before the first retry
     * @param max the longest delay
     * @return the policy
     */
    public RetryPolicy withDelays(Duration initial, Duration max) {
        return new RetryPolicy(maxAttempts, Objects.requireNonNull(initial), Objects.requireNonNull(max), random);
    }

    /**
     * Returns a policy with another source of jitter (tests use a fixed one).
     *
     * @param source uniform numbers in [0, 1)
     * @return the policy
     */
    public RetryPolicy withRandom(DoubleSupplier source) {
        return new RetryPolicy(maxAttempts, initialDelay, maxDelay, Objects.requireNonNull(source));
    }

    /**
     * The attempt limit.
     *
     * @return the first call plus retries
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * The wait before the next attempt: "equal jitter" over an exponential base (half fixed, half
     * random), capped, and never shorter than the provider's {@code Retry-After}.
     *
     * @param failedAttempt the attempt that just failed, from 1
     * @param retryAfter the provider's requested wait, or null
     * @return the delay
     */
    public Duration delayBefore(int failedAttempt, @Nullable Duration retryAfter) {
        long base = initialDelay.toMillis() << Math.min(failedAttempt - 1, 20);
        long capped = Math.min(base, maxDelay.toMillis());
        long jittered = capped / 2 + (long) (random.getAsDouble() * (capped / 2.0));
        long floor = retryAfter == null ? 0 : retryAfter.toMillis();
        return Duration.ofMillis(Math.max(jittered, floor));
    }

    @Override
    public String toString() {
        return "RetryPolicy{maxAttempts=" + maxAttempts + ", initialDelay=" + initialDelay + ", maxDelay=" + maxDelay
                + "}";
    }
}
