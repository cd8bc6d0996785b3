package dev.dspj.lm;

import java.util.List;
import java.util.Objects;

/**
 * A chat request: the messages and the sampling settings.
 *
 * @param messages the prompt, in order
 * @param settings temperature, max tokens and the rest
 */
public record LmRequest(List<ChatMessage> messages, LmSettings settings) {

    /**
     * Validates the request.
     *
     * @param messages the prompt
     * @param settings the settings
     */
    public LmRequest {
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a model request needs at least one message");
        }
        settings = Objects.requireNonNullElse(settings, LmSettings.DEFAULTS);
    }
}
