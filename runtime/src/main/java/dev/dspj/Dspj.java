package dev.dspj;

import dev.dspj.lm.LanguageModel;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Process-wide settings: the default language model that predictors without a model of their
 * own use. A model set on a predictor ({@code withModel}) or for one call
 * ({@code CallOptions.model}) wins over it. Safe to use from any thread.
 */
public final class Dspj {

    private static final AtomicReference<LanguageModel> DEFAULT_MODEL = new AtomicReference<>();

    private Dspj() {
    }

    /**
     * Sets the default model, as DSPy's {@code dspy.configure(lm=...)}.
     *
     * @param model the model; {@code null} to clear it
     */
    public static void configure(LanguageModel model) {
        DEFAULT_MODEL.set(model);
    }

    /**
     * The default model, if one is set.
     *
     * @return the model
     */
    public static Optional<LanguageModel> defaultModel() {
        return Optional.ofNullable(DEFAULT_MODEL.get());
    }
}
