package dev.dspj.observe.otel;

import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A DSPJ model string ({@code openai/gpt-4o-mini}) split into the GenAI conventions' provider
 * name ({@code gen_ai.provider.name}) and the model requested ({@code gen_ai.request.model}).
 *
 * @param provider the provider's name in the conventions, or null when the prefix is not a known
 *     provider
 * @param model the model's name without the provider prefix
 */
record GenAiNames(@Nullable String provider, String model) {

    /**
     * DSPJ's and LiteLLM's provider prefixes to the conventions' well-known values; a prefix that
     * is no well-known value (ollama, vllm, sim...) is its own name.
     */
    private static final Map<String, String> PROVIDERS = Map.ofEntries(
            Map.entry("openai", "openai"),
            Map.entry("azure", "azure.ai.openai"),
            Map.entry("azure_ai", "azure.ai.inference"),
            Map.entry("anthropic", "anthropic"),
            Map.entry("groq", "groq"),
            Map.entry("mistral", "mistral_ai"),
            Map.entry("deepseek", "deepseek"),
            Map.entry("cohere", "cohere"),
            Map.entry("perplexity", "perplexity"),
            Map.entry("xai", "x_ai"),
            Map.entry("gemini", "gcp.gemini"),
            Map.entry("vertex_ai", "gcp.vertex_ai"),
            Map.entry("bedrock", "aws.bedrock"),
            Map.entry("watsonx", "ibm.watsonx.ai"),
            Map.entry("ollama", "ollama"),
            Map.entry("vllm", "vllm"),
            Map.entry("llama_cpp", "llama_cpp"),
            Map.entry("lm_studio", "lm_studio"),
            Map.entry("together", "together"),
            Map.entry("together_ai", "together"),
            Map.entry("openrouter", "openrouter"),
            Map.entry("openai_compatible", "openai_compatible"),
            Map.entry("sim", "sim"));

    /**
     * Splits a model string at its first {@code /} when what comes before it is a known provider.
     *
     * @param modelString the model's name in DSPJ
     * @return the provider (or null) and the model
     */
    static GenAiNames of(String modelString) {
        int slash = modelString.indexOf('/');
        if (slash <= 0 || slash == modelString.length() - 1) {
            return new GenAiNames(null, modelString);
        }
        String prefix = modelString.substring(0, slash).toLowerCase(Locale.ROOT);
        String provider = PROVIDERS.get(prefix);
        if (provider == null) {
            return new GenAiNames(null, modelString);
        }
        return new GenAiNames(provider, modelString.substring(slash + 1));
    }
}
