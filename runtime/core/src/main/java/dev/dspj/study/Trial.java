package dev.dspj.study;

import dev.dspj.variable.Configuration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One evaluation of one configuration in a {@link Study}, as stored.
 *
 * <p>A configuration has at most one trial per study; running it again after a failure or an
 * expired lease reuses the trial (same {@code id} and {@code number}) with the next
 * {@code attempt}. The values are those of the current attempt.
 *
 * @param id the store's identity of the trial, unique within the store
 * @param number the trial's order of creation within its study, from 0
 * @param configHash {@link Configuration#hash()} of the configuration
 * @param configuration the configuration evaluated
 * @param state where the trial stands
 * @param attempt how many times the trial was claimed, from 1
 * @param values objective name to value, in the order given; empty unless {@link TrialState#COMPLETE}
 * @param stage how far the evaluation went, such as {@code "minibatch"} or {@code "full"}; null unless complete
 * @param detailsJson what the evaluation reported besides its values (usage, counts) as JSON; may be null
 * @param worker who holds or held the current attempt
 * @param started when the current attempt was claimed
 * @param finished when the current attempt completed or failed; null while running
 * @param error why the current attempt failed; null unless {@link TrialState#FAILED}
 * @param leaseUntil while {@link TrialState#RUNNING}: when the current attempt's lease ends, as last
 *     written to the store (a claim or a {@link Study#heartbeat heartbeat}); once it has passed,
 *     any worker may take the trial over. Null when the trial is finished
 */
public record Trial(
        long id,
        int number,
        String configHash,
        Configuration configuration,
        TrialState state,
        int attempt,
        Map<String, Double> values,
        @Nullable String stage,
        @Nullable String detailsJson,
        String worker,
        Instant started,
        @Nullable Instant finished,
        @Nullable String error,
        @Nullable Instant leaseUntil) {

    /**
     * A trial just claimed by a worker: running, with no values yet, its lease ending at
     * {@code leaseUntilMillis}. Every store makes its claims with this.
     *
     * @param id the store's identity of the trial
     * @param number the trial's order of creation within its study
     * @param configHash {@link Configuration#hash()} of the configuration
     * @param configuration the configuration to evaluate
     * @param attempt which claim this is, from 1
     * @param worker who claimed it
     * @param startedMillis when, in epoch milliseconds
     * @param leaseUntilMillis when the lease ends unless renewed, in epoch milliseconds
     * @return the running trial
     */
    public static Trial claimed(
            long id,
            int number,
            String configHash,
            Configuration configuration,
            int attempt,
            String worker,
            long startedMillis,
            long leaseUntilMillis) {
        return new Trial(
                id,
                number,
                configHash,
                configuration,
                TrialState.RUNNING,
                attempt,
                Map.of(),
                null,
                null,
                worker,
                Instant.ofEpochMilli(startedMillis),
                null,
                null,
                Instant.ofEpochMilli(leaseUntilMillis));
    }

    /**
     * A trial without a lease end, as a finished trial has.
     *
     * @param id the store's identity of the trial
     * @param number the trial's order of creation within its study
     * @param configHash {@link Configuration#hash()} of the configuration
     * @param configuration the configuration evaluated
     * @param state where the trial stands
     * @param attempt how many times the trial was claimed
     * @param values objective name to value
     * @param stage how far the evaluation went
     * @param detailsJson what the evaluation reported besides its values
     * @param worker who holds or held the current attempt
     * @param started when the current attempt was claimed
     * @param finished when the current attempt completed or failed
     * @param error why the current attempt failed
     */
    public Trial(
            long id,
            int number,
            String configHash,
            Configuration configuration,
            TrialState state,
            int attempt,
            Map<String, Double> values,
            @Nullable String stage,
            @Nullable String detailsJson,
            String worker,
            Instant started,
            @Nullable Instant finished,
            @Nullable String error) {
        this(
                id,
                number,
                configHash,
                configuration,
                state,
                attempt,
                values,
                stage,
                detailsJson,
                worker,
                started,
                finished,
                error,
                null);
    }

    /**
     * Checks the required components and freezes the values.
     *
     * @throws NullPointerException when a required component is null
     */
    public Trial {
        Objects.requireNonNull(configHash, "configHash");
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(started, "started");
        values = values == null || values.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(values));
        if (state != TrialState.RUNNING) {
            leaseUntil = null;
        }
    }

    /**
     * Whether another worker's lease on this running trial still held at {@code now}, as far as
     * this snapshot knows (a later heartbeat may have extended it).
     *
     * @param now the time to compare with
     * @return true when the trial is running and its lease ends after {@code now}
     */
    public boolean leaseHeldAt(Instant now) {
        return state == TrialState.RUNNING && leaseUntil != null && leaseUntil.isAfter(now);
    }
}
