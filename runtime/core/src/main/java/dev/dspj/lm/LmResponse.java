package dev.dspj.lm;

import dev.dspj.primitives.Usage;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a model returned for one request.
 *
 * @param choices the completions' texts, one per requested choice ({@code n})
 * @param usage tokens consumed
 * @param model the model that answered, as the provider names it
 * @param finishReason why generation stopped ({@code stop}, {@code length}, ...), empty when unknown
 * @param cached whether the response came from a cache rather than the model
 * @param toolCalls the tools the model asked to call (first choice), empty when none
 * @param refusal the model's refusal message when it declined to answer, or null
 * @param attempts the HTTP attempts the client made for it (1 without retries, 0 when a cache
 *     answered)
 */
public record LmResponse(
        List<String> choices,
        Usage usage,
        String model,
        String finishReason,
        boolean cached,
        List<ToolCall> toolCalls,
        @Nullable String refusal,
        int attempts) {

    /**
     * Validates the response.
     *
     * @param choices the completions' texts
     * @param usage tokens consumed
     * @param model the model that answered
     * @param finishReason why generation stopped
     * @param cached whether the response came from a cache
     * @param toolCalls the tools the model asked to call
     * @param refusal the model's refusal message, or null
     * @param attempts the HTTP attempts made for it
     */
    public LmResponse {
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be >= 0, got " + attempts);
        }
        toolCalls = List.copyOf(toolCalls);
        choices = List.copyOf(choices);
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("a model response must hold at least one choice");
        }
        usage = Objects.requireNonNullElse(usage, Usage.NONE);
        model = Objects.requireNonNullElse(model, "");
        finishReason = Objects.requireNonNullElse(finishReason, "");
    }

    /**
     * A fresh (not cached) response with an unknown finish reason.
     *
     * @param choices the completions' texts
     * @param usage tokens consumed
     * @param model the model that answered
     */
    public LmResponse(List<String> choices, Usage usage, String model) {
        this(choices, usage, model, "", false, List.of(), null, 1);
    }

    /**
     * A response answered in one attempt (a cached one in none).
     *
     * @param choices the completions' texts
     * @param usage tokens consumed
     * @param model the model that answered
     * @param finishReason why generation stopped
     * @param cached whether the response came from a cache
     * @param toolCalls the tools the model asked to call
     * @param refusal the model's refusal message, or null
     */
    public LmResponse(
            List<String> choices,
            Usage usage,
            String model,
            String finishReason,
            boolean cached,
            List<ToolCall> toolCalls,
            @Nullable String refusal) {
        this(choices, usage, model, finishReason, cached, toolCalls, refusal, cached ? 0 : 1);
    }

    /**
     * A response with a finish reason and no tool calls or refusal.
     *
     * @param choices the completions' texts
     * @param usage tokens consumed
     * @param model the model that answered
     * @param finishReason why generation stopped
     * @param cached whether the response came from a cache
     */
    public LmResponse(List<String> choices, Usage usage, String model, String finishReason, boolean cached) {
        this(choices, usage, model, finishReason, cached, List.of(), null, cached ? 0 : 1);
    }

    /**
     * The same response marked as served from a cache.
     *
     * @return the copy
     */
    public LmResponse asCached() {
        return new LmResponse(choices, usage, model, finishReason, true, toolCalls, refusal, 0);
    }

    /**
     * The same response with the number of HTTP attempts the client made for it.
     *
     * @param count the attempts (more than 1 when the client retried)
     * @return the copy
     */
    public LmResponse withAttempts(int count) {
        return count == attempts
                ? this
                : new LmResponse(choices, usage, model, finishReason, cached, toolCalls, refusal, count);
    }

    /**
     * The first choice's text.
     *
     * @return the text
     */
    public String text() {
        return choices.get(0);
    }

    /**
     * The refusal message, when the model declined to answer.
     *
     * @return the refusal
     */
    public java.util.Optional<String> refusalMessage() {
        return java.util.Optional.ofNullable(refusal);
    }
}
