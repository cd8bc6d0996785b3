package dev.dspj.lm.history;

import dev.dspj.lm.ChatMessage;
import dev.dspj.primitives.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One model call as it happened: what was sent and received, what it used and cost, how long it
 * took. Holds no API key or header.
 *
 * @param time when the call started
 * @param model the model called
 * @param messages the prompt
 * @param outputs the completions' texts (empty when the call failed)
 * @param usage tokens used (zero for a cache hit)
 * @param costUsd the call's cost
 * @param latency time from the call to its answer, retries included
 * @param cacheHit whether the cache answered
 * @param attempts HTTP attempts made (1 without retries, 0 for a cache hit)
 * @param error the failure's message, or null
 */
public record CallRecord(
        Instant time,
        String model,
        List<ChatMessage> messages,
        List<String> outputs,
        Usage usage,
        BigDecimal costUsd,
        Duration latency,
        boolean cacheHit,
        int attempts,
        @Nullable String error) {

    /**
     * Copies the lists.
     *
     * @param time when the call started
     * @param model the model called
     * @param messages the prompt
     * @param outputs the completions' texts
     * @param usage tokens used
     * @param costUsd the cost
     * @param latency the latency
     * @param cacheHit whether the cache answered
     * @param attempts HTTP attempts made
     * @param error the failure's message, or null
     */
    public CallRecord {
        messages = List.copyOf(messages);
        outputs = List.copyOf(outputs);
    }

    /**
     * The failure's message, if the call failed.
     *
     * @return the message
     */
    public Optional<String> failure() {
        return Optional.ofNullable(error);
    }
}
