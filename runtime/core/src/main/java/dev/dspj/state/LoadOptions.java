package dev.dspj.state;

import dev.dspj.lm.LanguageModel;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How {@link ProgramState} loads a saved program. Immutable; {@code withX} returns a new instance.
 *
 * <p>By {@linkplain #DEFAULTS default} a predictor whose saved state names a model keeps the model
 * it has (or the process-wide default), and a message is logged when the names differ: loading
 * never builds network clients or needs API keys. {@link #withModels(Function)} recreates saved
 * models instead, as DSPy's {@code load} does, for example with
 * {@code LoadOptions.DEFAULTS.withModels(LanguageModels::of)}.
 */
public final class LoadOptions {

    /** Keep each predictor's model; prefixes must match the signature. */
    public static final LoadOptions DEFAULTS = new LoadOptions(null, false);

    private final @Nullable Function<String, ? extends LanguageModel> models;
    private final boolean changedPrefixesAllowed;

    private LoadOptions(@Nullable Function<String, ? extends LanguageModel> models, boolean changedPrefixesAllowed) {
        this.models = models;
        this.changedPrefixesAllowed = changedPrefixesAllowed;
    }

    /**
     * Returns options that set the model each predictor was saved with, built by the factory
     * from the saved model name (unless the predictor already has a model of that name).
     *
     * @param factory model name to model, for example {@code LanguageModels::of}
     * @return the new options
     */
    public LoadOptions withModels(Function<String, ? extends LanguageModel> factory) {
        return new LoadOptions(Objects.requireNonNull(factory, "factory"), changedPrefixesAllowed);
    }

    /**
     * Returns options that accept field prefixes other than the signature's in files saved by
     * DSPy. A DSPy file names no fields, so DSPJ checks each saved prefix against the field at that
     * position (its current prefix or the one inferred from its name) to catch a file saved for
     * another signature; allow changed prefixes to load a file whose prefixes an optimizer
     * rewrote. Files saved by DSPJ name their fields and are checked by name instead.
     *
     * @param allowed whether changed prefixes are accepted
     * @return the new options
     */
    public LoadOptions withChangedPrefixesAllowed(boolean allowed) {
        return new LoadOptions(models, allowed);
    }

    /**
     * The factory that recreates saved models, if set.
     *
     * @return the factory
     */
    public Optional<Function<String, ? extends LanguageModel>> models() {
        return Optional.ofNullable(models);
    }

    /**
     * Whether prefixes other than the signature's are accepted in files saved by DSPy.
     *
     * @return the flag
     */
    public boolean changedPrefixesAllowed() {
        return changedPrefixesAllowed;
    }
}
