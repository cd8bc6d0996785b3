package dev.dspj.sim;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Waits for simulated latency and hangs, and wakes every waiter when its owner closes. Never waits for a zero delay. */
final class Pauser {

    private final CountDownLatch closed = new CountDownLatch(1);

    /**
     * Waits for a delay.
     *
     * @return true when the full delay passed, false when closed or interrupted first
     */
    boolean pause(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return closed.getCount() > 0;
        }
        try {
            return !closed.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits until {@link System#nanoTime()} reaches a deadline; returns at once when it has passed.
     *
     * @return true when the deadline passed, false when closed or interrupted first
     */
    boolean pauseUntil(long deadlineNanos) {
        return pause(Duration.ofNanos(deadlineNanos - System.nanoTime()));
    }

    /** Wakes every waiter, now and later. */
    void close() {
        closed.countDown();
    }

    boolean isClosed() {
        return closed.getCount() == 0;
    }
}
