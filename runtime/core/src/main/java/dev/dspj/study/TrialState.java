package dev.dspj.study;

/** Where a {@link Trial} stands. */
public enum TrialState {
    /** Claimed by a worker, whose lease says how long the claim holds without a heartbeat. */
    RUNNING,
    /** Finished with objective values; never run again. */
    COMPLETE,
    /** Finished with an error; the next claim of its configuration runs it again. */
    FAILED
}
