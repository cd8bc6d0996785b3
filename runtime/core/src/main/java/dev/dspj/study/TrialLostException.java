package dev.dspj.study;

/**
 * A worker reported on a trial it no longer holds: its lease ran out and another worker claimed
 * the configuration again (a new attempt), or the trial was already finished. The worker should
 * stop working on it and drop its result; the current holder's result is the one that counts.
 */
public class TrialLostException extends StudyStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * A report on a trial that has moved on.
     *
     * @param message which trial, which attempt the caller held and what the trial is now
     */
    public TrialLostException(String message) {
        super(message);
    }
}
