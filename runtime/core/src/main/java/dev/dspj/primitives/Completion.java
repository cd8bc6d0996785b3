package dev.dspj.primitives;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The raw side of a prediction: the model's text, the reasoning a chain of thought produced,
 * which model answered and the tokens it used.
 */
public final class Completion {

    private static final Completion NONE = new Completion("", null, "", Usage.NONE);

    private final String text;
    private final @Nullable String reasoning;
    private final String model;
    private final Usage usage;
    private final String adapter;
    private final boolean fallbackUsed;
    private final boolean cached;

    /**
     * Creates a completion.
     *
     * @param text the model's raw answer
     * @param reasoning the reasoning field's value, or null when the module does not reason
     * @param model the model that answered
     * @param usage tokens used
     */
    public Completion(String text, @Nullable String reasoning, String model, Usage usage) {
        this(text, reasoning, model, usage, "", false, false);
    }

    /**
     * Creates a completion with how it was parsed.
     *
     * @param text the model's raw answer
     * @param reasoning the reasoning field's value, or null when the module does not reason
     * @param model the model that answered
     * @param usage tokens used, by every attempt of the call
     * @param adapter the adapter that parsed the answer
     * @param fallbackUsed whether the first adapter failed and its fallback parsed the answer
     * @param cached whether the answer came from the response cache
     */
    public Completion(
            String text,
            @Nullable String reasoning,
            String model,
            Usage usage,
            String adapter,
            boolean fallbackUsed,
            boolean cached) {
        this.text = Objects.requireNonNull(text, "text");
        this.reasoning = reasoning;
        this.model = Objects.requireNonNullElse(model, "");
        this.usage = Objects.requireNonNullElse(usage, Usage.NONE);
        this.adapter = Objects.requireNonNullElse(adapter, "");
        this.fallbackUsed = fallbackUsed;
        this.cached = cached;
    }

    /**
     * The completion of a value that did not come from a model (built by hand, or loaded).
     *
     * @return an empty completion
     */
    public static Completion none() {
        return NONE;
    }

    /**
     * The model's raw answer.
     *
     * @return the text
     */
    public String text() {
        return text;
    }

    /**
     * The step-by-step reasoning, when the module was a chain of thought.
     *
     * @return the reasoning
     */
    public Optional<String> reasoning() {
        return Optional.ofNullable(reasoning);
    }

    /**
     * The model that answered.
     *
     * @return its name, empty when unknown
     */
    public String model() {
        return model;
    }

    /**
     * Tokens used by the call.
     *
     * @return the usage
     */
    public Usage usage() {
        return usage;
    }

    /**
     * The adapter that parsed the answer.
     *
     * @return its name, empty when unknown
     */
    public String adapter() {
        return adapter;
    }

    /**
     * Whether the first adapter could not parse the answer and its fallback was used (a second
     * model call).
     *
     * @return the flag
     */
    public boolean fallbackUsed() {
        return fallbackUsed;
    }

    /**
     * Whether the answer came from the response cache.
     *
     * @return the flag
     */
    public boolean cached() {
        return cached;
    }

    @Override
    public String toString() {
        return "Completion{model=" + model + ", usage=" + usage + ", text=" + text + "}";
    }
}
