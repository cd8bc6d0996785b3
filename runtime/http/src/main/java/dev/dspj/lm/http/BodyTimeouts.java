package dev.dspj.lm.http;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The read timeout of a response's body. Both HTTP clients time out a request whose answer does not
 * start in time, but neither times out a body that starts and then stops coming; a transport
 * schedules this timer once the headers are in and the body is not, and cancels it when the body
 * is. One daemon thread for the process, started the first time a body is slower than its headers.
 */
final class BodyTimeouts {

    private BodyTimeouts() {}

    /** The process's timer thread, made on first use. */
    private static final class Timer {
        static final ScheduledThreadPoolExecutor TIMER = timer();

        private static ScheduledThreadPoolExecutor timer() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "dspj-http-body-timeouts");
                thread.setDaemon(true);
                return thread;
            });
            // a body that arrives in time cancels its timer: leave nothing behind in the queue
            timer.setRemoveOnCancelPolicy(true);
            return timer;
        }
    }

    /**
     * Runs {@code expire} after {@code timeout} unless the returned future is cancelled first.
     *
     * @param timeout how long the body may take
     * @param expire what to do when it took longer (fail the call, release the connection)
     * @return the timer, to cancel when the body is complete
     */
    static ScheduledFuture<?> after(Duration timeout, Runnable expire) {
        return Timer.TIMER.schedule(expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * The failure of a call whose body did not come within the timeout.
     *
     * @param timeout the read timeout
     * @return the exception, of the type every transport reports a read timeout in
     */
    static java.net.http.HttpTimeoutException expired(Duration timeout) {
        return new java.net.http.HttpTimeoutException(
                "the response's body did not arrive within the read timeout (" + timeout.toMillis() + " ms)");
    }

    /**
     * The failure of a stream that sent nothing for the read timeout.
     *
     * @param timeout the read timeout
     * @return the exception
     */
    static java.net.http.HttpTimeoutException stalled(Duration timeout) {
        return new java.net.http.HttpTimeoutException(
                "the response's stream sent nothing for the read timeout (" + timeout.toMillis() + " ms)");
    }
}
