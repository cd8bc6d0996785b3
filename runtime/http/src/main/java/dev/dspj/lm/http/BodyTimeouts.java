package dev.dspj.lm.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The read timeout of a response's body on the JDK's client, whose request timeout ends when the
 * headers are in: a body that starts and then stops coming would wait forever. A transport
 * registers each body from its headers on and unregisters it when it completes; one daemon thread
 * for the process looks at the registered bodies every {@value #TICK_MILLIS} ms and expires those
 * past their deadline. Registering is a map entry, so a call pays no timer and wakes no thread.
 */
final class BodyTimeouts {

    /** How often the watcher looks; a body expires at most this much after its deadline. */
    static final long TICK_MILLIS = 50;

    private static final Map<Watch, Boolean> WATCHED = new ConcurrentHashMap<>();

    private BodyTimeouts() {}

    /** A body being watched; {@link #done()} when it completed. */
    static final class Watch {
        private final long deadline;
        private final Runnable expire;

        private Watch(long deadline, Runnable expire) {
            this.deadline = deadline;
            this.expire = expire;
        }

        /** Stops watching: the body completed (or failed) on its own. */
        void done() {
            WATCHED.remove(this);
        }
    }

    /** The watcher thread, started when this class is first used (the first time a body is watched). */
    private static final class Watcher {
        static {
            Thread thread = new Thread(Watcher::run, "dspj-http-body-timeouts");
            thread.setDaemon(true);
            thread.start();
        }

        /** Makes sure the watcher runs: its class's initialization started it. */
        static void ensureRunning() {}

        private static void run() {
            while (true) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
                long now = System.nanoTime();
                // weakly consistent: bodies done or watched meanwhile are seen or not, never twice
                java.util.Iterator<Watch> watches = WATCHED.keySet().iterator();
                while (watches.hasNext()) {
                    Watch watch = watches.next();
                    if (now - watch.deadline >= 0 && WATCHED.remove(watch) != null) {
                        try {
                            watch.expire.run();
                        } catch (RuntimeException e) {
                            // expiring one body must not stop the watch over the others
                            org.slf4j.LoggerFactory.getLogger(BodyTimeouts.class)
                                    .warn("expiring a response body failed", e);
                        }
                    }
                }
            }
        }
    }

    /**
     * Watches a body: runs {@code expire} once {@code timeout} has passed unless {@link Watch#done()}
     * came first.
     *
     * @param timeout how long the body may take
     * @param expire what to do when it took longer (fail the call, release the connection)
     * @return the watch, to end when the body is complete
     */
    static Watch watch(Duration timeout, Runnable expire) {
        Watch watch = new Watch(System.nanoTime() + timeout.toNanos(), expire);
        WATCHED.put(watch, Boolean.TRUE);
        Watcher.ensureRunning();
        return watch;
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
