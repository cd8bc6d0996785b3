package dev.dspj.lm.retry;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Waits without blocking a thread: the clock retries and rate limits wait on. Tests replace it
 * with a fake that records the waits and returns at once, so backoff is checked without sleeping.
 */
public interface Scheduler {

    /** The real scheduler: completes after the delay on a shared timer. */
    Scheduler SYSTEM = new Scheduler() {
        @Override
        public CompletableFuture<Void> delay(Duration duration) {
            if (duration.isZero() || duration.isNegative()) {
                return CompletableFuture.completedFuture(null);
            }
            Executor later = CompletableFuture.delayedExecutor(duration.toNanos(), TimeUnit.NANOSECONDS);
            return CompletableFuture.runAsync(() -> {}, later);
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    };

    /**
     * Completes after a delay.
     *
     * @param duration how long to wait
     * @return a future that completes when the time has passed
     */
    CompletableFuture<Void> delay(Duration duration);

    /**
     * The current time of this clock, for measuring intervals.
     *
     * @return nanoseconds from an arbitrary origin
     */
    long nanoTime();
}
