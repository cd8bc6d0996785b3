package dev.dspj.execution;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread pools of the runs above the modules (optimizers, proposers, searches, run records): every
 * thread is a daemon, so a program that returns from {@code main} ends even while a pool is idle, and
 * named {@code dspj-<purpose>-<pool>-<thread>} so a thread dump says whose it is.
 */
public final class Workers {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private Workers() {}

    /**
     * A fixed pool of daemon threads; shut it down when the run ends.
     *
     * @param purpose what the threads do, for their names (for example {@code simba})
     * @param threads how many threads, at least 1
     * @return the pool
     */
    public static ExecutorService fixed(String purpose, int threads) {
        return Executors.newFixedThreadPool(Math.max(1, threads), daemonThreads(purpose));
    }

    /**
     * A single daemon thread for timed work such as lease heartbeats; shut it down when done.
     *
     * @param purpose what the thread does, for its name
     * @return the scheduler
     */
    public static ScheduledExecutorService scheduler(String purpose) {
        return Executors.newSingleThreadScheduledExecutor(daemonThreads(purpose));
    }

    /**
     * Daemon threads named {@code dspj-<purpose>-<pool>-<n>}, the pool numbered once per call.
     *
     * @param purpose what the threads do
     * @return the factory
     */
    public static ThreadFactory daemonThreads(String purpose) {
        String prefix = "dspj-" + purpose + "-" + POOLS.incrementAndGet() + "-";
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
