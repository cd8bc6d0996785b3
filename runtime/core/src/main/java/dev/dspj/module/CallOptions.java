package dev.dspj.module;

import dev.dspj.lm.LanguageModel;
import dev.dspj.lm.LmSettings;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Overrides for one call: a model that wins over the predictor's and the default, and settings
 * merged over the predictor's. Immutable.
 */
public final class CallOptions {

    /** No override. */
    public static final CallOptions NONE = new CallOptions(null, LmSettings.DEFAULTS);

    private final @Nullable LanguageModel model;
    private final LmSettings settings;

    private CallOptions(@Nullable LanguageModel model, LmSettings settings) {
        this.model = model;
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Options that call another model.
     *
     * @param model the model for this call
     * @return the options
     */
    public static CallOptions model(LanguageModel model) {
        return NONE.withModel(model);
    }

    /**
     * Options with settings overrides.
     *
     * @param settings the settings that win for this call
     * @return the options
     */
    public static CallOptions settings(LmSettings settings) {
        return NONE.withSettings(settings);
    }

    /**
     * Returns a copy that calls another model.
     *
     * @param newModel the model
     * @return the copy
     */
    public CallOptions withModel(LanguageModel newModel) {
        return new CallOptions(Objects.requireNonNull(newModel, "model"), settings);
    }

    /**
     * Returns a copy with settings overrides.
     *
     * @param newSettings the settings
     * @return the copy
     */
    public CallOptions withSettings(LmSettings newSettings) {
        return new CallOptions(model, newSettings);
    }

    /**
     * The model for this call, if overridden.
     *
     * @return the model
     */
    public Optional<LanguageModel> model() {
        return Optional.ofNullable(model);
    }

    /**
     * The settings overrides.
     *
     * @return the settings
     */
    public LmSettings settings() {
        return settings;
    }
}
