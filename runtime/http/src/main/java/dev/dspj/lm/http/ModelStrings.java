package dev.dspj.lm.http;

import dev.dspj.lm.cache.ResponseCache;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads DSPy-style model strings ({@code provider/model}) into configured client builders. */
final class ModelStrings {

    private ModelStrings() {}

    static HttpLanguageModel.Builder builder(String spec, Function<String, String> environment) {
        Objects.requireNonNull(spec, "model string");
        int slash = spec.indexOf('/');
        if (slash <= 0 || slash == spec.length() - 1) {
            throw new IllegalArgumentException("model string \"" + spec + "\" must be provider/model, for example "
                    + "openai/gpt-4o-mini; providers: " + providers());
        }
        String prefix = spec.substring(0, slash);
        String model = spec.substring(slash + 1).strip();
        Provider provider = Provider.byPrefix(prefix)
                .orElseThrow(() -> new IllegalArgumentException("model string \"" + spec
                        + "\" names an unknown provider \"" + prefix + "\"; known providers: " + providers()));
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
        builder.defaultCache(() -> ResponseCache.fromEnvironment(environment));
        return builder;
    }

    static String providers() {
        return Arrays.stream(Provider.values()).map(Provider::prefix).collect(Collectors.joining(", "));
    }
}
