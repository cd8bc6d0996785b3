package dev.dspj.lm;

import java.time.Duration;

/**
 * Configures a model named by a DSPy-style model string beyond what the environment sets,
 * whichever client artifact serves its provider: {@link LanguageModels#builder(String)} returns one.
 *
 * <pre>{@code
 * HttpLanguageModel model = LanguageModels.builder("openai-compatible/my-model")
 *         .baseUrl("http://127.0.0.1:8000/v1")
 *         .apiKey(System.getenv("MY_KEY"))
 *         .cache(ResponseCache.none())
 *         .build();
 * }</pre>
 *
 * For settings only one client has (an HTTP transport, Azure's API version, JVM-wide limits), use
 * that client's own builder, for example {@code HttpLanguageModel.builder("openai/gpt-4o-mini")}.
 */
public interface LanguageModelBuilder {

    /**
     * The endpoint, for a local server or a proxy ({@code http://127.0.0.1:8000/v1}).
     *
     * @param value the base URL
     * @return this builder
     */
    LanguageModelBuilder baseUrl(String value);

    /**
     * The API key, instead of the provider's environment variable. It is never logged, saved or
     * put in an exception message.
     *
     * @param value the key
     * @return this builder
     */
    LanguageModelBuilder apiKey(String value);

    /**
     * A header sent with every request.
     *
     * @param name the header's name
     * @param value its value
     * @return this builder
     */
    LanguageModelBuilder header(String name, String value);

    /**
     * Timeouts.
     *
     * @param connect to open a connection
     * @param read to wait for the answer
     * @return this builder
     */
    LanguageModelBuilder timeouts(Duration connect, Duration read);

    /**
     * The response cache ({@code ResponseCache.none()} to turn it off), instead of the one {@code
     * DSPJ_CACHE} names.
     *
     * @param value the cache: one of {@link dev.dspj.lm.cache.ResponseCache}'s, or a store of your own
     * @return this builder
     */
    LanguageModelBuilder cache(ResponseStore value);

    /**
     * Settings sent with every request unless the request overrides them.
     *
     * @param value the settings
     * @return this builder
     */
    LanguageModelBuilder defaults(LmSettings value);

    /**
     * What the model is assumed to support (for example a local server without structured
     * outputs).
     *
     * @param value the capabilities
     * @return this builder
     */
    LanguageModelBuilder capabilities(ModelCapabilities value);

    /**
     * Builds the model, typed as what it is assigned to: {@code LanguageModel}, or the client's own
     * class ({@code HttpLanguageModel} for the HTTP providers) to reach its history and options.
     *
     * @param <L> the type the caller wants; the client's class or a type it implements
     * @return the model; close it when done
     * @throws IllegalArgumentException naming the missing or invalid setting
     * @throws ClassCastException when the model is assigned to a type it does not have
     */
    @SuppressWarnings("TypeParameterUnusedInFormals") // typed by its assignment, as the client varies by provider
    <L extends LanguageModel> L build();
}
