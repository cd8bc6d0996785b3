package dev.dspj.lm.limit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * A semaphore whose waiters are futures, not blocked threads: thousands of calls can wait for a
 * permit while holding no thread. Fair (first come, first served).
 */
final class AsyncSemaphore {

    private final int permits;
    private final Deque<CompletableFuture<Void>> waiters = new ArrayDeque<>();
    private int available;
    private int peak;

    AsyncSemaphore(int permits) {
        this.permits = permits;
        this.available = permits;
    }

    CompletableFuture<Void> acquire() {
        synchronized (this) {
            if (available > 0 && waiters.isEmpty()) {
                available--;
                peak = Math.max(peak, permits - available);
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> waiter = new CompletableFuture<>();
            waiters.add(waiter);
            return waiter;
        }
    }

    void release() {
        CompletableFuture<Void> next;
        synchronized (this) {
            next = waiters.poll();
            while (next != null && next.isDone()) {
                next = waiters.poll();
            }
            if (next == null) {
                available = Math.min(permits, available + 1);
                return;
            }
        }
        next.complete(null);
    }

    synchronized int inFlight() {
        return permits - available;
    }

    synchronized int peak() {
        return peak;
    }

    synchronized int waiting() {
        return waiters.size();
    }
}
