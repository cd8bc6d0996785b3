package dev.dspj.lm;

import java.util.List;
import java.util.Objects;

/**
 * What a model returned for one request.
 *
 * @param choices the completions' texts, one per requested choice ({@code n})
 * @param usage tokens consumed
 * @param model the model that answered, as the provider names it
 * @param finishReason why generation stopped ({@code stop}, {@code length}, ...), empty when unknown
 * @param cached whether the response came from a cache rather than the model
 */
public record LmResponse(List<String> choices, Usage usage, String model, String finishReason, boolean cached) {

    /**
     * Validates the response.
     *
     * @param choices the completions' texts
     * @param usage tokens consumed
     * @param model the model that answered
     * @param finishReason why generation stopped
     * @param cached whether the response came from a cache
     */
    public LmResponse {
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
        this(choices, usage, model, "", false);
    }

    /**
     * The same response marked as served from a cache.
     *
     * @return the copy
     */
    public LmResponse asCached() {
        return new LmResponse(choices, usage, model, finishReason, true);
    }

    /**
     * The first choice's text.
     *
     * @return the text
     */
    public String text() {
        return choices.get(0);
    }
}
