package dev.dspj.lm;

import java.util.List;
import java.util.Objects;

/**
 * What a model returned for one request.
 *
 * @param choices the completions' texts, one per requested choice ({@code n})
 * @param usage tokens consumed
 * @param model the model that answered, as the provider names it
 */
public record LmResponse(List<String> choices, Usage usage, String model) {

    /**
     * Validates the response.
     *
     * @param choices the completions' texts
     * @param usage tokens consumed
     * @param model the model that answered
     */
    public LmResponse {
        choices = List.copyOf(choices);
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("a model response must hold at least one choice");
        }
        usage = Objects.requireNonNullElse(usage, Usage.NONE);
        model = Objects.requireNonNullElse(model, "");
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
