package dev.dspj.micronaut;

import dev.dspj.Dspj;
import dev.dspj.lm.LanguageModel;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;

/**
 * Makes the context's model (the factory's or the application's own {@link LanguageModel} bean)
 * DSPJ's default model ({@link Dspj#configure}) from the start until the context closes.
 */
@Context
public class DefaultModelBinding {

    private final @Nullable LanguageModel model;

    /**
     * Binds the context's model, if it has exactly one.
     *
     * @param models the model beans
     */
    public DefaultModelBinding(BeanProvider<LanguageModel> models) {
        this.model = models.isUnique() ? models.get() : null;
        if (model != null) {
            Dspj.configure(model);
        }
    }

    /**
     * The model made the default.
     *
     * @return it, or null when the context has no single model
     */
    public @Nullable LanguageModel model() {
        return model;
    }

    /** No longer the default once the context closes. */
    @PreDestroy
    @SuppressWarnings("NullAway") // Dspj.configure(null) clears the default, as its javadoc says
    public void close() {
        if (model != null && Dspj.defaultModel().orElse(null) == model) {
            Dspj.configure(null);
        }
    }
}
