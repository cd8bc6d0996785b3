package dev.dspj.lm;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Creates language models from DSPy-style model strings: {@code openai/gpt-4o-mini},
 * {@code anthropic/claude-sonnet-4-5}, {@code ollama/llama3.2}, {@code azure/<deployment>},
 * {@code together/...}, {@code groq/...}, {@code openrouter/...}, {@code vllm/...},
 * {@code lmstudio/...}, {@code llamacpp/...}, {@code openai-compatible/<model>} (with a base URL)
 * and {@code sim/<model>} (DSPJ's simulated model over HTTP). Keys and base URLs come from the
 * provider's environment variables ({@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL},
 * {@code ANTHROPIC_API_KEY}, ...).
 *
 * <p>The clients themselves live in other artifacts and are found as
 * {@link LanguageModelProvider}s ({@code dspj-http} serves all the prefixes above; {@code dspj-runtime}
 * brings it). To configure a model beyond the environment, use {@link #builder(String)}, or for
 * settings only one client has, that client's builder ({@code
 * HttpLanguageModel.builder("openai/gpt-4o-mini")}).
 *
 * <p>Responses are cached in memory and in a SQLite file under {@code DSPJ_CACHE_DIR} (default
 * {@code $XDG_CACHE_HOME/dspj} or {@code ~/.cache/dspj}); {@code DSPJ_CACHE=memory} keeps the cache
 * in memory only, {@code DSPJ_CACHE=off} turns it off.
 */
public final class LanguageModels {

    /** The environment variable naming the process-wide default model. */
    public static final String DEFAULT_MODEL_VARIABLE = "DSPJ_LM";

    private static final List<LanguageModelProvider> PROVIDERS =
            ServiceLoader.load(LanguageModelProvider.class, LanguageModels.class.getClassLoader()).stream()
                    .map(ServiceLoader.Provider::get)
                    .toList();

    private LanguageModels() {}

    /**
     * Creates a model from a model string, configured from the environment.
     *
     * @param spec for example {@code openai/gpt-4o-mini}
     * @return the model; close it when done
     * @throws IllegalArgumentException naming what is wrong or missing (unknown provider, no key,
     *     no client for the provider on the class path...)
     */
    public static LanguageModel of(String spec) {
        return of(spec, System::getenv);
    }

    /**
     * As {@link #of(String)}, reading variables from {@code environment} (for tests).
     *
     * @param spec the model string
     * @param environment variable name to value, or null when unset
     * @return the model
     */
    public static LanguageModel of(String spec, Function<String, String> environment) {
        return providerOf(spec).create(spec, environment);
    }

    /**
     * Starts configuring a model from a model string: the environment fills in the key, base URL
     * and response cache, and the builder may override them.
     *
     * <pre>{@code
     * HttpLanguageModel model = LanguageModels.builder("openai-compatible/gpt-4o-mini")
     *         .baseUrl("http://127.0.0.1:8000/v1")
     *         .cache(ResponseCache.none())
     *         .build();
     * }</pre>
     *
     * @param spec for example {@code ollama/llama3.2}
     * @return the builder
     * @throws IllegalArgumentException naming what is wrong or missing (not provider/model, unknown
     *     provider, no client for the provider on the class path)
     */
    public static LanguageModelBuilder builder(String spec) {
        return builder(spec, System::getenv);
    }

    /**
     * As {@link #builder(String)}, reading variables from {@code environment} (for tests).
     *
     * @param spec the model string
     * @param environment variable name to value, or null when unset
     * @return the builder
     */
    public static LanguageModelBuilder builder(String spec, Function<String, String> environment) {
        return providerOf(spec).builder(spec, environment);
    }

    /** The client serving the model string's provider prefix. */
    private static LanguageModelProvider providerOf(String spec) {
        Objects.requireNonNull(spec, "model string");
        int slash = spec.indexOf('/');
        if (slash <= 0 || slash == spec.length() - 1) {
            throw new IllegalArgumentException("model string \"" + spec + "\" must be provider/model, for example "
                    + "openai/gpt-4o-mini" + knownProviders());
        }
        String prefix = spec.substring(0, slash);
        for (LanguageModelProvider provider : PROVIDERS) {
            if (provider.prefixes().contains(prefix)) {
                return provider;
            }
        }
        if (PROVIDERS.isEmpty()) {
            throw new IllegalArgumentException("model string \"" + spec + "\": no model client is on the class path; "
                    + "add dev.dspj:dspj-http (or dev.dspj:dspj-runtime, which brings it)");
        }
        throw new IllegalArgumentException(
                "model string \"" + spec + "\" names an unknown provider \"" + prefix + "\"" + knownProviders());
    }

    /**
     * The model {@code DSPJ_LM} names, if the variable is set.
     *
     * @return the model
     * @throws IllegalArgumentException when the variable is set but the model cannot be configured
     */
    public static Optional<LanguageModel> fromEnvironment() {
        return fromEnvironment(System::getenv);
    }

    /**
     * As {@link #fromEnvironment()}, reading variables from {@code environment}.
     *
     * @param environment variable name to value
     * @return the model
     */
    public static Optional<LanguageModel> fromEnvironment(Function<String, String> environment) {
        String spec = environment.apply(DEFAULT_MODEL_VARIABLE);
        if (spec == null || spec.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(of(spec.strip(), environment));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(DEFAULT_MODEL_VARIABLE + "=" + spec + ": " + e.getMessage(), e);
        }
    }

    /**
     * The directory of DSPJ's files (the disk cache, the default study store).
     *
     * @param environment variable name to value
     * @return {@code DSPJ_CACHE_DIR}, else {@code $XDG_CACHE_HOME/dspj}, else {@code ~/.cache/dspj}
     */
    public static Path cacheDirectory(Function<String, String> environment) {
        String explicit = environment.apply("DSPJ_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = environment.apply("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "dspj");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "dspj");
    }

    private static String knownProviders() {
        TreeSet<String> prefixes = new TreeSet<>();
        PROVIDERS.forEach(provider -> prefixes.addAll(provider.prefixes()));
        return prefixes.isEmpty() ? "" : "; known providers: " + String.join(", ", prefixes);
    }
}
