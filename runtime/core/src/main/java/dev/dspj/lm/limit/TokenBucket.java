package dev.dspj.lm.limit;

import dev.dspj.lm.retry.Scheduler;
import java.time.Duration;

/**
 * A per-minute budget refilled continuously: {@code capacity} units per minute, at most
 * {@code capacity} saved up. Taking more than is available tells how long to wait.
 */
final class TokenBucket {

    private static final double NANOS_PER_MINUTE = 60e9;

    private final double capacity;
    private final Scheduler clock;
    private double available;
    private long lastRefill;

    TokenBucket(long capacity, Scheduler clock) {
        this.capacity = capacity;
        this.clock = clock;
        this.available = capacity;
        this.lastRefill = clock.nanoTime();
    }

    /** Takes {@code amount} if available and returns zero, or returns how long to wait first. */
    synchronized Duration tryTake(double amount) {
        refill();
        double wanted = Math.min(amount, capacity);
        if (available >= wanted) {
            available -= amount;
            return Duration.ZERO;
        }
        double missing = wanted - available;
        return Duration.ofNanos((long) Math.ceil(missing / capacity * NANOS_PER_MINUTE));
    }

    /** Gives back (or charges more) after the true amount is known. */
    synchronized void adjust(double delta) {
        refill();
        available = Math.min(capacity, available + delta);
    }

    private void refill() {
        long now = clock.nanoTime();
        available = Math.min(capacity, available + (now - lastRefill) / NANOS_PER_MINUTE * capacity);
        lastRefill = now;
    }
}
