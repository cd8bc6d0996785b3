package dev.dspj.lm.http;

import dev.dspj.lm.ModelCapabilities;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The providers DSPJ talks to, by the prefix of a model string ({@code openai/gpt-4o-mini}): the
 * protocol, default base URL, and the environment variables of the key and base URL.
 */
public enum Provider {
    /** OpenAI. */
    OPENAI(
            "openai",
            "https://api.openai.com/v1",
            "OPENAI_API_KEY",
            "OPENAI_BASE_URL",
            true,
            "gpt-4o-mini",
            ModelCapabilities.FULL),
    /** Azure OpenAI: the model is the deployment name; the base URL is the resource endpoint. */
    AZURE_OPENAI(
            "azure",
            null,
            "AZURE_OPENAI_API_KEY",
            "AZURE_OPENAI_ENDPOINT",
            true,
            "my-gpt-4o-deployment",
            ModelCapabilities.FULL),
    /** Anthropic's Messages API. */
    ANTHROPIC(
            "anthropic",
            "https://api.anthropic.com",
            "ANTHROPIC_API_KEY",
            "ANTHROPIC_BASE_URL",
            true,
            "claude-sonnet-4-5",
            new ModelCapabilities(false, false, true)),
    /** A local Ollama server. */
    OLLAMA(
            "ollama",
            "http://localhost:11434/v1",
            "OLLAMA_API_KEY",
            "OLLAMA_BASE_URL",
            false,
            "llama3.2",
            new ModelCapabilities(true, true, true)),
    /** A vLLM server. */
    VLLM(
            "vllm",
            "http://localhost:8000/v1",
            "VLLM_API_KEY",
            "VLLM_BASE_URL",
            false,
            "meta-llama/Llama-3.1-8B-Instruct",
            new ModelCapabilities(true, true, true)),
    /** A llama.cpp server. */
    LLAMA_CPP(
            "llamacpp",
            "http://localhost:8080/v1",
            "LLAMACPP_API_KEY",
            "LLAMACPP_BASE_URL",
            false,
            "local",
            new ModelCapabilities(true, true, true)),
    /** LM Studio. */
    LM_STUDIO(
            "lmstudio",
            "http://localhost:1234/v1",
            "LMSTUDIO_API_KEY",
            "LMSTUDIO_BASE_URL",
            false,
            "local",
            new ModelCapabilities(true, true, true)),
    /** Together AI. */
    TOGETHER(
            "together",
            "https://api.together.xyz/v1",
            "TOGETHER_API_KEY",
            "TOGETHER_BASE_URL",
            true,
            "meta-llama/Llama-3.3-70B-Instruct-Turbo",
            new ModelCapabilities(true, true, true)),
    /** Groq. */
    GROQ(
            "groq",
            "https://api.groq.com/openai/v1",
            "GROQ_API_KEY",
            "GROQ_BASE_URL",
            true,
            "llama-3.3-70b-versatile",
            new ModelCapabilities(false, true, true)),
    /** OpenRouter. */
    OPENROUTER(
            "openrouter",
            "https://openrouter.ai/api/v1",
            "OPENROUTER_API_KEY",
            "OPENROUTER_BASE_URL",
            true,
            "openai/gpt-4o-mini",
            new ModelCapabilities(true, true, true)),
    /** Any other OpenAI-compatible server: the base URL must be given. */
    OPENAI_COMPATIBLE(
            "openai-compatible",
            null,
            "OPENAI_API_KEY",
            "OPENAI_BASE_URL",
            false,
            "my-model",
            new ModelCapabilities(false, true, true)),
    /** DSPJ's simulated model served over HTTP (see {@code dev.dspj.sim}). */
    SIM("sim", null, "DSPJ_SIM_API_KEY", "DSPJ_SIM_BASE_URL", false, "sim-medium", ModelCapabilities.FULL);

    /** Azure OpenAI's API version by default. */
    public static final String DEFAULT_AZURE_API_VERSION = "2024-10-21";

    private final String prefix;
    private final @Nullable String defaultBaseUrl;
    private final String keyVariable;
    private final String baseUrlVariable;
    private final boolean requiresKey;
    private final String exampleModel;

    @SuppressWarnings("ImmutableEnumChecker") // ModelCapabilities is a record of booleans and strings
    private final ModelCapabilities capabilities;

    Provider(
            String prefix,
            @Nullable String defaultBaseUrl,
            String keyVariable,
            String baseUrlVariable,
            boolean requiresKey,
            String exampleModel,
            ModelCapabilities capabilities) {
        this.prefix = prefix;
        this.defaultBaseUrl = defaultBaseUrl;
        this.keyVariable = keyVariable;
        this.baseUrlVariable = baseUrlVariable;
        this.requiresKey = requiresKey;
        this.exampleModel = exampleModel;
        this.capabilities = capabilities;
    }

    /**
     * Finds a provider by its model-string prefix.
     *
     * @param prefix for example {@code openai} or {@code ollama}
     * @return the provider, if known
     */
    public static Optional<Provider> byPrefix(String prefix) {
        String wanted = prefix.toLowerCase(Locale.ROOT);
        for (Provider provider : values()) {
            if (provider.prefix.equals(wanted)) {
                return Optional.of(provider);
            }
        }
        return Optional.empty();
    }

    /**
     * The prefix in model strings.
     *
     * @return the prefix
     */
    public String prefix() {
        return prefix;
    }

    /**
     * The base URL used when none is configured, or null when one must be given.
     *
     * @return the URL
     */
    public @Nullable String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    /**
     * The environment variable holding the API key.
     *
     * @return the variable's name
     */
    public String keyVariable() {
        return keyVariable;
    }

    /**
     * The environment variable holding the base URL.
     *
     * @return the variable's name
     */
    public String baseUrlVariable() {
        return baseUrlVariable;
    }

    /**
     * Whether calls need an API key.
     *
     * @return true for hosted providers
     */
    public boolean requiresKey() {
        return requiresKey;
    }

    /**
     * An example model name for messages.
     *
     * @return the example
     */
    public String exampleModel() {
        return exampleModel;
    }

    /**
     * What the provider's API supports by default.
     *
     * @return the capabilities
     */
    public ModelCapabilities capabilities() {
        return capabilities;
    }

    /**
     * The path the provider's API lives under, put on a configured base URL that has no path
     * ({@code http://localhost:8080} becomes {@code http://localhost:8080/v1}): the path of the
     * default base URL ({@code /v1}, {@code /openai/v1}, ...), {@code /v1} for the simulated model,
     * empty for providers whose requests carry the whole path (Anthropic, Azure) and for
     * {@code openai-compatible}, whose servers differ.
     *
     * @return the path, or empty for none
     */
    public String apiPath() {
        if (this == SIM) {
            return "/v1";
        }
        if (defaultBaseUrl == null || this == ANTHROPIC) {
            return "";
        }
        String path = java.net.URI.create(defaultBaseUrl).getRawPath();
        return path == null ? "" : path;
    }

    ProviderProtocol protocol(String model, @Nullable String apiVersion) {
        return switch (this) {
            case ANTHROPIC -> new AnthropicProtocol();
            case AZURE_OPENAI ->
                new OpenAiProtocol(
                        prefix, "/openai/deployments/" + model + "/chat/completions?api-version=" + apiVersion, true);
            default -> new OpenAiProtocol(prefix, "/chat/completions", false);
        };
    }
}
