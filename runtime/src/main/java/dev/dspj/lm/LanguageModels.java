package dev.dspj.lm;

import dev.dspj.lm.cache.ResponseCache;
import dev.dspj.lm.http.HttpLanguageModel;
import dev.dspj.lm.http.Provider;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Creates language models from DSPy-style model strings: {@code openai/gpt-4o-mini},
 * {@code anthropic/claude-sonnet-4-5}, {@code ollama/llama3.2}, {@code azure/<deployment>},
 * {@code together/...}, {@code groq/...}, {@code openrouter/...}, {@code vllm/...},
 * {@code lmstudio/...}, {@code llamacpp/...}, {@code openai-compatible/<model>} (with a base URL)
 * and {@code sim/<model>} (DSPJ's simulated model over HTTP). Keys and base URLs come from the
 * provider's environment variables ({@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL},
 * {@code ANTHROPIC_API_KEY}, ...) unless the builder sets them.
 *
 * <p>Responses are cached in memory and in a SQLite file under {@code DSPJ_CACHE_DIR} (default
 * {@code $XDG_CACHE_HOME/dspj} or {@code ~/.cache/dspj}); {@code DSPJ_CACHE=memory} keeps the cache
 * in memory only, {@code DSPJ_CACHE=off} turns it off.
 */
public final class LanguageModels {

    /** The environment variable naming the process-wide default model. */
    public static final String DEFAULT_MODEL_VARIABLE = "DSPJ_LM";
    /** The disk cache's file name inside the cache directory. */
    public static final String CACHE_FILE = "lm-responses.sqlite";

    private LanguageModels() {
    }

    /**
     * Creates a model from a model string, configured from the environment.
     *
     * @param spec for example {@code openai/gpt-4o-mini}
     * @return the model; close it when done
     * @throws IllegalArgumentException naming what is wrong or missing (unknown provider, no key...)
     */
    public static HttpLanguageModel of(String spec) {
        return builder(spec).build();
    }

    /**
     * Starts configuring a model from a model string; the environment fills in the key, base URL
     * and cache, and the builder may override them.
     *
     * @param spec for example {@code ollama/llama3.2}
     * @return the builder
     */
    public static HttpLanguageModel.Builder builder(String spec) {
        return builder(spec, System::getenv);
    }

    /**
     * As {@link #builder(String)}, reading variables from {@code environment} (for tests).
     *
     * @param spec the model string
     * @param environment variable name to value, or null when unset
     * @return the builder
     */
    public static HttpLanguageModel.Builder builder(String spec, Function<String, String> environment) {
        Objects.requireNonNull(spec, "model string");
        int slash = spec.indexOf('/');
        if (slash <= 0 || slash == spec.length() - 1) {
            throw new IllegalArgumentException("model string \"" + spec + "\" must be provider/model, for example "
                    + "openai/gpt-4o-mini; providers: " + providers());
        }
        String prefix = spec.substring(0, slash);
        String model = spec.substring(slash + 1).strip();
        Provider provider = Provider.byPrefix(prefix).orElseThrow(() -> new IllegalArgumentException(
                "model string \"" + spec + "\" names an unknown provider \"" + prefix + "\"; known providers: " + providers()));
        HttpLanguageModel.Builder builder = HttpLanguageModel.builder(provider).model(model);
        String baseUrl = environment.apply(provider.baseUrlVariable());
        if (baseUrl != null && !baseUrl.isBlank()) {
            builder.baseUrl(baseUrl);
        }
        String key = environment.apply(provider.keyVariable());
        if (key != null && !key.isBlank()) {
            builder.apiKey(key);
        }
        if (provider == Provider.AZURE_OPENAI) {
            String version = environment.apply("AZURE_OPENAI_API_VERSION");
            if (version != null && !version.isBlank()) {
                builder.apiVersion(version);
            }
        }
        builder.cache(cacheFromEnvironment(environment));
        return builder;
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
            return Optional.of(builder(spec.strip(), environment).build());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(DEFAULT_MODEL_VARIABLE + "=" + spec + ": " + e.getMessage(), e);
        }
    }

    /**
     * The response cache the environment asks for: memory plus a SQLite file by default.
     *
     * @param environment variable name to value
     * @return the cache
     */
    public static ResponseCache cacheFromEnvironment(Function<String, String> environment) {
        String mode = Optional.ofNullable(environment.apply("DSPJ_CACHE")).orElse("disk").strip().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "off", "none", "false", "0" -> {
                return ResponseCache.none();
            }
            case "memory" -> {
                return ResponseCache.memory(10_000);
            }
            case "disk", "" -> {
                return ResponseCache.layered(ResponseCache.memory(10_000), ResponseCache.sqlite(cacheDirectory(environment)
                        .resolve(CACHE_FILE)));
            }
            default -> throw new IllegalArgumentException("DSPJ_CACHE=" + mode + " is not one of disk, memory, off");
        }
    }

    /**
     * The directory of the disk cache.
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

    private static String providers() {
        return Arrays.stream(Provider.values()).map(Provider::prefix).collect(Collectors.joining(", "));
    }
}
