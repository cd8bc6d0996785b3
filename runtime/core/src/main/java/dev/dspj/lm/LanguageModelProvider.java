package dev.dspj.lm;

import java.util.Set;
import java.util.function.Function;

/**
 * Creates models for {@link LanguageModels#of(String)} from the model strings whose provider prefix
 * it serves. Implementations are found with {@link java.util.ServiceLoader}: {@code dspj-http}
 * registers one for {@code openai/}, {@code anthropic/}, {@code ollama/} and the other HTTP
 * providers, so the core needs no HTTP library.
 */
public interface LanguageModelProvider {

    /**
     * The provider prefixes served, without the slash: {@code openai}, {@code anthropic}...
     *
     * @return the prefixes
     */
    Set<String> prefixes();

    /**
     * Creates a model.
     *
     * @param spec the whole model string, for example {@code openai/gpt-4o-mini}
     * @param environment variable name to value (keys, base URLs), or null when unset
     * @return the model
     * @throws IllegalArgumentException naming what is wrong or missing
     */
    LanguageModel create(String spec, Function<String, String> environment);

    /**
     * Starts configuring a model beyond what the environment sets, for {@link
     * LanguageModels#builder(String)}.
     *
     * @param spec the whole model string
     * @param environment variable name to value (keys, base URLs), or null when unset
     * @return a builder whose settings start from the environment
     * @throws IllegalArgumentException naming what is wrong in the model string
     * @throws UnsupportedOperationException when this provider's models are configured only from
     *     the environment (the default)
     */
    default LanguageModelBuilder builder(String spec, Function<String, String> environment) {
        throw new UnsupportedOperationException("model string \"" + spec + "\": the client serving it ("
                + getClass().getName() + ") has no builder; use LanguageModels.of(\"" + spec + "\")");
    }
}
