package dev.dspj.study;

import dev.dspj.variable.Configuration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A named set of trials of one search, shared by every worker (thread or process) that opens it.
 *
 * <p>A worker's loop is: {@link #claim claim} a configuration; if the claim succeeds, evaluate it,
 * calling {@link #heartbeat heartbeat} more often than the lease runs out, then
 * {@link #complete complete} or {@link #fail fail} the trial. Each finished trial is written at
 * once, so a search that is stopped and started again skips what is already complete.
 *
 * <pre>{@code
 * try (StudyStore store = StudyStore.open("jdbc:postgresql://db:5432/dspj?user=search")) {
 *     Study study = store.study("qa-prompts", descriptionJson);
 *     for (Configuration configuration : candidates) {
 *         Optional<Trial> claimed = study.claim(configuration, "worker-1", Duration.ofSeconds(30));
 *         if (claimed.isEmpty()) {
 *             continue;                              // done, or someone else is on it
 *         }
 *         double score = evaluate(configuration);
 *         study.complete(claimed.get(), Map.of("accuracy", score), "full", "{\"calls\":200}");
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safe. Times come from the clock of the process that writes them: workers on different
 * machines should keep their clocks in sync to well within a lease.
 */
public interface Study {

    /**
     * The study's name, unique within its store.
     *
     * @return the name
     */
    String name();

    /**
     * The description stored when the study was created (the variable space and objectives, as
     * JSON). Opening an existing study with another description keeps the stored one: compare it
     * with yours to notice that a study is being resumed with a changed search.
     *
     * @return the stored description JSON
     */
    String description();

    /**
     * Atomically starts a trial of a configuration, across threads and processes. A new
     * configuration gets a new {@link TrialState#RUNNING} trial with the next number; a
     * configuration whose trial {@link TrialState#FAILED failed} or whose running attempt's lease
     * ran out is claimed again (same trial, {@code attempt + 1}).
     *
     * @param configuration the configuration to evaluate
     * @param worker who evaluates it, such as {@code host:pid:thread}
     * @param lease how long the claim holds without a {@link #heartbeat heartbeat}; positive
     * @return the running trial, or empty when the configuration is complete or another worker's
     *     lease on it still holds
     * @throws IllegalArgumentException when the worker is blank or the lease not positive
     * @throws StudyStoreException when the store cannot be written
     */
    Optional<Trial> claim(Configuration configuration, String worker, Duration lease);

    /**
     * Extends the lease of a running trial to {@code lease} from now.
     *
     * @param trial the trial as returned by {@link #claim claim}
     * @param lease the new lease from now; positive
     * @throws TrialLostException when the trial is no longer this attempt's (another worker claimed
     *     it after the lease ran out, or it is finished)
     * @throws IllegalArgumentException when the trial belongs to another study or the lease is not positive
     * @throws StudyStoreException when the store cannot be written
     */
    void heartbeat(Trial trial, Duration lease);

    /**
     * Records the result of a running trial. The holder of the current attempt may complete it even
     * after its lease ran out, as long as no other worker claimed it since.
     *
     * @param trial the trial as returned by {@link #claim claim}
     * @param values objective name to value; finite numbers
     * @param stage how far the evaluation went, such as {@code "minibatch"} or {@code "full"}; may be null
     * @param detailsJson anything else to keep (usage, counts) as JSON text; may be null
     * @return the completed trial
     * @throws TrialLostException when the trial is no longer this attempt's
     * @throws IllegalArgumentException when a value is not finite, the details are not JSON or the
     *     trial belongs to another study
     * @throws StudyStoreException when the store cannot be written
     */
    Trial complete(Trial trial, Map<String, Double> values, @Nullable String stage, @Nullable String detailsJson);

    /**
     * Records that a running trial failed; the next {@link #claim claim} of its configuration runs
     * it again.
     *
     * @param trial the trial as returned by {@link #claim claim}
     * @param error what went wrong
     * @return the failed trial
     * @throws TrialLostException when the trial is no longer this attempt's
     * @throws IllegalArgumentException when the trial belongs to another study
     * @throws StudyStoreException when the store cannot be written
     */
    Trial fail(Trial trial, String error);

    /**
     * Every trial of the study, in any state.
     *
     * @return the trials ordered by number
     * @throws StudyStoreException when the store cannot be read
     */
    List<Trial> trials();

    /**
     * The {@link TrialState#COMPLETE complete} trials.
     *
     * @return the complete trials ordered by number
     * @throws StudyStoreException when the store cannot be read
     */
    List<Trial> completed();

    /**
     * The trial of a configuration, looked up by its {@link Configuration#hash() hash}.
     *
     * @param configuration the configuration
     * @return its trial, in any state, or empty when it was never claimed
     * @throws StudyStoreException when the store cannot be read
     */
    Optional<Trial> find(Configuration configuration);
}
