package dev.dspj.study;

import dev.dspj.variable.Configuration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

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
 */
public record Trial(long id, int number, String configHash, Configuration configuration, TrialState state, int attempt,
        Map<String, Double> values, String stage, String detailsJson, String worker, Instant started, Instant finished,
        String error) {

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
        values = values == null || values.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
