package dev.dspj.study;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link StudyStore} lists about one of its studies, read without loading its trials.
 *
 * @param name the study's name
 * @param description the description stored when the study was created (JSON)
 * @param created when the study was created
 * @param complete how many trials are {@link TrialState#COMPLETE}
 * @param failed how many trials are {@link TrialState#FAILED}
 * @param running how many trials are {@link TrialState#RUNNING} (including those whose lease ran out)
 * @param lastActivity the latest start or end of any of its trials; null when it has none
 */
public record StudySummary(
        String name,
        String description,
        Instant created,
        int complete,
        int failed,
        int running,
        @Nullable Instant lastActivity) {

    /**
     * Checks the required components.
     *
     * @throws NullPointerException when the name, description or creation time is null
     * @throws IllegalArgumentException when a count is negative
     */
    public StudySummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(created, "created");
        if (complete < 0 || failed < 0 || running < 0) {
            throw new IllegalArgumentException("study '" + name + "' has a negative trial count");
        }
    }

    /**
     * Every trial of the study, in any state.
     *
     * @return complete + failed + running
     */
    public int trials() {
        return complete + failed + running;
    }

    /**
     * When anything last happened in the study: its latest trial start or end, else its creation.
     *
     * @return the time
     */
    public Instant lastActive() {
        return lastActivity == null || lastActivity.isBefore(created) ? created : lastActivity;
    }
}
