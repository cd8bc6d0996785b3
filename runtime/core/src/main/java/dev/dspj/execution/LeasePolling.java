package dev.dspj.execution;

import dev.dspj.study.Trial;
import java.time.Duration;
import java.util.Collection;

/**
 * How long a run waiting for trials or steps held by other processes sleeps before it looks again:
 * a heartbeat, at most a second (a live process's work may finish any moment), and less when a
 * waited-for lease ends sooner, so lapsed work is taken over as soon as it may be.
 */
public final class LeasePolling {

    /** The longest wait between two looks. */
    public static final Duration MAX_POLL = Duration.ofSeconds(1);

    /** Looked again this long after a lease's end, so the lease has surely lapsed in the store. */
    private static final long GRACE_MILLIS = 20;

    private LeasePolling() {}

    /**
     * The milliseconds to sleep before looking again.
     *
     * @param heartbeat the run's heartbeat interval
     * @param waitingFor the trials or steps held elsewhere that the run waits for
     * @return at least {@value #GRACE_MILLIS}
     */
    public static long nextLookMillis(Duration heartbeat, Collection<Trial> waitingFor) {
        long now = System.currentTimeMillis();
        long wait = Math.min(heartbeat.toMillis(), MAX_POLL.toMillis());
        for (Trial trial : waitingFor) {
            if (trial.leaseUntil() != null) {
                wait = Math.min(wait, trial.leaseUntil().toEpochMilli() - now + GRACE_MILLIS);
            }
        }
        return Math.max(GRACE_MILLIS, wait);
    }
}
